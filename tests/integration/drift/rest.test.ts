// The drift, ignore-rule, webhook and alert-history endpoints through the real REST route handler: paths, status
// codes, roles, and the webhook secret never coming back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, startTestApp, type TestApp } from "../../support/app";

type Json = Record<string, unknown>;
const SECRET = "hook-secret-never-returned-9931";

let app: TestApp;
let admin: string;
let viewer: string;
let fabricId: string;

async function tokenFor(username: string, password: string): Promise<string> {
  const res = await app.rest("POST", "/auth/tokens", { body: { username, password, name: "test" } });
  expect(res.status, res.text).toBe(201);
  return (res.json as { token: string }).token;
}

beforeAll(async () => {
  app = await startTestApp();
  admin = await tokenFor("admin", ADMIN_PASSWORD);
  const created = await app.rest("POST", "/users", { token: admin, body: { username: "vera", password: "vera-password-123", role: "viewer" } });
  expect(created.status, created.text).toBe(201);
  viewer = await tokenFor("vera", "vera-password-123");
  const fabric = await app.rest("POST", "/fabrics", { token: admin, body: { name: "fab-rest-drift" } });
  expect(fabric.status, fabric.text).toBe(201);
  fabricId = (fabric.json as { id: string }).id;
});

afterAll(async () => {
  await app?.close();
});

describe("drift endpoints", () => {
  it("GET /fabrics/{id}/drift answers the API.md shape; 404 for an unknown fabric", async () => {
    const res = await app.rest("GET", `/fabrics/${fabricId}/drift?limit=10`, { token: viewer });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ items: [], nextCursor: null, counts: { drifted: 0, orphaned: 0, missing: 0 }, selfHeal: false, applyMode: "gitops" });
    expect((await app.rest("GET", "/fabrics/nope/drift", { token: viewer })).status).toBe(404);
    const trend = await app.rest("GET", `/fabrics/${fabricId}/drift/trend?unit=day&points=7`, { token: viewer });
    expect(trend.status, trend.text).toBe(200);
    expect((trend.json as { points: unknown[] }).points).toHaveLength(7);
  });

  it("ignore rules: operator-only writes, 422 for a bad pointer, 201 then 200 on delete", async () => {
    expect((await app.rest("POST", "/ignore-rules", { token: viewer, body: { path: "/spec/x" } })).status).toBe(403);
    const bad = await app.rest("POST", "/ignore-rules", { token: admin, body: { path: "spec/x" } });
    expect(bad.status).toBe(422);
    const unknownKind = await app.rest("POST", "/ignore-rules", { token: admin, body: { path: "/spec/x", kind: "Nope" } });
    expect(unknownKind.status).toBe(422);
    const ok = await app.rest("POST", "/ignore-rules", { token: admin, body: { fabricId, kind: "vpc", path: "/spec/subnets/*/dhcp", reason: "DHCP managed elsewhere" } });
    expect(ok.status, ok.text).toBe(201);
    expect(ok.json).toMatchObject({ kind: "VPC", path: "/spec/subnets/*/dhcp", fabricId, createdBy: "admin" });
    expect((await app.rest("POST", "/ignore-rules", { token: admin, body: { fabricId, kind: "VPC", path: "/spec/subnets/*/dhcp" } })).status).toBe(409);
    const list = await app.rest("GET", `/ignore-rules?fabricId=${fabricId}`, { token: viewer });
    expect((list.json as { items: Json[] }).items).toHaveLength(1);
    const del = await app.rest("DELETE", `/ignore-rules/${(ok.json as Json).id as string}`, { token: admin });
    expect(del.status, del.text).toBe(200);
  });

  it("self-heal is refused while the fabric has it off", async () => {
    const res = await app.rest("POST", `/fabrics/${fabricId}/self-heal`, { token: admin, body: {} });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ status: "disabled", applied: 0 });
  });
});

describe("webhooks", () => {
  it("admin only; the secret is write-only", async () => {
    expect((await app.rest("GET", "/webhooks", { token: viewer })).status).toBe(403);
    const created = await app.rest("POST", "/webhooks", { token: admin, body: { url: "http://127.0.0.1:9/hook", secret: SECRET, fabricId: null } });
    expect(created.status, created.text).toBe(201);
    expect(created.text).not.toContain(SECRET);
    expect(created.json).toMatchObject({ secretSet: true, enabled: true, suppressWindowSeconds: 3600, minSeverity: "info" });
    const id = (created.json as { id: string }).id;
    const patched = await app.rest("PATCH", `/webhooks/${id}`, { token: admin, body: { secret: null, suppressWindowSeconds: 60 } });
    expect(patched.json).toMatchObject({ secretSet: false, suppressWindowSeconds: 60 });
    const list = await app.rest("GET", "/webhooks", { token: admin });
    expect(list.text).not.toContain(SECRET);
    const audit = await app.rest("GET", "/audit-log", { token: admin });
    expect(audit.text).not.toContain(SECRET);
    expect((await app.rest("DELETE", `/webhooks/${id}`, { token: admin })).status).toBe(200);
  });
});

describe("alert history", () => {
  it("GET /alerts/{id} returns the alert with its events", async () => {
    const { getDb } = await import("@/server/db");
    const { raiseAlert } = await import("@/server/services/alerts");
    const db = await getDb();
    const a = await raiseAlert(db, { fabricId, type: "sync-failed", fingerprint: `sync-failed:${fabricId}`, severity: "warning", title: "Git sync failed", message: "x" });
    const ack = await app.rest("POST", `/alerts/${a.id}/acknowledge`, { token: admin, body: { comment: "looking" } });
    expect(ack.status, ack.text).toBe(200);
    const res = await app.rest("GET", `/alerts/${a.id}`, { token: viewer });
    expect(res.status, res.text).toBe(200);
    const body = res.json as { events: Array<{ action: string; comment: string | null }> };
    expect(body.events.map((e) => [e.action, e.comment])).toEqual([
      ["opened", null],
      ["acknowledged", "looking"],
    ]);
    expect((await app.rest("GET", "/alerts/nope", { token: viewer })).status).toBe(404);
  });
});
