import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, startTestApp, type TestApp } from "../../support/app";

type Json = Record<string, unknown>;
const VPC_API = "vpc.githedgehog.com/v1beta1";
const WIRING_API = "wiring.githedgehog.com/v1beta1";

let app: TestApp;
let token: string;
let fabricId: string;

const ipv4ns = { apiVersion: VPC_API, kind: "IPv4Namespace", metadata: { name: "default" }, spec: { subnets: ["10.10.0.0/16"] } };
const vlanns = { apiVersion: WIRING_API, kind: "VLANNamespace", metadata: { name: "default" }, spec: { ranges: [{ from: 1000, to: 2999 }] } };
const vpc = (name: string, vlan: number, third: number) => ({
  apiVersion: VPC_API,
  kind: "VPC",
  metadata: { name },
  spec: { subnets: { "subnet-1": { subnet: `10.10.${third}.0/24`, vlan } } },
});

beforeAll(async () => {
  app = await startTestApp();
  const t = await app.rest("POST", "/auth/tokens", { body: { username: "admin", password: ADMIN_PASSWORD } });
  token = (t.json as { token: string }).token;
  const f = await app.rest("POST", "/fabrics", { token, body: { name: "lab", syncEnabled: false } });
  fabricId = (f.json as { id: string }).id;
});

afterAll(async () => {
  await app?.close();
});

const post = (body: unknown) => app.rest("POST", `/fabrics/${fabricId}/resources`, { token, body });

describe("desired-state editing", () => {
  it("creates objects validated against the fabric's whole set; new objects are drafts in the pending change set", async () => {
    for (const obj of [ipv4ns, vlanns]) {
      // VLANNamespace is a wiring kind: observed by default, so not editable until the fabric allows it.
      const res = await post({ object: obj });
      if (obj.kind === "VLANNamespace") {
        expect(res.status).toBe(403);
        expect((res.json as Json).message).toMatch(/observes VLANNamespace/);
        const allow = await app.rest("PATCH", `/fabrics/${fabricId}`, { token, body: { allowObservedEdits: true } });
        expect(allow.status).toBe(200);
        const again = await post({ object: obj });
        expect(again.status, again.text).toBe(201);
      } else {
        expect(res.status, res.text).toBe(201);
      }
    }
    const created = await post({ object: vpc("vpc-1", 1001, 1) });
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({ kind: "VPC", name: "vpc-1", namespace: "default", state: "draft", version: 1, policy: "managed", readOnly: false });
    const { getDb } = await import("@/server/db");
    const db = await getDb();
    const items = await db.changeSetItem.findMany({ where: { changeSet: { fabricId, status: "pending" } }, orderBy: { name: "asc" } });
    expect(items.map((i) => `${i.kind}/${i.name}/${i.action}`).sort()).toEqual(["IPv4Namespace/default/create", "VLANNamespace/default/create", "VPC/vpc-1/create"]);
  });

  it("answers 422 with the rule and the field path when a fabric rule fails, and stores nothing", async () => {
    const res = await post({ object: vpc("vpc-bad", 3500, 2) });
    expect(res.status).toBe(422);
    const issues = ((res.json as Json).data as { issues: Array<{ path: string; rule: string }> }).issues;
    expect(issues).toContainEqual(expect.objectContaining({ path: "/spec/subnets/subnet-1/vlan", rule: "vpc.subnet.vlan-outside-vlanns" }));
    const get = await app.rest("GET", `/fabrics/${fabricId}/resources/vpc/vpc-bad`, { token });
    expect(get.status).toBe(404);
  });

  it("rejects an overlapping subnet across VPCs (a cross-object rule)", async () => {
    const res = await post({ object: vpc("vpc-dup", 1002, 1) });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.json)).toContain("vpc.subnet.overlap");
  });

  it("accepts YAML with Content-Type application/yaml", async () => {
    const yaml = `apiVersion: ${VPC_API}\nkind: VPC\nmetadata:\n  name: vpc-2\nspec:\n  subnets:\n    web:\n      subnet: 10.10.2.0/24\n      vlan: 1002\n`;
    const res = await fetchYaml("POST", `/fabrics/${fabricId}/resources`, yaml);
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ name: "vpc-2", state: "draft" });
    const bad = await fetchYaml("POST", `/fabrics/${fabricId}/resources`, "apiVersion: [unclosed\n");
    expect(bad.status).toBe(422);
    expect((bad.json as Json).message).toMatch(/cannot be parsed/);
  });

  it("refuses a stale version with 409 and accepts the current one", async () => {
    const current = await app.rest("GET", `/fabrics/${fabricId}/resources/VPC/vpc-1`, { token });
    expect(current.status).toBe(200);
    const version = (current.json as { version: number }).version;
    const changed = vpc("vpc-1", 1003, 1);
    const ok = await app.rest("PUT", `/fabrics/${fabricId}/resources/VPC/vpc-1`, { token, body: { object: changed, version } });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json).toMatchObject({ version: version + 1 });
    expect(((ok.json as { desired: { spec: { subnets: Record<string, { vlan: number }> } } }).desired.spec.subnets["subnet-1"]!).vlan).toBe(1003);
    const stale = await app.rest("PUT", `/fabrics/${fabricId}/resources/vpcs/vpc-1`, { token, body: { object: vpc("vpc-1", 1004, 1), version } });
    expect(stale.status).toBe(409);
    expect((stale.json as Json).message).toMatch(/changed since you read it/);
  });

  it("answers 409 for a duplicate object", async () => {
    const res = await post({ object: vpc("vpc-1", 1005, 5) });
    expect(res.status).toBe(409);
  });

  it("lists with server-side paging, kind, state and name/label filters", async () => {
    for (let i = 0; i < 60; i++) {
      const r = await post({ object: { ...vpc(`bulk-${String(i).padStart(2, "0")}`, 1100 + i, 100 + i), metadata: { name: `bulk-${String(i).padStart(2, "0")}`, labels: { team: i % 2 ? "odd" : "even" } } } });
      expect(r.status, r.text).toBe(201);
    }
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/fabrics/${fabricId}/resources?kind=vpc&limit=25${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await app.rest("GET", q, { token });
      expect(page.status).toBe(200);
      const body = page.json as { items: Array<{ name: string; kind: string }>; nextCursor: string | null };
      expect(body.items.every((i) => i.kind === "VPC")).toBe(true);
      names.push(...body.items.map((i) => i.name));
      cursor = body.nextCursor;
    } while (cursor);
    expect(names).toHaveLength(62);
    expect(names).toEqual([...names].sort());
    const odd = await app.rest("GET", `/fabrics/${fabricId}/resources?q=team%3Dodd&limit=1000`, { token });
    expect((odd.json as { items: unknown[] }).items).toHaveLength(30);
    const byName = await app.rest("GET", `/fabrics/${fabricId}/resources?q=bulk-5&limit=1000`, { token });
    expect((byName.json as { items: unknown[] }).items).toHaveLength(10);
    const drafts = await app.rest("GET", `/fabrics/${fabricId}/resources?state=draft&limit=1`, { token });
    expect((drafts.json as { nextCursor: string | null }).nextCursor).not.toBeNull();
  });

  it("finds objects by the system labels the fabric computes", async () => {
    const res = await app.rest("GET", `/fabrics/${fabricId}/resources?kind=VPC&q=${encodeURIComponent("fabric.githedgehog.com/ipv4ns=default")}&limit=1000`, { token });
    expect(res.status).toBe(200);
    const names = (res.json as { items: Array<{ name: string }> }).items.map((i) => i.name);
    expect(names).toContain("vpc-1");
    expect(names).toHaveLength(62);
  });

  it("keeps a history of state transitions", async () => {
    const res = await app.rest("GET", `/fabrics/${fabricId}/resources/VPC/vpc-1/history`, { token });
    expect(res.status).toBe(200);
    const history = res.json as Array<{ fromState: string | null; toState: string; actor: string }>;
    expect(history.at(-1)).toMatchObject({ fromState: null, toState: "draft", actor: "admin" });
  });

  it("deletes a draft-only object entirely", async () => {
    const res = await app.rest("DELETE", `/fabrics/${fabricId}/resources/VPC/vpc-2`, { token });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ deleted: "removed" });
    expect((await app.rest("GET", `/fabrics/${fabricId}/resources/VPC/vpc-2`, { token })).status).toBe(404);
  });

  it("lets a viewer read but not write", async () => {
    await app.rest("POST", "/users", { token, body: { username: "val", password: "viewer-pass-2", role: "viewer" } });
    const vt = ((await app.rest("POST", "/auth/tokens", { body: { username: "val", password: "viewer-pass-2" } })).json as { token: string }).token;
    expect((await app.rest("GET", `/fabrics/${fabricId}/resources?limit=5`, { token: vt })).status).toBe(200);
    expect((await app.rest("POST", `/fabrics/${fabricId}/resources`, { token: vt, body: { object: vpc("x", 1500, 200) } })).status).toBe(403);
    expect((await app.rest("DELETE", `/fabrics/${fabricId}/resources/VPC/vpc-1`, { token: vt })).status).toBe(403);
  });
});

describe("POST /validate", () => {
  it("validates YAML text and reports findings with document, path and rule", async () => {
    const yaml = [
      `apiVersion: ${VPC_API}\nkind: VPC\nmetadata:\n  name: this-name-is-too-long\nspec:\n  subnets: {}\n`,
      `apiVersion: wiring.githedgehog.com/v1alpha2\nkind: Switch\nmetadata:\n  name: leaf-1\n`,
    ].join("---\n");
    const res = await fetchYaml("POST", "/validate", yaml);
    expect(res.status, res.text).toBe(200);
    const body = res.json as { valid: boolean; errors: Array<{ document: number; rule: string; path: string }> };
    expect(body.valid).toBe(false);
    expect(body.errors.some((e) => e.document === 0 && e.path === "/metadata/name")).toBe(true);
    expect(body.errors.some((e) => e.document === 1 && /unknown-kind|retired/.test(e.rule))).toBe(true);
    const ok = await app.rest("POST", "/validate", { token, body: { yaml: `apiVersion: ${VPC_API}\nkind: IPv4Namespace\nmetadata:\n  name: default\nspec:\n  subnets: [10.0.0.0/16]\n` } });
    expect(ok.json).toMatchObject({ valid: true, objects: 1, errors: [] });
    // Alone, a VPC refers to namespaces that do not exist; in the fabric's context they resolve.
    const vpcYaml = `apiVersion: ${VPC_API}\nkind: VPC\nmetadata:\n  name: ctx-vpc\nspec:\n  subnets:\n    a:\n      subnet: 10.10.250.0/24\n      vlan: 2500\n`;
    const alone = await app.rest("POST", "/validate", { token, body: { yaml: vpcYaml } });
    expect((alone.json as { valid: boolean }).valid).toBe(false);
    const inFabric = await app.rest("POST", "/validate", { token, body: { yaml: vpcYaml, fabricId } });
    expect(inFabric.json).toMatchObject({ valid: true, errors: [] });
    const clash = await app.rest("POST", "/validate", { token, body: { yaml: vpcYaml.replace("10.10.250.0/24", "10.10.1.0/24"), fabricId } });
    expect(JSON.stringify(clash.json)).toContain("vpc.subnet.overlap");
  });
});

async function fetchYaml(method: string, apiPath: string, yaml: string) {
  const route = await import("@/app/api/v1/[...path]/route");
  const req = new Request(`http://127.0.0.1:3000/api/v1${apiPath}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/yaml", "x-forwarded-for": "10.1.1.1" },
    body: yaml,
  });
  const res = await (method === "PUT" ? route.PUT : route.POST)(req);
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) as unknown };
}
