// Live state: paginated reads of every Hedgehog kind, deletions, the read-live sync step, all-or-nothing writes.
import * as k8s from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashObject, upsertVersions, recomputeStates } from "@/server/services/resources";
import { readLiveState, KubeError } from "@/server/services/kubernetes";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { startKubeApiServer, type KubeApiServer } from "@/tests/support/kube-apiserver";
import { createFabric, testSettings, vpc } from "./support";
import type { HhObject } from "@/lib/hedgehog/types";

let db: TestDatabase;
let srv: KubeApiServer;
let fabricId: string;
const N = 5_000;
const VPC_PATH = "/apis/vpc.githedgehog.com/v1beta1/namespaces/default/vpcs";

beforeAll(async () => {
  testSettings();
  db = await createTestDatabase();
  const objects: object[] = Array.from({ length: N }, (_, i) => vpc(`vpc-${String(i).padStart(5, "0")}`, i % 250, 1000 + (i % 2000)));
  objects.push({ apiVersion: "vpc.githedgehog.com/v1beta1", kind: "IPv4Namespace", metadata: { name: "default", namespace: "default" }, spec: { subnets: ["10.20.0.0/16"] } });
  srv = await startKubeApiServer({ objects });
  fabricId = await createFabric(db.prisma, srv);
});

afterAll(async () => {
  await srv?.close();
  await db?.close();
});

describe("live state", () => {
  it(`pages through ${N} VPCs (limit 500 + continue) and stores every object once`, async () => {
    srv.clearRequests();
    const r = await readLiveState(db.prisma, fabricId);
    expect(r.objects).toBe(N + 1);
    expect(r.kinds.VPC).toBe(N);
    expect(r.kinds.IPv4Namespace).toBe(1);
    expect(r.inserted).toBe(N + 1);
    const vpcLists = srv.requests.filter((q) => q.verb === "list" && q.path === VPC_PATH);
    expect(vpcLists.length).toBe(N / 500);
    expect(vpcLists.every((q) => q.query.limit === "500")).toBe(true);
    expect(vpcLists.slice(1).every((q) => typeof q.query.continue === "string")).toBe(true);
    expect(await db.prisma.hedgehogResource.count({ where: { fabricId, kind: "VPC" } })).toBe(N);
    // Live-only objects are orphaned (in the cluster, not in Git).
    expect(r.states.orphaned).toBe(N + 1);
    const one = await db.prisma.hedgehogResource.findFirstOrThrow({ where: { fabricId, kind: "VPC", name: "vpc-00007" } });
    const live = one.live as Record<string, unknown> & { metadata: Record<string, unknown> };
    // Canonical form: server metadata gone; the (empty) upstream status kept as the cluster reports it.
    expect(live.metadata.managedFields).toBeUndefined();
    expect(live.metadata.uid).toBeUndefined();
    expect(live.status).toEqual({});
    expect(one.liveResourceVersion).toMatch(/^\d+$/);
    expect(one.liveHash).toBe(hashObject(live as unknown as HhObject));
  });

  it("a second read with nothing changed writes nothing", async () => {
    const before = await db.prisma.stateTransition.count({ where: { fabricId } });
    const r = await readLiveState(db.prisma, fabricId);
    expect(r).toMatchObject({ inserted: 0, updated: 0, unchanged: N + 1, gone: 0 });
    expect(await db.prisma.stateTransition.count({ where: { fabricId } })).toBe(before);
  });

  it("detects objects deleted from the cluster; objects still in Git become missing after the grace period", async () => {
    // vpc-00001 is also in Git: give it a git version equal to the live one.
    const inGit = vpc("vpc-00001", 1, 1001) as unknown as HhObject;
    await upsertVersions(db.prisma, fabricId, "git", [
      { kind: "VPC", apiVersion: "vpc.githedgehog.com/v1beta1", namespace: "default", name: "vpc-00001", object: inGit, hash: hashObject(inGit), gitFilePath: "vpcs.yaml", gitDocumentIndex: 0, gitCommit: "c1" },
    ]);
    srv.store.delete("VPC", "vpc-00000");
    srv.store.delete("VPC", "vpc-00001");
    const r = await readLiveState(db.prisma, fabricId);
    expect(r.gone).toBe(2);
    expect(r.kinds.VPC).toBe(N - 2);
    // Live-only and gone: nothing left to know about it.
    expect(await db.prisma.hedgehogResource.count({ where: { fabricId, name: "vpc-00000" } })).toBe(0);
    const gitOnly = await db.prisma.hedgehogResource.findFirstOrThrow({ where: { fabricId, name: "vpc-00001" } });
    expect(gitOnly.live).toBeNull();
    expect(gitOnly.missingSince).toBeInstanceOf(Date);
    expect(gitOnly.state).toBe("committed");
    await recomputeStates(db.prisma, fabricId, { reason: "test", ids: [gitOnly.id], liveKnown: true, graceSeconds: 0 });
    expect((await db.prisma.hedgehogResource.findUniqueOrThrow({ where: { id: gitOnly.id } })).state).toBe("missing");
  });

  it("changed objects are updated; a returning object clears missingSince", async () => {
    srv.store.put(vpc("vpc-00001", 1, 1001));
    const changed = vpc("vpc-00002", 2, 1777);
    srv.store.put(changed);
    const r = await readLiveState(db.prisma, fabricId);
    // vpc-00001 comes back to its Git-only row, vpc-00002 changed: two live updates, no new rows.
    expect(r).toMatchObject({ updated: 2, inserted: 0, gone: 0 });
    const back = await db.prisma.hedgehogResource.findFirstOrThrow({ where: { fabricId, name: "vpc-00001" } });
    expect(back).toMatchObject({ missingSince: null, state: "synced" });
    const two = await db.prisma.hedgehogResource.findFirstOrThrow({ where: { fabricId, name: "vpc-00002" } });
    expect(JSON.stringify(two.live)).toContain("1777");
  });

  it("a status-only change (new resourceVersion, same object) is stored; objects at their stored resourceVersion are skipped", async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions(srv.kubeConfig());
    const api = kc.makeApiClient(k8s.CustomObjectsApi);
    const GW = { group: "gateway.githedgehog.com", version: "v1alpha1", plural: "vpcinfos", namespace: "default" };
    await api.createNamespacedCustomObject({ ...GW, body: { apiVersion: "gateway.githedgehog.com/v1alpha1", kind: "VPCInfo", metadata: { name: "info-1" }, spec: { vni: 100 } } });
    expect((await readLiveState(db.prisma, fabricId)).inserted).toBe(1);
    const before = await db.prisma.hedgehogResource.findFirstOrThrow({ where: { fabricId, kind: "VPCInfo", name: "info-1" } });
    const untouched = await db.prisma.hedgehogResource.findFirstOrThrow({ where: { fabricId, name: "vpc-00010" } });

    // The gateway's controller reports an internal ID: only status changes, and with it the resourceVersion.
    await api.patchNamespacedCustomObjectStatus(
      { ...GW, name: "info-1", body: { status: { internalID: "gw-7" } } },
      k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
    );
    const r = await readLiveState(db.prisma, fabricId);
    expect(r).toMatchObject({ inserted: 0, updated: 1, gone: 0, unchanged: r.objects - 1 });
    const after = await db.prisma.hedgehogResource.findUniqueOrThrow({ where: { id: before.id } });
    expect((after.live as { status?: unknown }).status).toEqual({ internalID: "gw-7" });
    expect(after.liveResourceVersion).not.toBe(before.liveResourceVersion);
    // Status is not part of the compared object: same hash, same state, no transition.
    expect(after.liveHash).toBe(before.liveHash);
    expect(after.state).toBe(before.state);
    expect((await db.prisma.hedgehogResource.findUniqueOrThrow({ where: { id: untouched.id } })).updatedAt).toEqual(untouched.updatedAt);

    await api.deleteNamespacedCustomObject({ ...GW, name: "info-1" });
    expect(await readLiveState(db.prisma, fabricId)).toMatchObject({ gone: 1, updated: 0, inserted: 0 });
    expect(await db.prisma.hedgehogResource.count({ where: { id: before.id } })).toBe(0);
  });

  it("records a read-live step with counts on the sync operation", async () => {
    const op = await db.prisma.syncOperation.create({ data: { fabricId, kind: "live", status: "running" } });
    await readLiveState(db.prisma, fabricId, { operationId: op.id });
    const step = await db.prisma.syncStep.findUniqueOrThrow({ where: { operationId_name: { operationId: op.id, name: "read-live" } } });
    expect(step.status).toBe("succeeded");
    expect(step.counts).toMatchObject({ objects: N, kinds: { VPC: N - 1 } });
  });

  it("a failure half-way (after retries) writes nothing and fails the step with the reason", async () => {
    const op = await db.prisma.syncOperation.create({ data: { fabricId, kind: "live", status: "running" } });
    srv.store.delete("VPC", "vpc-00003");
    const snapshot = await db.prisma.hedgehogResource.findMany({ where: { fabricId }, select: { id: true, liveHash: true, missingSince: true, state: true }, orderBy: { id: "asc" } });
    // The VPC list fails for good (more 503s than retries) after the first kinds were listed.
    srv.faults.failNext(50, 503, { match: { path: VPC_PATH } });
    try {
      const err = await readLiveState(db.prisma, fabricId, { operationId: op.id }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KubeError);
      expect((err as KubeError).message).toMatch(/answered 503/);
    } finally {
      srv.faults.reset();
      await db.prisma.fabric.update({ where: { id: fabricId }, data: { breakerState: "closed", breakerFailures: 0, breakerOpenedAt: null } });
    }
    const after = await db.prisma.hedgehogResource.findMany({ where: { fabricId }, select: { id: true, liveHash: true, missingSince: true, state: true }, orderBy: { id: "asc" } });
    expect(after).toEqual(snapshot);
    const step = await db.prisma.syncStep.findUniqueOrThrow({ where: { operationId_name: { operationId: op.id, name: "read-live" } } });
    expect(step.status).toBe("failed");
    expect(step.error).toMatch(/503/);
    // The next read sees the deletion.
    const r = await readLiveState(db.prisma, fabricId);
    expect(r.gone).toBe(1);
  });
});
