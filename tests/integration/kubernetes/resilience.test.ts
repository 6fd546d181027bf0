// Retries (5xx, 429 with Retry-After, dropped connections; none on other 4xx) and the persisted circuit breaker.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { configureKubernetes, KubeError, readLiveState, testFabricConnection } from "@/server/services/kubernetes";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { startKubeApiServer, type KubeApiServer } from "@/tests/support/kube-apiserver";
import { createFabric, testSettings, vpc } from "./support";

let db: TestDatabase;
let srv: KubeApiServer;
let fabricId: string;
const VPC_PATH = "/apis/vpc.githedgehog.com/v1beta1/namespaces/default/vpcs";

beforeAll(async () => {
  testSettings();
  db = await createTestDatabase();
  srv = await startKubeApiServer({ objects: [vpc("vpc-1", 1), vpc("vpc-2", 2)] });
  fabricId = await createFabric(db.prisma, srv);
});

beforeEach(() => {
  srv.faults.reset();
  srv.clearRequests();
});

afterAll(async () => {
  await srv?.close();
  await db?.close();
});

const vpcRequests = () => srv.requests.filter((q) => q.path === VPC_PATH);

describe("retries", () => {
  it("503 twice, then ok: the read succeeds after two retries", async () => {
    srv.faults.failNext(2, 503, { match: { path: VPC_PATH } });
    const r = await readLiveState(db.prisma, fabricId);
    expect(r.kinds.VPC).toBe(2);
    expect(vpcRequests().map((q) => q.status)).toEqual([503, 503, 200]);
  });

  it("429 with Retry-After is retried", async () => {
    srv.faults.failNext(1, 429, { retryAfterSeconds: 1, match: { path: VPC_PATH } });
    await readLiveState(db.prisma, fabricId);
    expect(vpcRequests().map((q) => q.status)).toEqual([429, 200]);
  });

  it("a dropped connection is retried", async () => {
    srv.faults.dropNext(1, { match: { path: VPC_PATH } });
    await readLiveState(db.prisma, fabricId);
    expect(vpcRequests().map((q) => q.fault ?? q.status)).toEqual(["drop", 200]);
  });

  it("other 4xx are not retried (403 once, then the error)", async () => {
    srv.setToken("no-vpcs", { deny: [{ verbs: ["list"], resources: ["vpcs"] }] });
    const other = await createFabric(db.prisma, srv, { token: "no-vpcs" });
    const err = await readLiveState(db.prisma, other).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeError);
    expect((err as KubeError).message).toMatch(/permission missing: .*cannot list resource "vpcs"/);
    expect(vpcRequests().length).toBe(1);
  });

  it("a 401 marks the fabric's credentials expired", async () => {
    srv.setToken("soon-expired", {});
    const other = await createFabric(db.prisma, srv, { token: "soon-expired" });
    srv.faults.expireToken("soon-expired");
    const err = await readLiveState(db.prisma, other).catch((e: unknown) => e);
    expect((err as KubeError).reason).toBe("unauthorized");
    expect((await db.prisma.fabric.findUniqueOrThrow({ where: { id: other } })).credentialsExpired).toBe(true);
  });
});

describe("circuit breaker", () => {
  it("opens after 5 consecutive failed calls, refuses calls while open, probes after the cool-down and closes on success", async () => {
    configureKubernetes({ breakerCooldownMs: 300, breakerThreshold: 5 });
    const before = await db.prisma.hedgehogResource.findMany({ where: { fabricId }, orderBy: { id: "asc" } });
    srv.faults.failNext(1_000, 503);
    for (let i = 1; i <= 5; i++) {
      const err = await readLiveState(db.prisma, fabricId).catch((e: unknown) => e);
      expect((err as KubeError).reason).toBe("server");
      const row = await db.prisma.fabric.findUniqueOrThrow({ where: { id: fabricId } });
      expect(row.breakerFailures).toBe(i);
      expect(row.breakerState).toBe(i < 5 ? "closed" : "open");
    }
    const opened = await db.prisma.fabric.findUniqueOrThrow({ where: { id: fabricId } });
    expect(opened.breakerOpenedAt).toBeInstanceOf(Date);
    // Open: refused without a request to the cluster.
    srv.clearRequests();
    const refused = await readLiveState(db.prisma, fabricId).catch((e: unknown) => e);
    expect((refused as KubeError).reason).toBe("breaker-open");
    expect((refused as KubeError).message).toMatch(/circuit breaker open/);
    expect(srv.requests.length).toBe(0);
    // Nothing half-written by any of the failed reads.
    expect(await db.prisma.hedgehogResource.findMany({ where: { fabricId }, orderBy: { id: "asc" } })).toEqual(before);

    // After the cool-down, one probe goes through; a failing probe opens the breaker again.
    await new Promise((r) => setTimeout(r, 350));
    const failedProbe = await readLiveState(db.prisma, fabricId).catch((e: unknown) => e);
    expect((failedProbe as KubeError).reason).toBe("server");
    expect(srv.requests.length).toBe(1);
    expect((await db.prisma.fabric.findUniqueOrThrow({ where: { id: fabricId } })).breakerState).toBe("open");

    // The cluster recovers; after the cool-down the probe succeeds and the breaker closes.
    srv.faults.reset();
    await new Promise((r) => setTimeout(r, 350));
    const r = await readLiveState(db.prisma, fabricId);
    expect(r.kinds.VPC).toBe(2);
    const closed = await db.prisma.fabric.findUniqueOrThrow({ where: { id: fabricId } });
    expect(closed).toMatchObject({ breakerState: "closed", breakerFailures: 0, breakerOpenedAt: null });
  });

  it("an explicit test-connection passes an open breaker and closes it when the cluster answers", async () => {
    configureKubernetes({ breakerCooldownMs: 60_000 });
    await db.prisma.fabric.update({ where: { id: fabricId }, data: { breakerState: "open", breakerFailures: 5, breakerOpenedAt: new Date() } });
    const r = await testFabricConnection(db.prisma, fabricId);
    expect(r.ok, r.message).toBe(true);
    expect(r.details.breaker.state).toBe("closed");
    configureKubernetes({ breakerCooldownMs: 30_000 });
  });
});
