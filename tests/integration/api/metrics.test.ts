import { afterAll, beforeAll, expect, it } from "vitest";
import { ADMIN_PASSWORD, startTestApp, type TestApp } from "../../support/app";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

it("serves Prometheus metrics that reflect the fabrics and their objects", async () => {
  const token = ((await app.rest("POST", "/auth/tokens", { body: { username: "admin", password: ADMIN_PASSWORD } })).json as { token: string }).token;
  const fabric = (await app.rest("POST", "/fabrics", { token, body: { name: "metrics-dc", syncEnabled: false } })).json as { id: string };
  const created = await app.rest("POST", `/fabrics/${fabric.id}/resources`, {
    token,
    body: { object: { apiVersion: "vpc.githedgehog.com/v1beta1", kind: "IPv4Namespace", metadata: { name: "default" }, spec: { subnets: ["10.20.0.0/16"] } } },
  });
  expect(created.status).toBe(201);
  const { GET } = await import("@/app/api/metrics/route");
  const res = await GET(new Request("http://127.0.0.1/api/metrics"));
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/text\/plain/);
  const text = await res.text();
  expect(text).toMatch(/^hfm_fabrics 1$/m);
  expect(text).toMatch(/^hfm_resources\{fabric="metrics-dc",state="draft"\} 1$/m);
  expect(text).toMatch(/^hfm_fabric_cluster_reachable\{fabric="metrics-dc"\} 0$/m);
  expect(text).toContain("hfm_process_");
});
