// Direct apply: dry-run preview of the pending change set, server-side apply with HFM's field manager, conflicts
// with the owning manager, 422 causes, deletions, and the live re-read afterwards.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/server/services/audit";
import { applyChangeSet, FIELD_MANAGER, previewApply, readLiveState } from "@/server/services/kubernetes";
import { DomainError } from "@/server/services/errors";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { startKubeApiServer, type KubeApiServer } from "@/tests/support/kube-apiserver";
import { createFabric, testSettings, vpc } from "./support";

let db: TestDatabase;
let srv: KubeApiServer;
let fabricId: string;
let changeSetId: string;

const actor = { ...SYSTEM_ACTOR, username: "operator-1", type: "user" as const };

beforeAll(async () => {
  testSettings();
  db = await createTestDatabase();
  srv = await startKubeApiServer({ objects: [vpc("owned", 1, 1001), vpc("doomed", 2, 1002)] });
  fabricId = await createFabric(db.prisma, srv, { applyMode: "direct" });
  await readLiveState(db.prisma, fabricId);
  const set = await db.prisma.changeSet.create({
    data: {
      fabricId,
      status: "pending",
      createdBy: "operator-1",
      items: {
        create: [
          { kind: "VPC", namespace: "default", name: "fresh", action: "create", after: vpc("fresh", 3, 1003) },
          // "owned" was written by another manager (hfm-test-seed) with vlan 1001: changing it conflicts.
          { kind: "VPC", namespace: "default", name: "owned", action: "update", after: vpc("owned", 1, 1500) },
          { kind: "VPC", namespace: "default", name: "broken", action: "create", after: { ...vpc("broken", 4), spec: { subnets: { default: { subnet: "10.20.4.0/24", vlan: "not-a-number" } } } } },
          { kind: "VPC", namespace: "default", name: "doomed", action: "delete", before: vpc("doomed", 2, 1002) },
        ],
      },
    },
  });
  changeSetId = set.id;
});

afterAll(async () => {
  await srv?.close();
  await db?.close();
});

describe("direct apply", () => {
  it("refuses GitOps-mode fabrics with 409", async () => {
    const gitops = await createFabric(db.prisma, srv);
    const err = await previewApply(db.prisma, gitops).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe("CONFLICT");
    expect((err as DomainError).message).toMatch(/GitOps mode/);
  });

  it("preview (dryRun=All) reports every object — created, conflict with the owning manager, 422 causes, deleted — and changes nothing", async () => {
    const rv = srv.store.resourceVersion;
    srv.clearRequests();
    const r = await previewApply(db.prisma, fabricId);
    expect(r.dryRun).toBe(true);
    const by = Object.fromEntries(r.items.map((i) => [i.name, i]));
    expect(by.fresh).toMatchObject({ ok: true, outcome: "created", message: "would be created" });
    expect(by.doomed).toMatchObject({ ok: true, outcome: "deleted" });
    expect(by.owned).toMatchObject({ ok: false, outcome: "conflict" });
    expect(by.owned!.conflicts![0]).toMatchObject({ manager: "hfm-test-seed" });
    expect(by.owned!.conflicts!.map((c) => c.field).join(" ")).toContain("vlan");
    expect(by.broken).toMatchObject({ ok: false, outcome: "invalid" });
    expect(JSON.stringify(by.broken!.causes)).toContain("vlan");
    // Every write carried dryRun=All and HFM's field manager; the cluster is unchanged.
    const writes = srv.requests.filter((q) => q.method === "PATCH" || q.method === "DELETE");
    expect(writes.length).toBe(4);
    expect(writes.every((q) => q.query.dryRun === "All")).toBe(true);
    expect(writes.filter((q) => q.method === "PATCH").every((q) => q.query.fieldManager === FIELD_MANAGER)).toBe(true);
    expect(srv.store.resourceVersion).toBe(rv);
    expect(srv.store.get("VPC", "fresh")).toBeUndefined();
    expect(srv.store.get("VPC", "doomed")).toBeDefined();
    expect((await db.prisma.changeSet.findUniqueOrThrow({ where: { id: changeSetId } })).status).toBe("pending");
  });

  it("apply: applied objects move to a submitted change set, failures stay pending with their reasons; live re-read", async () => {
    const r = await applyChangeSet(db.prisma, fabricId, changeSetId, actor);
    expect(r.counts).toEqual({ total: 4, ok: 2, failed: 2 });
    expect(srv.store.get("VPC", "fresh")).toBeDefined();
    expect(srv.store.get("VPC", "doomed")).toBeUndefined();
    const fresh = srv.store.get("VPC", "fresh")!;
    expect((fresh.metadata.managedFields as Array<{ manager: string; operation: string }>).some((m) => m.manager === FIELD_MANAGER && m.operation === "Apply")).toBe(true);
    const pending = await db.prisma.changeSet.findUniqueOrThrow({ where: { id: changeSetId }, include: { items: true } });
    expect(pending.status).toBe("pending");
    expect(pending.items.map((i) => i.name).sort()).toEqual(["broken", "owned"]);
    expect(pending.error).toMatch(/owned: fields owned by hfm-test-seed/);
    const applied = await db.prisma.changeSet.findUniqueOrThrow({ where: { id: r.appliedChangeSetId! }, include: { items: true } });
    expect(applied).toMatchObject({ status: "submitted", mode: "direct", submittedBy: "operator-1" });
    expect(applied.items.map((i) => i.name).sort()).toEqual(["doomed", "fresh"]);
    // Live versions stored from the cluster's answers; the deleted object lost its live side.
    const freshRow = await db.prisma.hedgehogResource.findFirstOrThrow({ where: { fabricId, name: "fresh" } });
    expect(freshRow.liveResourceVersion).toBe(fresh.metadata.resourceVersion);
    expect(await db.prisma.hedgehogResource.count({ where: { fabricId, name: "doomed" } })).toBe(0);
    expect(await db.prisma.auditLog.count({ where: { action: "changeset.apply", objectId: changeSetId } })).toBe(1);
  });

  it("apply with force takes over the conflicting fields", async () => {
    const r = await applyChangeSet(db.prisma, fabricId, changeSetId, actor, { force: true });
    const owned = r.items.find((i) => i.name === "owned")!;
    expect(owned).toMatchObject({ ok: true, outcome: "configured" });
    expect(JSON.stringify(srv.store.get("VPC", "owned")!.spec)).toContain("1500");
    expect(r.items.find((i) => i.name === "broken")).toMatchObject({ ok: false, outcome: "invalid" });
  });
});
