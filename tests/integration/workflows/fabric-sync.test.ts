// HFM's own workflows (scheduler-tick, fabric-sync) driven by the embedded engine as the server starts it, on the
// database HFM_TEST_DB selects.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/server/db";
import type { EmbeddedExecutor } from "@/server/services/workflows";
import { startTestApp, type TestApp } from "@/tests/support/app";

const CRON_EVENT = "inngest/scheduled.timer";
let app: TestApp;
let db: PrismaClient;
let engine: EmbeddedExecutor;
// Imported after startTestApp() configured the environment (server/env reads it once).
let wf: typeof import("@/server/services/workflows");

beforeAll(async () => {
  app = await startTestApp();
  wf = await import("@/server/services/workflows");
  db = await (await import("@/server/db")).getDb();
  const started = await wf.startWorkflowEngine({ force: true, cron: false, pollMs: 100, backoffMs: (attempt) => 30 * 2 ** (attempt - 1) });
  if (!started) throw new Error("the engine did not start");
  engine = started;
});
afterAll(async () => {
  await wf?.stopWorkflowEngine();
  await app?.close();
});

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const runsOf = (fabricId: string) => db.workflowRun.findMany({ where: { functionId: "hedgehog-fabric-manager-fabric-sync", event: { path: ["data", "fabricId"], equals: fabricId } } });

describe("fabric-sync and scheduler-tick on the embedded engine", () => {
  it("gives a fabric created with sync enabled and a 60-second interval its first sync without anyone pressing a button", async () => {
    const fabric = await db.fabric.create({ data: { name: "scheduled", syncEnabled: true, syncIntervalSeconds: 60 } });
    const tick = new Date();
    tick.setSeconds(0, 0);
    // What the cron trigger does each minute (the trigger itself is covered by executor.test.ts).
    await engine.enqueue(CRON_EVENT, { cron: "* * * * *" }, { id: `tick:${tick.toISOString()}`, ts: tick.getTime(), only: "hedgehog-fabric-manager-scheduler-tick" });
    const op = await waitFor("the first sync", () => db.syncOperation.findFirst({ where: { fabricId: fabric.id, status: "succeeded" }, include: { steps: true } }));
    expect(op.trigger).toBe("schedule");
    expect(op.kind).toBe("full");
    const byName = Object.fromEntries(op.steps.map((s) => [s.name, s.status]));
    expect(byName).toMatchObject({ diff: "succeeded", alerts: "succeeded", finish: "succeeded", "fetch-git": "cancelled", "read-live": "cancelled" });
    const after = await db.fabric.findUniqueOrThrow({ where: { id: fabric.id } });
    expect(after.lastSyncStatus).toBe("succeeded");
    expect(after.nextSyncAt?.getTime()).toBe(tick.getTime() + 60_000);
    const [run] = await runsOf(fabric.id);
    expect(run?.eventId).toBe(`schedule:${fabric.id}:${tick.toISOString()}`);
    // A second tick in the same minute (another instance, a retry) starts nothing more.
    await engine.enqueue(CRON_EVENT, { cron: "* * * * *" }, { id: `tick2:${tick.toISOString()}`, ts: tick.getTime(), only: "hedgehog-fabric-manager-scheduler-tick" });
    await waitFor("the second tick", async () => (await db.workflowRun.count({ where: { eventId: `tick2:${tick.toISOString()}`, status: "succeeded" } })) === 1);
    expect(await runsOf(fabric.id)).toHaveLength(1);
  });

  it("never overlaps manual syncs of one fabric started together", async () => {
    const fabric = await db.fabric.create({ data: { name: "manual", syncEnabled: false } });
    await Promise.all([1, 2, 3].map(() => wf.sendEvent("fabric/sync.requested", { fabricId: fabric.id, trigger: "manual", requestedBy: "admin" })));
    const runs = await waitFor("three syncs", async () => {
      const rows = await runsOf(fabric.id);
      return rows.length === 3 && rows.every((r) => r.status === "succeeded") ? rows : null;
    });
    const ops = await db.syncOperation.findMany({ where: { fabricId: fabric.id }, orderBy: { startedAt: "asc" } });
    expect(ops.map((o) => o.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    for (let i = 1; i < ops.length; i++) expect(ops[i]!.startedAt!.getTime()).toBeGreaterThanOrEqual(ops[i - 1]!.finishedAt!.getTime());
    // The runs themselves, first step to last, never overlap either.
    const spans = runs.map((r) => [r.startedAt!.getTime(), r.finishedAt!.getTime()] as const).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
    expect(new Set(runs.map((r) => r.concurrencyKey))).toEqual(new Set([`hedgehog-fabric-manager-fabric-sync:${fabric.id}`]));
  });

  it("ends a sync that keeps failing as failed, after its retries, with a sync-failed alert", async () => {
    const repo = await db.gitRepository.create({ data: { name: "unreachable", url: "http://127.0.0.1:9/nowhere.git" } });
    const fabric = await db.fabric.create({ data: { name: "broken-git", syncEnabled: false, gitRepositoryId: repo.id } });
    const { runIds } = await wf.sendEvent("fabric/sync.requested", { fabricId: fabric.id, trigger: "manual" });
    const run = await waitFor("the run to fail", async () => {
      const r = await db.workflowRun.findUnique({ where: { id: runIds[0]! } });
      return r?.status === "failed" ? r : null;
    });
    // 1 + retries: 3, then the step's error ends the run.
    const gitStep = Object.values(run.steps as Record<string, { name: string; type: string; attempts: number }>).find((st) => st.name === "fetch-git-ingest");
    expect(gitStep).toMatchObject({ type: "error", attempts: 4 });
    expect(run.error).toBeTruthy();
    const alert = await waitFor("the sync-failed alert", () => db.alert.findFirst({ where: { fabricId: fabric.id, type: "sync-failed", state: "open" } }));
    expect(alert.fingerprint).toBe(`sync-failed:${fabric.id}`);
    const op = await waitFor("the failed operation", () => db.syncOperation.findFirst({ where: { fabricId: fabric.id, status: "failed" } }));
    expect(op.runId).toBe(run.id);
    expect((await db.fabric.findUniqueOrThrow({ where: { id: fabric.id } })).lastSyncStatus).toBe("failed");
  });

  it("flags fabrics whose last sync is older than three intervals, and resolves the alert once they synced", async () => {
    const now = new Date();
    const fabric = await db.fabric.create({ data: { name: "stale", syncEnabled: true, syncIntervalSeconds: 60, lastSyncAt: new Date(now.getTime() - 10 * 60_000), nextSyncAt: new Date(now.getTime() + 3_600_000) } });
    const first = await wf.flagStaleSyncs(db, now);
    expect(first.stale).toContain(fabric.id);
    const alert = await db.alert.findFirstOrThrow({ where: { fabricId: fabric.id, type: "sync-stale", state: "open" } });
    // Checked again five minutes later: the same alert, not a new occurrence.
    await wf.flagStaleSyncs(db, new Date(now.getTime() + 5 * 60_000));
    expect(await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({ state: "open", count: 1 });
    await db.fabric.update({ where: { id: fabric.id }, data: { lastSyncAt: now } });
    const later = await wf.flagStaleSyncs(db, new Date(now.getTime() + 60_000));
    expect(later.stale).not.toContain(fabric.id);
    expect((await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).state).toBe("resolved");
  });
});
