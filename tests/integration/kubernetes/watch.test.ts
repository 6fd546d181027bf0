// Live watch: events stored, resume by resourceVersion after the server ends a watch, full re-list on 410 Gone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveWatchStatus, settleLiveWatch, startLiveWatch, stopLiveWatch } from "@/server/services/kubernetes";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { startKubeApiServer, type KubeApiServer } from "@/tests/support/kube-apiserver";
import { createFabric, testSettings, vpc, waitFor } from "./support";

let db: TestDatabase;
let srv: KubeApiServer;
let fabricId: string;
const VPC_PATH = "/apis/vpc.githedgehog.com/v1beta1/namespaces/default/vpcs";

beforeAll(async () => {
  testSettings();
  db = await createTestDatabase();
  srv = await startKubeApiServer({ objects: [vpc("vpc-a", 1)] });
  fabricId = await createFabric(db.prisma, srv);
  await startLiveWatch(db.prisma, fabricId, { flushMs: 20 });
});

afterAll(async () => {
  await stopLiveWatch(fabricId);
  await srv?.close();
  await db?.close();
});

const row = (name: string) => db.prisma.hedgehogResource.findFirst({ where: { fabricId, name } });

describe("live watch", () => {
  it("stores ADDED, MODIFIED and DELETED events", async () => {
    expect(await row("vpc-a")).not.toBeNull();
    await waitFor(async () => srv.openWatches > 0, "watches open");
    srv.store.put(vpc("vpc-b", 2));
    await waitFor(async () => (await settleLiveWatch(fabricId), row("vpc-b")), "vpc-b stored");
    srv.store.put(vpc("vpc-b", 2, 1999));
    await waitFor(async () => (await settleLiveWatch(fabricId), JSON.stringify((await row("vpc-b"))?.live).includes("1999")), "vpc-b updated");
    srv.store.delete("VPC", "vpc-a");
    await waitFor(async () => (await settleLiveWatch(fabricId), (await row("vpc-a")) === null), "vpc-a gone");
  });

  it("resumes from the last resourceVersion when the server ends the watch", async () => {
    const rv = liveWatchStatus(fabricId)!.resourceVersions.VPC!;
    srv.clearRequests();
    srv.closeWatches();
    await waitFor(async () => srv.requests.some((q) => q.path === VPC_PATH && q.query.watch === "true"), "VPC watch resumed");
    const resumed = srv.requests.find((q) => q.path === VPC_PATH && q.query.watch === "true")!;
    expect(resumed.query.resourceVersion).toBe(rv);
    // No re-list was needed.
    expect(srv.requests.filter((q) => q.path === VPC_PATH && q.verb === "list").length).toBe(0);
    srv.store.put(vpc("vpc-c", 3));
    await waitFor(async () => (await settleLiveWatch(fabricId), row("vpc-c")), "vpc-c stored after resume");
  });

  it("re-lists on 410 Gone (history compacted) and keeps the state right", async () => {
    const relists = liveWatchStatus(fabricId)!.relists;
    await waitFor(async () => srv.openWatches > 0, "watches open");
    // Stop watching, change the cluster, and forget the history: the resume gets 410 and HFM lists again.
    srv.closeWatches();
    srv.store.put(vpc("vpc-d", 4));
    srv.store.delete("VPC", "vpc-b");
    srv.store.compact();
    srv.clearRequests();
    await waitFor(async () => liveWatchStatus(fabricId)!.relists > relists, "re-list after 410");
    await waitFor(async () => srv.requests.some((q) => q.path === VPC_PATH && q.verb === "list"), "VPC listed again");
    await waitFor(async () => (await settleLiveWatch(fabricId), (await row("vpc-d")) !== null && (await row("vpc-b")) === null), "state after re-list");
  });
});
