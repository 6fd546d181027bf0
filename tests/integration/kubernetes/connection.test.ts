// test-connection against the test Kubernetes API server over HTTPS, with the real @kubernetes/client-node.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testFabricConnection, NOT_HEDGEHOG } from "@/server/services/kubernetes";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { startKubeApiServer, type KubeApiServer } from "@/tests/support/kube-apiserver";
import { closedPort, createFabric, testSettings } from "./support";

let db: TestDatabase;
let srv: KubeApiServer;

beforeAll(async () => {
  testSettings();
  db = await createTestDatabase();
  srv = await startKubeApiServer();
});

afterAll(async () => {
  await srv?.close();
  await db?.close();
});

describe("test-connection", () => {
  it("ok: version, Hedgehog discovery and every kind readable; the result is stored on the fabric", async () => {
    const id = await createFabric(db.prisma, srv);
    const r = await testFabricConnection(db.prisma, id);
    expect(r.ok, r.message).toBe(true);
    expect(r.message).toMatch(/^connected to 127\.0\.0\.1:\d+ \(Kubernetes v1\.33\.5\+k3s1, \d+ ms\)/);
    expect(r.details.serverVersion).toBe("v1.33.5+k3s1");
    expect(r.details.hedgehog).toBe(true);
    const kinds = r.details.kinds.map((k) => k.kind);
    expect(kinds).toEqual(expect.arrayContaining(["VPC", "VPCAttachment", "Switch", "Connection", "IPv4Namespace", "VLANNamespace"]));
    for (const k of r.details.kinds) expect(k, k.kind).toMatchObject({ list: true, get: true, watch: true, patch: true });
    const row = await db.prisma.fabric.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ connectionStatus: "ok", serverVersion: "v1.33.5+k3s1", credentialsExpired: false, simulated: false });
    expect(row.connectionLatencyMs).toBeGreaterThanOrEqual(0);
    expect(row.connectionCheckedAt).toBeInstanceOf(Date);
    // Every call carried HFM's user agent (the server names non-apply field managers after it) and the probe listed
    // each kind with limit 1.
    const lists = srv.requests.filter((q) => q.verb === "list" && q.path.includes("githedgehog.com"));
    expect(lists.length).toBe(r.details.kinds.length);
    expect(lists.every((q) => q.query.limit === "1")).toBe(true);
  });

  it("a fabric pointed at the simulated cluster (npm run dev:cluster) is labelled simulated", async () => {
    const sim = await startKubeApiServer({ version: { gitVersion: "v1.33.5+hfm-simulated" } });
    try {
      const id = await createFabric(db.prisma, sim);
      expect((await testFabricConnection(db.prisma, id)).ok).toBe(true);
      expect(await db.prisma.fabric.findUniqueOrThrow({ where: { id } })).toMatchObject({ simulated: true });
    } finally {
      await sim.close();
    }
  });

  it("bad token: 'token rejected or expired', credentials marked expired, the token never in the message", async () => {
    const token = "hfm-wrong-token-0123456789";
    const id = await createFabric(db.prisma, srv, { token });
    const r = await testFabricConnection(db.prisma, id);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/token rejected or expired/);
    expect(JSON.stringify(r)).not.toContain(token);
    expect(r.details.credentialsExpired).toBe(true);
    const row = await db.prisma.fabric.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ connectionStatus: "error", credentialsExpired: true });
    expect(row.connectionMessage).not.toContain(token);
    const alert = await db.prisma.alert.findFirst({ where: { fabricId: id, type: "credentials-expired", state: "open" } });
    expect(alert).not.toBeNull();
  });

  it("expired token (the server starts refusing it) is reported the same way", async () => {
    srv.setToken("short-lived-token-abcdef", {});
    const id = await createFabric(db.prisma, srv, { token: "short-lived-token-abcdef" });
    expect((await testFabricConnection(db.prisma, id)).ok).toBe(true);
    srv.faults.expireToken("short-lived-token-abcdef");
    const r = await testFabricConnection(db.prisma, id);
    expect(r.message).toMatch(/token rejected or expired/);
    expect((await db.prisma.fabric.findUniqueOrThrow({ where: { id } })).credentialsExpired).toBe(true);
  });

  it("untrusted CA (no CA given: system roots): 'certificate not trusted — set the fabric's CA certificate'", async () => {
    const id = await createFabric(db.prisma, srv, { caPem: null });
    const r = await testFabricConnection(db.prisma, id);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/^certificate not trusted — set the fabric's CA certificate/);
    expect(r.details.failure).toBe("tls");
  });

  it("TLS is verified even when NODE_TLS_REJECT_UNAUTHORIZED=0 is set in the environment", async () => {
    const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
    try {
      const id = await createFabric(db.prisma, srv, { caPem: null });
      const r = await testFabricConnection(db.prisma, id);
      expect(r.details.failure).toBe("tls");
    } finally {
      if (before === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = before;
    }
  });

  it("unreachable (closed port): 'cannot reach <host>:<port> (connection refused)'", async () => {
    const port = await closedPort();
    const id = await createFabric(db.prisma, srv, { server: `https://127.0.0.1:${port}` });
    const r = await testFabricConnection(db.prisma, id);
    expect(r.ok).toBe(false);
    expect(r.message).toContain(`cannot reach 127.0.0.1:${port} (connection refused)`);
    const row = await db.prisma.fabric.findUniqueOrThrow({ where: { id } });
    expect(row.connectionStatus).toBe("error");
  });

  it("timeout: 'cannot reach <host>:<port> (timed out)'", async () => {
    const { configureKubernetes, kubernetesSettings } = await import("@/server/services/kubernetes");
    const saved = kubernetesSettings().timeoutMs;
    configureKubernetes({ timeoutMs: 200 });
    srv.faults.delay(1_000, 4);
    try {
      const id = await createFabric(db.prisma, srv);
      const r = await testFabricConnection(db.prisma, id);
      expect(r.message).toMatch(/cannot reach 127\.0\.0\.1:\d+ \(timed out\)/);
    } finally {
      srv.faults.reset();
      configureKubernetes({ timeoutMs: saved });
    }
  });

  it("missing permission: 'permission missing: cannot list switches.wiring.githedgehog.com' and the per-kind table", async () => {
    srv.setToken("no-switch-list", { user: "hfm-reader", deny: [{ verbs: ["list"], apiGroups: ["wiring.githedgehog.com"], resources: ["switches"] }] });
    const id = await createFabric(db.prisma, srv, { token: "no-switch-list" });
    const r = await testFabricConnection(db.prisma, id);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/^permission missing: cannot list switches\.wiring\.githedgehog\.com/);
    const sw = r.details.kinds.find((k) => k.kind === "Switch");
    expect(sw).toMatchObject({ list: false, get: true, watch: true, patch: true });
    expect(r.details.kinds.find((k) => k.kind === "VPC")).toMatchObject({ list: true, get: true, watch: true, patch: true });
  });

  it("read-only token: fine for GitOps mode, a problem for direct mode", async () => {
    srv.setToken("read-only", { user: "hfm-ro", deny: [{ verbs: ["patch", "create", "update", "delete"], apiGroups: ["vpc.githedgehog.com", "wiring.githedgehog.com", "gateway.githedgehog.com"] }] });
    const gitops = await testFabricConnection(db.prisma, await createFabric(db.prisma, srv, { token: "read-only" }));
    expect(gitops.ok).toBe(true);
    expect(gitops.message).toMatch(/read-only access/);
    const direct = await testFabricConnection(db.prisma, await createFabric(db.prisma, srv, { token: "read-only", applyMode: "direct" }));
    expect(direct.ok).toBe(false);
    expect(direct.message).toMatch(/permission missing: cannot patch /);
  });

  it("not a Hedgehog cluster: the Hedgehog API groups are missing", async () => {
    const plain = await startKubeApiServer({ crdsDir: false });
    try {
      const id = await createFabric(db.prisma, plain);
      const r = await testFabricConnection(db.prisma, id);
      expect(r.ok).toBe(false);
      expect(r.message).toContain(NOT_HEDGEHOG);
      expect(r.details).toMatchObject({ hedgehog: false, serverVersion: "v1.33.5+k3s1" });
    } finally {
      await plain.close();
    }
  });

  it("no server configured: says what to set", async () => {
    const row = await db.prisma.fabric.create({ data: { name: "no-cluster", syncEnabled: false } });
    const r = await testFabricConnection(db.prisma, row.id);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/has no Kubernetes API server — set its server URL/);
  });
});
