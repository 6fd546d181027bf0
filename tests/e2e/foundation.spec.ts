import { expect, test } from "@playwright/test";
import { ADMIN, login, shot, textbox } from "./helpers";

test.describe.configure({ mode: "serial" });

test("a wrong password is refused, the right one signs in", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  await shot(page, testInfo, "login");
  await login(page, ADMIN.username, "not-the-password", { expectFailure: true });
  await expect(page.getByRole("alert").filter({ hasText: "Wrong username or password" })).toBeVisible();
  await shot(page, testInfo, "login-error");
  await login(page, ADMIN.username, ADMIN.password);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByText("No fabrics yet")).toBeVisible();
  await shot(page, testInfo, "dashboard-empty");
});

test("an admin adds a repository and a fabric and sees them listed", async ({ page }, testInfo) => {
  await login(page, ADMIN.username, ADMIN.password);
  await page.getByRole("link", { name: "Git repositories" }).first().click();
  await expect(page.getByText("No Git repositories yet")).toBeVisible();
  await shot(page, testInfo, "repositories-empty");
  await page.getByRole("link", { name: /New repository/ }).first().click();
  await textbox(page, "Name").fill("fabric-config");
  await page.getByRole("textbox", { name: "URL", exact: true }).fill("https://127.0.0.1:9/net/fabric-config.git");
  await page.getByLabel("Authentication").selectOption("token");
  await page.getByRole("textbox", { name: "Token", exact: true }).fill("ghp_e2e-secret-token");
  await shot(page, testInfo, "repository-new");
  await page.getByRole("button", { name: "Add repository" }).click();
  await expect(page).toHaveURL(/\/repositories$/);
  await expect(page.getByRole("link", { name: "fabric-config" })).toBeVisible();
  await shot(page, testInfo, "repositories");
  await page.getByRole("link", { name: "fabric-config" }).click();
  await expect(page.getByText("A token is set")).toBeVisible();
  await expect(page.locator("body")).not.toContainText("ghp_e2e-secret-token");
  await shot(page, testInfo, "repository-detail");

  await page.goto("/fabrics/new");
  // Server-side validation errors appear next to their fields.
  await textbox(page, "Name").fill("DC One");
  await textbox(page, "API server URL").fill("http://127.0.0.1:9");
  await page.getByRole("button", { name: "Create fabric" }).click();
  await expect(page.getByText("Lowercase letters, digits and '-', starting and ending")).toBeVisible();
  await expect(page.getByText("must be reached over https://")).toBeVisible();
  await shot(page, testInfo, "fabric-new-errors");
  await textbox(page, "Name").fill("dc1");
  await textbox(page, "API server URL").fill("https://127.0.0.1:9");
  await textbox(page, "Bearer token").fill("k8s-e2e-secret-token");
  await page.getByLabel("Repository").selectOption({ label: "fabric-config — https://127.0.0.1:9/net/fabric-config.git" });
  await textbox(page, "Directory").fill("fabrics/dc1");
  await page.getByRole("button", { name: "Create fabric" }).click();
  await expect(page.getByRole("heading", { name: "dc1" })).toBeVisible();
  await expect(page.getByText("Never tested")).toBeVisible();
  await expect(page.locator("body")).not.toContainText("k8s-e2e-secret-token");
  await shot(page, testInfo, "fabric-detail");
  await page.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByText("A token is set. Leave empty to keep it.")).toBeVisible();
  await shot(page, testInfo, "fabric-edit");

  await page.goto("/fabrics");
  await expect(page.getByRole("link", { name: "dc1" })).toBeVisible();
  await shot(page, testInfo, "fabrics");
  await page.goto("/");
  await expect(page.getByRole("link", { name: "dc1" })).toBeVisible();
  await shot(page, testInfo, "dashboard");
});

test("a viewer sees no create button and the API answers 403", async ({ page, request }, testInfo) => {
  const tokenRes = await request.post("/api/v1/auth/tokens", { data: { ...ADMIN, name: "e2e" } });
  expect(tokenRes.status()).toBe(201);
  const { token } = (await tokenRes.json()) as { token: string };
  const created = await request.post("/api/v1/users", {
    headers: { authorization: `Bearer ${token}` },
    data: { username: "viewer1", password: "viewer-password", role: "viewer" },
  });
  expect(created.status()).toBe(201);

  await login(page, "viewer1", "viewer-password");
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await page.goto("/fabrics");
  await expect(page.getByRole("link", { name: "dc1" })).toBeVisible();
  await expect(page.getByRole("link", { name: /New fabric/ })).toHaveCount(0);
  await shot(page, testInfo, "fabrics-as-viewer");

  const viewerToken = await request.post("/api/v1/auth/tokens", { data: { username: "viewer1", password: "viewer-password" } });
  const vt = ((await viewerToken.json()) as { token: string }).token;
  const forbidden = await request.post("/api/v1/fabrics", { headers: { authorization: `Bearer ${vt}` }, data: { name: "nope" } });
  expect(forbidden.status()).toBe(403);
  expect(await forbidden.json()).toMatchObject({ code: "FORBIDDEN" });
  // The browser session of a viewer is refused the same way through tRPC.
  const viaSession = await page.request.post("/api/v1/fabrics", { data: { name: "nope2" } });
  expect(viaSession.status()).toBe(403);
});

test("every other page renders for the admin", async ({ page }, testInfo) => {
  await login(page, ADMIN.username, ADMIN.password);
  for (const [path, heading, name] of [
    ["/alerts", "Alerts", "alerts"],
    ["/settings", "Settings", "settings"],
    ["/settings/users", "Users", "users"],
    ["/api-docs", "API reference", "api-docs"],
    ["/settings/audit", "Audit log", "audit-log"],
    ["/settings/ignore-rules", "Ignore rules", "ignore-rules"],
    ["/settings/webhooks", "Webhooks", "webhooks"],
    ["/jobs", "Jobs", "jobs"],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: heading, exact: true })).toBeVisible();
    await shot(page, testInfo, name);
  }
  // The sections of a fabric, through its tabs.
  await page.goto("/fabrics");
  await page.getByRole("link", { name: "dc1" }).click();
  await expect(page.getByRole("heading", { name: "dc1", exact: true })).toBeVisible();
  for (const [tab, heading, name] of [
    ["Drift", "Drift", "fabric-drift"],
    ["Git", "dc1 · Git", "fabric-git"],
    ["Cluster", "Cluster", "fabric-cluster"],
    ["Sync history", "Sync history", "fabric-syncs"],
  ] as const) {
    await page.getByRole("navigation", { name: "Fabric sections" }).getByRole("link", { name: tab }).click();
    await expect(page.getByRole("heading", { name: heading, exact: true })).toBeVisible();
    await shot(page, testInfo, name);
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/fabrics");
  await expect(page.getByRole("link", { name: "dc1" })).toBeVisible();
  await shot(page, testInfo, "fabrics-mobile");
});
