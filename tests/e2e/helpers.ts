import type { APIRequestContext, Page, TestInfo } from "@playwright/test";

export const ADMIN = { username: "admin", password: "e2e-admin-password" };

/** Full-page screenshot kept under test-results/screenshots (CI artifact) and attached to the report. */
export async function shot(page: Page, testInfo: TestInfo, name: string) {
  await page.waitForLoadState("networkidle");
  const file = `test-results/screenshots/${name}.png`;
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

export const textbox = (page: Page, name: string) => page.getByRole("textbox", { name, exact: true });

export async function login(page: Page, username: string, password: string, opts: { expectFailure?: boolean } = {}) {
  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  if (opts.expectFailure) await page.waitForURL(/\/login\?error=/);
  else await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

/** A bearer token for the REST API (`/api/v1`). */
export async function apiToken(request: APIRequestContext, user: { username: string; password: string } = ADMIN, name = "e2e"): Promise<string> {
  const res = await request.post("/api/v1/auth/tokens", { data: { ...user, name } });
  if (res.status() !== 201) throw new Error(`token request failed: ${res.status()} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}
