// The embedded executor on the database HFM_TEST_DB selects, with test functions of its own.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EmbeddedExecutor, type ExecutorOptions } from "@/server/services/workflows";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { cronFn, record, testClient, testFunctions } from "./test-functions";

let db: TestDatabase;
const executors: EmbeddedExecutor[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.close();
});
beforeEach(() => record.reset());
afterEach(async () => {
  await Promise.all(executors.splice(0).map((e) => e.stop()));
});

function executor(opts: Partial<ExecutorOptions> = {}): EmbeddedExecutor {
  const e = new EmbeddedExecutor({
    db: db.prisma,
    dbKind: db.kind,
    client: testClient,
    functions: testFunctions,
    cron: false,
    pollMs: 100,
    backoffMs: (attempt) => 40 * 2 ** (attempt - 1),
    ...opts,
  });
  executors.push(e);
  return e;
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function finished(runIds: string[]) {
  return waitFor(`${runIds.length} run(s) to finish`, async () => {
    const rows = await db.prisma.workflowRun.findMany({ where: { id: { in: runIds } } });
    return rows.length === runIds.length && rows.every((r) => r.status === "succeeded" || r.status === "failed") ? rows : null;
  });
}

describe("embedded executor", () => {
  it("never overlaps two runs with the same concurrency key, and runs different keys in parallel", async () => {
    const e = executor({ maxConcurrency: 6 });
    await e.start();
    const ids: string[] = [];
    for (let n = 0; n < 3; n++) {
      ids.push(...(await e.enqueue("test/keyed", { key: "A", n, ...(n === 0 ? { waitFor: "B" } : {}) })).runIds);
      ids.push(...(await e.enqueue("test/keyed", { key: "B", n })).runIds);
    }
    const rows = await finished(ids);
    expect(rows.map((r) => r.status)).toEqual(ids.map(() => "succeeded"));
    expect(rows.every((r) => r.concurrencyKey === `hfm-test-keyed:${(r.event as { data: { key: string } }).data.key}`)).toBe(true);
    for (const key of ["A", "B"]) {
      const runs = record.intervals.filter((i) => i.key === key).sort((a, b) => a.start - b.start);
      expect(runs).toHaveLength(3);
      for (let i = 1; i < runs.length; i++) expect(runs[i]!.start).toBeGreaterThanOrEqual(runs[i - 1]!.end);
    }
    // A's first run waited (inside its step) for a run of B to start: the keys ran in parallel.
    const a0 = record.intervals.find((i) => i.key === "A" && rows.find((r) => r.id === i.runId && (r.event as { data: { n: number } }).data.n === 0));
    const bFirst = Math.min(...record.intervals.filter((i) => i.key === "B").map((i) => i.start));
    expect(a0).toBeDefined();
    expect(bFirst).toBeLessThan(a0!.end);
  });

  it("retries a failing step with exponential backoff, then succeeds without re-running the steps before it", async () => {
    const e = executor();
    await e.start();
    const { runIds } = await e.enqueue("test/flaky", { failTimes: 2 });
    const [run] = await finished(runIds);
    expect(run!.status).toBe("succeeded");
    expect(run!.output).toBe("ok");
    expect(record.stepRuns.get("flaky:flaky")).toBe(3);
    expect(record.stepRuns.get("flaky:once")).toBe(1);
    const [t0, t1, t2] = record.attemptTimes;
    expect(t1! - t0!).toBeGreaterThanOrEqual(40 - 5);
    expect(t2! - t1!).toBeGreaterThanOrEqual(80 - 5);
    const steps = Object.values(run!.steps as Record<string, { name: string; attempts: number }>);
    expect(steps.find((s) => s.name === "flaky")?.attempts).toBe(3);
  });

  it("ends a permanently failing run failed after its retries and runs its failure handler", async () => {
    const e = executor();
    await e.start();
    const { runIds } = await e.enqueue("test/broken", {});
    const [run] = await finished(runIds);
    expect(run!.status).toBe("failed");
    expect(run!.error).toContain("still broken");
    expect(record.stepRuns.get("broken:doomed")).toBe(3); // 1 + retries: 2
    await waitFor("the failure handler", async () => record.failures.length > 0);
    expect(record.failures[0]).toEqual({ runId: run!.id, message: "still broken" });
    const handler = await db.prisma.workflowRun.findFirst({ where: { functionId: "hfm-test-broken-failure" } });
    expect(handler?.eventId).toBe(`failed:${run!.id}`);
  });

  it("does not retry a NonRetriableError", async () => {
    const e = executor();
    await e.start();
    const { runIds } = await e.enqueue("test/broken", { fatal: true });
    const [run] = await finished(runIds);
    expect(run!.status).toBe("failed");
    expect(record.stepRuns.get("broken:doomed")).toBe(1);
  });

  it("turns a sleep into a persisted timer and runs parallel steps", async () => {
    const e = executor();
    await e.start();
    const { runIds } = await e.enqueue("test/sleeper", { seconds: 1 });
    const sleeping = await waitFor("the run to sleep", async () => {
      const r = await db.prisma.workflowRun.findUnique({ where: { id: runIds[0]! } });
      return r && r.status === "running" && r.lockedBy === null && r.runAfter.getTime() > Date.now() ? r : null;
    });
    expect(sleeping.runAfter.getTime() - Date.now()).toBeLessThanOrEqual(1000);
    const [run] = await finished(runIds);
    expect(run!.status).toBe("succeeded");
    const out = run!.output as { slept: number; a: string; b: string };
    expect(out.a).toBe("L");
    expect(out.b).toBe("R");
    expect(out.slept).toBeGreaterThanOrEqual(950);
    const names = Object.values(run!.steps as Record<string, { name: string; seq: number }>).sort((x, y) => x.seq - y.seq).map((s) => s.name);
    expect(names.slice(0, 2)).toEqual(["before", "nap"]);
    expect(names).toContain("left");
    expect(names).toContain("right");
  });

  it("starts nothing for an event id it already stored", async () => {
    const e = executor();
    const first = await e.enqueue("test/flaky", { failTimes: 0 }, { id: "same-event" });
    const second = await e.enqueue("test/flaky", { failTimes: 0 }, { id: "same-event" });
    expect(first.runIds).toHaveLength(1);
    expect(second.runIds).toHaveLength(0);
    expect(await db.prisma.workflowRun.count({ where: { eventId: "same-event" } })).toBe(1);
  });

  it("resumes a run another executor left half-way, without re-running its stored steps", async () => {
    const first = executor({ leaseMs: 600 });
    // Not started: enqueue and let a stopped executor drive nothing; then simulate a dead owner's lease.
    const { runIds } = await first.enqueue("test/flaky", { failTimes: 0 });
    const second = executor({ leaseMs: 600, workerId: "second" });
    await second.start();
    await finished(runIds);
    await second.stop();
    // A run whose owner died mid-run (running, lease expired) is taken over by the next executor.
    const { runIds: again } = await first.enqueue("test/sleeper", { seconds: 0 });
    await db.prisma.workflowRun.update({
      where: { id: again[0]! },
      data: { status: "running", lockedBy: "dead-process", lockedUntil: new Date(Date.now() + 300), startedAt: new Date() },
    });
    const third = executor({ leaseMs: 600, workerId: "third" });
    await third.start();
    const [run] = await finished(again);
    expect(run!.status).toBe("succeeded");
  });

  it("reports queue length and the age of the oldest queued run", async () => {
    const e = executor();
    await e.enqueue("test/flaky", { failTimes: 0 });
    const stats = await e.stats();
    expect(stats.queued).toBeGreaterThanOrEqual(1);
    expect(stats.oldestQueuedAgeMs).not.toBeNull();
    await e.start();
    await waitFor("an empty queue", async () => (await e.stats()).queued === 0);
  });

  it("fires cron triggers", async () => {
    const e = executor({ functions: [cronFn], cron: true });
    await e.start();
    await waitFor("two cron runs", async () => (await db.prisma.workflowRun.count({ where: { functionId: "hfm-test-every-second", status: "succeeded" } })) >= 2);
    expect(record.cronRuns).toBeGreaterThanOrEqual(2);
    const events = await db.prisma.workflowEvent.findMany({ where: { name: "inngest/scheduled.timer" } });
    expect(events.every((ev) => ev.id.startsWith("cron:hfm-test-every-second:"))).toBe(true);
  });
});
