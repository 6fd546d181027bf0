// Drift end to end: samples ingested from the Git test server and served by the Kubernetes test API server (created
// through the real client, so the server adds its fields and Hedgehog's defaulting) show zero drift; one field
// changed live is exactly one diff entry; deleted live → missing after the grace period; live only → orphaned;
// ignore rules silence and unsilence; transitions are recorded once each; alerts follow the states.
import { PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { parseAllDocuments } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FABRIC_KINDS } from "@/lib/hedgehog/registry";
import type { PrismaClient } from "@/server/db";
import { reconcileAlerts } from "@/server/services/alerts";
import { createIgnoreRule, deleteIgnoreRule, driftReport, driftTrend } from "@/server/services/drift";
import { readLiveState } from "@/server/services/kubernetes";
import { recomputeStates, setMissingGraceSeconds } from "@/server/services/resources/state";
import { createCaller } from "@/server/trpc/root";
import { createInnerContext } from "@/server/trpc/init";
import { sample, samplesAvailable } from "@/tests/support/git-fixtures";
import { createLive, driftEnv, gvr, OPERATOR, type DriftEnv, type Obj } from "./support";

const L3VNI = "fabric-testdata-l3vni-spine-leaf.reconstructed.wiring.yaml";
const GPU = "nvidia-air-gpu-rail-2su.hydrated.wiring.yaml";
const GPU_CONFIG = { includeCumulus: true, managementSubnet: "192.168.200.0/24", controlVIP: "192.168.200.1/32" };

function docs(text: string): Obj[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as unknown)
    .filter((o): o is Obj => Boolean(o) && typeof o === "object" && typeof (o as Obj).kind === "string");
}

async function states(db: PrismaClient, fabricId: string): Promise<Record<string, number>> {
  const groups = await db.hedgehogResource.groupBy({ by: ["state"], where: { fabricId }, _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.state, g._count._all]));
}

async function openAlerts(db: PrismaClient, fabricId: string) {
  return db.alert.findMany({ where: { fabricId, state: { not: "resolved" }, type: { in: ["drift", "orphaned", "missing", "conflict"] } }, orderBy: { fingerprint: "asc" } });
}

describe.skipIf(!samplesAvailable())("drift end to end", () => {
  let env: DriftEnv;
  let db: PrismaClient;
  const fabrics: Record<string, string> = {};

  beforeAll(async () => {
    env = await driftEnv();
    db = env.db;
    // Both samples use the one test cluster in turn: each test empties it first (a fabric reads its whole namespace).
  });
  afterAll(async () => {
    await env?.close();
  });

  it.each([
    [L3VNI, {}],
    [GPU, GPU_CONFIG],
  ])("%s: ingested from Git and served live → zero drift", async (file, config) => {
    // Start from an empty cluster for each sample.
    for (const { kind } of FABRIC_KINDS) {
      const list = (() => {
        try {
          return env.kube.store.list(kind);
        } catch {
          return []; // a kind the test server does not serve
        }
      })();
      for (const o of list) env.kube.store.delete(kind, String((o.metadata as Obj).name), String((o.metadata as Obj).namespace ?? "default"));
    }
    const name = file.split(".")[0]!;
    const fabricId = await env.fabric(name, { [`fabric/${file}`]: sample(file) }, { config });
    fabrics[file] = fabricId;
    await env.syncGit(fabricId);
    const objects = docs(sample(file));
    await createLive(env.custom, objects);
    const live = await readLiveState(db, fabricId);
    expect(live.objects).toBe(objects.length);
    const s = await states(db, fabricId);
    expect(s).toEqual({ synced: objects.length });
    const report = await driftReport(db, { id: fabricId, limit: 50 });
    expect(report.items).toEqual([]);
    expect(report.counts).toMatchObject({ drifted: 0, orphaned: 0, missing: 0, total: 0, objects: objects.length });
    expect(await reconcileAlerts(db, fabricId)).toMatchObject({ opened: [], repeated: [] });
  });

  describe("on the GPU-rail fabric", () => {
    let fabricId: string;
    let switchName: string;
    const caller = () => createCaller(createInnerContext({ db, user: { id: "u1", username: OPERATOR.username!, role: "operator" } }));

    beforeAll(() => {
      fabricId = fabrics[GPU]!;
      switchName = String((docs(sample(GPU)).find((o) => o.kind === "Switch")!.metadata as Obj).name);
    });

    it("one field changed live → exactly one drifted object with exactly one diff entry at that path", async () => {
      await env.custom.patchNamespacedCustomObject(
        { ...gvr("wiring.githedgehog.com/v1beta1", "Switch"), namespace: "default", name: switchName, body: { spec: { description: "changed by hand" } } },
        k8sMergePatch(),
      );
      await readLiveState(db, fabricId);
      const report = await caller().drift.report({ id: fabricId, limit: 50 });
      expect(report.items).toHaveLength(1);
      const item = report.items[0]!;
      expect(item).toMatchObject({ kind: "Switch", name: switchName, state: "drifted", severity: "warning" });
      expect(item.diff).toHaveLength(1);
      expect(item.diff[0]).toMatchObject({ path: "/spec/description", live: "changed by hand" });
      expect(report.counts).toMatchObject({ drifted: 1, total: 1, byKind: { Switch: { drifted: 1, orphaned: 0, missing: 0 } }, bySeverity: { warning: 1 } });

      // Recomputing every state with nothing changed leaves the drifted row alone (the stored drift is equal to the
      // new one, whatever key order jsonb gives it back in): no rewrite, no transition.
      const row = await db.hedgehogResource.findFirstOrThrow({ where: { fabricId, kind: "Switch", name: switchName } });
      const transitions = await db.stateTransition.count({ where: { resourceId: row.id } });
      await recomputeStates(db, fabricId, { reason: "test", liveKnown: true });
      const again = await db.hedgehogResource.findUniqueOrThrow({ where: { id: row.id } });
      expect(again.updatedAt).toEqual(row.updatedAt);
      expect(again.drift).toEqual(row.drift);
      expect(await db.stateTransition.count({ where: { resourceId: row.id } })).toBe(transitions);
    });

    it("the drift alert is opened once, deduplicated, and counts a change of the drift", async () => {
      const first = await reconcileAlerts(db, fabricId);
      expect(first.opened).toHaveLength(1);
      const again = await reconcileAlerts(db, fabricId);
      expect(again).toMatchObject({ opened: [], repeated: [], resolved: [] });
      let open = await openAlerts(db, fabricId);
      expect(open).toHaveLength(1);
      expect(open[0]).toMatchObject({ type: "drift", severity: "warning", count: 1, resourceKind: "Switch", resourceName: switchName });
      expect(open[0]!.fingerprint).toBe(`drift:${fabricId}:Switch/default/${switchName}`);

      await env.custom.patchNamespacedCustomObject(
        { ...gvr("wiring.githedgehog.com/v1beta1", "Switch"), namespace: "default", name: switchName, body: { spec: { description: "changed again" } } },
        k8sMergePatch(),
      );
      await readLiveState(db, fabricId);
      const third = await reconcileAlerts(db, fabricId);
      expect(third.repeated).toEqual([open[0]!.id]);
      open = await openAlerts(db, fabricId);
      expect(open).toHaveLength(1);
      expect(open[0]!.count).toBe(2);
      expect(open[0]!.lastSeenAt.getTime()).toBeGreaterThanOrEqual(open[0]!.firstSeenAt.getTime());
      const history = await caller().alerts.get({ id: open[0]!.id });
      expect(history.events.map((e) => e.action)).toEqual(["opened", "repeated"]);
    });

    it("an ignore rule silences the field (and resolves the alert); removing it brings both back", async () => {
      const rule = await createIgnoreRule(db, OPERATOR, { fabricId, kind: "Switch", path: "/spec/description", reason: "described by hand on purpose" });
      expect(rule.effect.alerts.resolved).toHaveLength(1);
      expect((await driftReport(db, { id: fabricId, limit: 50 })).items).toEqual([]);
      expect(await openAlerts(db, fabricId)).toEqual([]);
      const resource = await db.hedgehogResource.findFirstOrThrow({ where: { fabricId, kind: "Switch", name: switchName } });
      expect(resource.state).toBe("synced");

      const removed = await deleteIgnoreRule(db, OPERATOR, rule.id);
      expect(removed.effect.alerts.opened).toHaveLength(1);
      const report = await driftReport(db, { id: fabricId, limit: 50 });
      expect(report.items.map((i) => [i.name, i.diff.map((d) => d.path)])).toEqual([[switchName, ["/spec/description"]]]);
      expect(await openAlerts(db, fabricId)).toHaveLength(1);
    });

    it("restoring the field live resolves the alert automatically", async () => {
      const gitDescription = ((await db.hedgehogResource.findFirstOrThrow({ where: { fabricId, kind: "Switch", name: switchName } })).git as { spec: { description?: string } }).spec.description ?? null;
      await env.custom.patchNamespacedCustomObject(
        { ...gvr("wiring.githedgehog.com/v1beta1", "Switch"), namespace: "default", name: switchName, body: { spec: { description: gitDescription } } },
        k8sMergePatch(),
      );
      await readLiveState(db, fabricId);
      const c = await reconcileAlerts(db, fabricId);
      expect(c.resolved).toHaveLength(1);
      expect(await openAlerts(db, fabricId)).toEqual([]);
      const resolved = await db.alert.findUniqueOrThrow({ where: { id: c.resolved[0]! }, include: { events: true } });
      expect(resolved).toMatchObject({ state: "resolved", resolvedBy: "system", openKey: null });
      expect(resolved.events.map((e) => e.action)).toContain("auto-resolved");
    });

    it("deleted live → committed within the grace period, missing after it; each transition recorded once", async () => {
      const server = docs(sample(GPU)).find((o) => o.kind === "Server")!;
      const serverName = String((server.metadata as Obj).name);
      await setMissingGraceSeconds(db, 3600);
      await env.custom.deleteNamespacedCustomObject({ ...gvr("wiring.githedgehog.com/v1beta1", "Server"), namespace: "default", name: serverName });
      await readLiveState(db, fabricId);
      const row = await db.hedgehogResource.findFirstOrThrow({ where: { fabricId, kind: "Server", name: serverName } });
      expect(row.state).toBe("committed");
      expect(row.missingSince).not.toBeNull();

      await setMissingGraceSeconds(db, 0);
      await readLiveState(db, fabricId);
      await readLiveState(db, fabricId);
      const after = await db.hedgehogResource.findUniqueOrThrow({ where: { id: row.id } });
      expect(after.state).toBe("missing");
      const transitions = await db.stateTransition.findMany({ where: { resourceId: row.id }, orderBy: { createdAt: "asc" } });
      expect(transitions.map((t) => `${t.fromState ?? "∅"}→${t.toState}`)).toEqual(["∅→committed", "committed→synced", "synced→committed", "committed→missing"]);
      expect(transitions.at(-1)!.reason).toMatch(/absent from the cluster/);

      const report = await driftReport(db, { id: fabricId, state: "missing", limit: 50 });
      expect(report.items.map((i) => [i.name, i.severity])).toEqual([[serverName, "critical"]]);
      const c = await reconcileAlerts(db, fabricId);
      expect(c.opened).toHaveLength(1);
      expect((await openAlerts(db, fabricId)).map((a) => a.type)).toEqual(["missing"]);

      await createLive(env.custom, [server]);
      await readLiveState(db, fabricId);
      expect((await db.hedgehogResource.findUniqueOrThrow({ where: { id: row.id } })).state).toBe("synced");
      expect((await reconcileAlerts(db, fabricId)).resolved).toHaveLength(1);
      await setMissingGraceSeconds(db, null);
    });

    it("added live only → orphaned, with an info alert; the trend counts it", async () => {
      await createLive(env.custom, [
        { apiVersion: "wiring.githedgehog.com/v1beta1", kind: "Server", metadata: { name: "stray-server", namespace: "default" }, spec: { description: "racked without Git" } },
      ]);
      await readLiveState(db, fabricId);
      const report = await driftReport(db, { id: fabricId, limit: 50 });
      expect(report.items.map((i) => [i.kind, i.name, i.state, i.severity])).toEqual([["Server", "stray-server", "orphaned", "info"]]);
      const c = await reconcileAlerts(db, fabricId);
      expect(c.opened).toHaveLength(1);
      const trend = await driftTrend(db, { id: fabricId, unit: "hour", points: 3 });
      expect(trend.points).toHaveLength(3);
      expect(trend.points.at(-1)).toMatchObject({ orphaned: 1, drifted: 0, missing: 0 });
    });

    it("REST-shaped output: GET /fabrics/{id}/drift through the router, paginated", async () => {
      const page = await caller().drift.report({ id: fabricId, limit: 1 });
      expect(page.items).toHaveLength(1);
      expect(page.nextCursor).toBeNull();
      expect(Object.keys(page.counts)).toEqual(expect.arrayContaining(["drifted", "orphaned", "missing", "byKind", "bySeverity", "byState"]));
    });

    it("self-heal is opt-in: off, drift stays; on in direct mode, Git's version is applied and the object is synced", async () => {
      const target = { ...gvr("wiring.githedgehog.com/v1beta1", "Switch"), namespace: "default", name: switchName };
      await env.custom.patchNamespacedCustomObject({ ...target, body: { spec: { description: "hand edit to heal" } } }, k8sMergePatch());
      await readLiveState(db, fabricId);
      const off = await caller().drift.selfHeal({ id: fabricId });
      expect(off.status).toBe("disabled");
      expect(((await env.custom.getNamespacedCustomObject(target)) as { spec: Obj }).spec.description).toBe("hand edit to heal");

      await db.fabric.update({ where: { id: fabricId }, data: { selfHeal: true, applyMode: "direct" } });
      try {
        const healed = await caller().drift.selfHeal({ id: fabricId });
        expect(healed).toMatchObject({ status: "applied", failed: [] });
        expect(healed.applied).toBeGreaterThanOrEqual(1);
        const live = (await env.custom.getNamespacedCustomObject(target)) as { spec: Obj };
        expect(live.spec.description).not.toBe("hand edit to heal");
        const row = await db.hedgehogResource.findFirstOrThrow({ where: { fabricId, kind: "Switch", name: switchName } });
        expect(row.state).toBe("synced");
        const last = await db.stateTransition.findFirst({ where: { resourceId: row.id }, orderBy: { createdAt: "desc" } });
        expect(last?.reason).toMatch(/self-heal|synced|matches Git/);
      } finally {
        await db.fabric.update({ where: { id: fabricId }, data: { selfHeal: false, applyMode: "gitops" } });
      }
    });
  });
});

function k8sMergePatch() {
  return setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
}
