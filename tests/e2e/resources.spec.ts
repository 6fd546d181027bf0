import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, apiToken, login, shot, textbox } from "./helpers";

const SAMPLE = path.resolve(process.cwd(), "../shared/hedgehog/samples/demo-gitops-env1-pre-demo.vpcs.yaml");
const FABRIC = `e2e-res-${Date.now().toString(36)}`;

test.describe.configure({ mode: "serial" });

let fabricId = "";
let token = "";

test.beforeAll(async ({ request }) => {
  token = await apiToken(request, ADMIN, "e2e-resources");
  // Wiring edits allowed so that the VLANNamespace (a wiring kind) can be created in HFM; no sync schedule.
  const res = await request.post("/api/v1/fabrics", {
    headers: { authorization: `Bearer ${token}` },
    data: { name: FABRIC, allowObservedEdits: true, syncEnabled: false },
  });
  expect(res.status(), await res.text()).toBe(201);
  fabricId = ((await res.json()) as { id: string }).id;
});

const base = () => `/fabrics/${fabricId}`;

async function editorText(page: Page, text: string) {
  const content = page.locator(".cm-content");
  await content.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(text);
}

test("typed forms create the namespaces and a VPC; a broken rule shows at its field", async ({ page }, testInfo) => {
  await login(page, ADMIN.username, ADMIN.password);
  await page.goto(`${base()}/resources`);
  await expect(page.getByText("No objects in this fabric yet")).toBeVisible();
  await shot(page, testInfo, "resources-empty");

  await page.goto(`${base()}/resources/new?kind=IPv4Namespace`);
  await expect(page.getByRole("heading", { name: "New IPv4Namespace" })).toBeVisible();
  await textbox(page, "Name").fill("default");
  await textbox(page, "Subnet 1").fill("10.10.0.0/16");
  await shot(page, testInfo, "resource-new-ipv4namespace");
  await page.getByRole("button", { name: "Create IPv4Namespace" }).click();
  await expect(page).toHaveURL(/\/resources\/IPv4Namespace\/default$/);
  await expect(page.getByRole("heading", { name: "default" })).toBeVisible();

  await page.goto(`${base()}/resources/new?kind=VLANNamespace`);
  await textbox(page, "Name").fill("default");
  await textbox(page, "From (range 1)").fill("1000");
  await textbox(page, "To (range 1)").fill("2999");
  await page.getByRole("button", { name: "Create VLANNamespace" }).click();
  await expect(page).toHaveURL(/\/resources\/VLANNamespace\/default$/);

  await page.goto(`${base()}/resources/new?kind=VPC`);
  await textbox(page, "Name").fill("vpc-1");
  await textbox(page, "Subnet (CIDR)").fill("10.10.1.0/24");
  await textbox(page, "VLAN").fill("500");
  await page.getByRole("checkbox", { name: "DHCP server" }).click();
  await page.getByRole("button", { name: "Create VPC" }).click();
  // The fabric's rule (VLAN outside the VLANNamespace) is shown at the VLAN field of that subnet.
  const subnetRow = page.getByTestId("vpc-subnet-0");
  await expect(subnetRow.getByText(/VLAN 500 is outside VLANNamespace "default"/)).toBeVisible();
  await expect(textbox(page, "VLAN")).toHaveAttribute("aria-invalid", "true");
  await shot(page, testInfo, "resource-new-vpc-rule-error");

  await textbox(page, "VLAN").fill("1001");
  await page.getByRole("button", { name: "Create VPC" }).click();
  await expect(page).toHaveURL(/\/resources\/VPC\/vpc-1$/);
  await expect(page.getByRole("heading", { name: "vpc-1" })).toBeVisible();
  await expect(page.getByText("vlan: 1001")).toBeVisible();
  await shot(page, testInfo, "resource-detail-vpc");
});

test("the list filters by kind and state, the detail shows versions and history", async ({ page }, testInfo) => {
  await login(page, ADMIN.username, ADMIN.password);
  await page.goto(base());
  await expect(page.getByRole("heading", { name: "Resources" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Objects by state" })).toContainText("Draft · 3");
  await shot(page, testInfo, "fabric-detail-resources-card");

  await page.getByRole("link", { name: "Browse resources" }).click();
  await expect(page.getByRole("link", { name: "vpc-1" })).toBeVisible();
  await expect(page.getByRole("link", { name: "default" })).toHaveCount(2);
  await shot(page, testInfo, "resources-all");

  await page.getByRole("navigation", { name: "Kinds" }).getByRole("link", { name: /^VPC/ }).click();
  await expect(page).toHaveURL(/kind=VPC/);
  await expect(page.getByRole("link", { name: "default" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "vpc-1" })).toBeVisible();
  await page.getByLabel("State").selectOption("synced");
  await expect(page).toHaveURL(/state=synced/);
  await expect(page.getByText(/No VPC in state synced/)).toBeVisible();
  await shot(page, testInfo, "resources-filter-empty");
  await page.getByLabel("State").selectOption("draft");
  await expect(page.getByRole("link", { name: "vpc-1" })).toBeVisible();
  await page.getByLabel("Search by name or label").fill("vpc");
  await expect(page).toHaveURL(/q=vpc/);
  await shot(page, testInfo, "resources-vpc-drafts");

  await page.getByRole("link", { name: "vpc-1" }).click();
  await expect(page.getByRole("heading", { name: "vpc-1" })).toBeVisible();
  await expect(page.getByText("created by admin")).toBeVisible();
  await page.getByRole("tab", { name: "Side by side" }).click();
  await expect(page.getByText("Not in Git.")).toBeVisible();
  await shot(page, testInfo, "resource-detail-compare");
});

test("editing as YAML shows findings on their lines and saves", async ({ page }, testInfo) => {
  await login(page, ADMIN.username, ADMIN.password);
  await page.goto(`${base()}/resources/VPC/vpc-1/edit`);
  await expect(textbox(page, "VLAN")).toHaveValue("1001");
  await shot(page, testInfo, "resource-edit-form");
  await page.getByRole("button", { name: "Edit as YAML" }).click();
  await expect(page.locator(".cm-content")).toContainText("vlan: 1001");

  const broken = [
    "apiVersion: vpc.githedgehog.com/v1beta1",
    "kind: VPC",
    "metadata:",
    "  name: vpc-1",
    "  namespace: default",
    "spec:",
    "  subnets:",
    "    default:",
    "      subnet: 10.10.1.0/24",
    "      gateway: 10.99.0.1",
    "      vlan: 1002",
    "",
  ].join("\n");
  await editorText(page, broken);
  const findings = page.getByTestId("findings");
  await expect(findings).toContainText("vpc.subnet.gateway");
  await expect(page.locator(".cm-lintRange-error").first()).toBeVisible();
  await shot(page, testInfo, "resource-edit-yaml-findings");

  await editorText(page, broken.replace("      gateway: 10.99.0.1\n", ""));
  // Validated in the fabric's context: the namespaces it already has resolve, so nothing is reported.
  await expect(page.getByText("No errors", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page).toHaveURL(/\/resources\/VPC\/vpc-1$/);
  await expect(page.getByText("vlan: 1002")).toBeVisible();
});

test("a stale version answers 409 and offers a reload", async ({ page, request }, testInfo) => {
  await login(page, ADMIN.username, ADMIN.password);
  await page.goto(`${base()}/resources/VPC/vpc-1/edit`);
  await expect(textbox(page, "VLAN")).toHaveValue("1002");
  // Someone else saves the object meanwhile.
  const auth = { authorization: `Bearer ${token}` };
  const current = (await (await request.get(`/api/v1${base()}/resources/VPC/vpc-1`, { headers: auth })).json()) as { desired: Record<string, unknown> };
  const put = await request.put(`/api/v1${base()}/resources/VPC/vpc-1`, {
    headers: auth,
    data: { object: { ...current.desired, spec: { ...(current.desired.spec as object), defaultIsolated: true } } },
  });
  expect(put.status(), await put.text()).toBe(200);

  await textbox(page, "VLAN").fill("1003");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Changed since you opened it — reload")).toBeVisible();
  await shot(page, testInfo, "resource-edit-conflict");
  await page.getByRole("button", { name: /Reload/ }).click();
  await expect(page.getByRole("checkbox", { name: "Isolate subnets by default" })).toBeChecked();
});

test("bulk import validates first, then imports each object with a result", async ({ page }, testInfo) => {
  await login(page, ADMIN.username, ADMIN.password);
  await page.goto(`${base()}/import`);
  await expect(page.getByRole("heading", { name: "Import YAML" })).toBeVisible();
  await page.getByLabel("YAML files").setInputFiles(SAMPLE);
  await expect(page.getByText("demo-gitops-env1-pre-demo.vpcs.yaml")).toBeVisible();
  await shot(page, testInfo, "import-sources");
  await page.getByRole("button", { name: "Validate" }).click();

  const report = page.getByTestId("import-report");
  await expect(report.getByText("Missing references (2)")).toBeVisible();
  await expect(report).toContainText('Connection "server-1--mclag--s5248-01--s5248-02" does not exist');
  await expect(report).toContainText('Connection "server-4--unbundled--s5248-02" does not exist');
  // The namespaces the VPCs use exist in the fabric: not reported as missing.
  await expect(report).not.toContainText("IPv4Namespace");
  await shot(page, testInfo, "import-report");

  await page.getByRole("button", { name: "Import 4 objects" }).click();
  await expect(report.getByText(/2 saved, 2 failed/)).toBeVisible();
  await expect(report.getByText(/created \(v\d+\)/)).toHaveCount(2);
  await expect(report.getByText("failed", { exact: true })).toHaveCount(2);
  await expect(report).toContainText("vpcattach.connection.missing");
  await shot(page, testInfo, "import-result");

  await page.goto(`${base()}/resources?kind=VPC`);
  await expect(page.getByRole("link", { name: "demo-vpc-1" })).toBeVisible();
  await expect(page.getByRole("link", { name: "demo-vpc-2" })).toBeVisible();
});

test("new object without a kind offers a picker; YAML-only kinds open the editor", async ({ page }, testInfo) => {
  await login(page, ADMIN.username, ADMIN.password);
  await page.goto(`${base()}/resources/new`);
  await expect(page.getByRole("link", { name: /ExternalPeering/ })).toBeVisible();
  await shot(page, testInfo, "resource-new-picker");
  await page.goto(`${base()}/resources/new?kind=Connection`);
  await expect(page.locator(".cm-content")).toContainText("kind: Connection");
  await shot(page, testInfo, "resource-new-yaml");
});
