// The Kubernetes endpoints through the real REST route handler, and the breaker section of /api/health/ready.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, startTestApp, type TestApp } from "@/tests/support/app";
import { startKubeApiServer, type KubeApiServer } from "@/tests/support/kube-apiserver";

// No static import of server modules: the app reads its environment when they load (startTestApp sets it first).
const vpc = (name: string, third: number) => ({
  apiVersion: "vpc.githedgehog.com/v1beta1",
  kind: "VPC",
  metadata: { name, namespace: "default" },
  spec: { subnets: { default: { subnet: `10.20.${third}.0/24`, vlan: 1000 + third } } },
});

type Json = Record<string, unknown>;
let app: TestApp;
let srv: KubeApiServer;
let token: string;
let fabricId: string;

beforeAll(async () => {
  srv = await startKubeApiServer({ objects: Array.from({ length: 30 }, (_, i) => vpc(`vpc-${String(i).padStart(2, "0")}`, i)) });
  app = await startTestApp();
  const { configureKubernetes } = await import("@/server/services/kubernetes");
  configureKubernetes({ backoffBaseMs: 5, backoffMaxMs: 20, timeoutMs: 3_000 });
  const t = await app.rest("POST", "/auth/tokens", { body: { username: "admin", password: ADMIN_PASSWORD } });
  expect(t.status, t.text).toBe(201);
  token = (t.json as { token: string }).token;
  const f = await app.rest("POST", "/fabrics", {
    token,
    body: { name: "sim", syncEnabled: false, kubernetesServer: srv.url, kubernetesToken: srv.token, kubernetesCaCert: srv.caPem },
  });
  expect(f.status, f.text).toBe(201);
  fabricId = (f.json as { id: string }).id;
});

afterAll(async () => {
  await app?.close();
  await srv?.close();
});

describe("REST", () => {
  it("POST /fabrics/{id}/test-connection answers 200 with {ok, message, details}", async () => {
    const r = await app.rest("POST", `/fabrics/${fabricId}/test-connection`, { token, body: {} });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({ ok: true, details: { serverVersion: "v1.33.5+k3s1", hedgehog: true } });
    expect(r.text).not.toContain(srv.token);
    const fabric = await app.rest("GET", `/fabrics/${fabricId}`, { token });
    expect(fabric.json).toMatchObject({ connectionStatus: "ok", serverVersion: "v1.33.5+k3s1" });
  });

  it("an unreachable cluster is still a 200 with ok=false", async () => {
    const f = await app.rest("POST", "/fabrics", { token, body: { name: "down", syncEnabled: false, kubernetesServer: "https://127.0.0.1:1", kubernetesToken: "whatever-token" } });
    const r = await app.rest("POST", `/fabrics/${(f.json as Json).id as string}/test-connection`, { token, body: {} });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ ok: false, message: expect.stringContaining("cannot reach 127.0.0.1:1 (connection refused)") });
  });

  it("GET /fabrics/{id}/live pages the live objects server-side, with state and an honest status note", async () => {
    const { getDb } = await import("@/server/db");
    const { readLiveState } = await import("@/server/services/kubernetes");
    await readLiveState(await getDb(), fabricId);
    const first = await app.rest("GET", `/fabrics/${fabricId}/live?kind=vpc&limit=20`, { token });
    expect(first.status, first.text).toBe(200);
    const page = first.json as { items: Json[]; nextCursor: string | null };
    expect(page.items.length).toBe(20);
    expect(page.items[0]).toMatchObject({ kind: "VPC", name: "vpc-00", state: "orphaned", inCluster: true, status: {} });
    expect(page.items[0]!.statusNote).toMatch(/upstream VPC status is empty/);
    const second = await app.rest("GET", `/fabrics/${fabricId}/live?kind=vpc&limit=20&cursor=${page.nextCursor!}`, { token });
    const rest = second.json as { items: Json[]; nextCursor: string | null };
    expect(rest.items.length).toBe(10);
    expect(rest.nextCursor).toBeNull();
    const summary = await app.rest("GET", `/fabrics/${fabricId}/cluster`, { token });
    expect(summary.json).toMatchObject({ liveCounts: { VPC: 30 }, breaker: { state: "closed" } });
  });

  it("apply endpoints answer 409 for GitOps-mode fabrics", async () => {
    const r = await app.rest("POST", `/fabrics/${fabricId}/apply/preview`, { token, body: {} });
    expect(r.status).toBe(409);
    expect((r.json as Json).message).toMatch(/GitOps mode/);
  });

  it("/api/health/ready lists fabrics with an open breaker and stays ready", async () => {
    const { getDb } = await import("@/server/db");
    const db = await getDb();
    await db.fabric.update({ where: { id: fabricId }, data: { breakerState: "open", breakerFailures: 5, breakerOpenedAt: new Date() } });
    const { GET } = await import("@/app/api/health/ready/route");
    const res = await GET();
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; kubernetes: { openBreakers: Json[] } };
    expect(body.status).toBe("ready");
    expect(body.kubernetes.openBreakers).toEqual([expect.objectContaining({ id: fabricId, name: "sim", state: "open", failures: 5 })]);
    await db.fabric.update({ where: { id: fabricId }, data: { breakerState: "closed", breakerFailures: 0, breakerOpenedAt: null } });
  });
});
