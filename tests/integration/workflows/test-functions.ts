// Inngest functions of the executor tests (their own app id), recording what they do in memory.
import { cron, eventType, Inngest, NonRetriableError } from "inngest";
import { z } from "zod";

const quiet = { info() {}, warn() {}, error() {}, debug() {} };
export const testClient = new Inngest({ id: "hfm-test", isDev: true, logger: quiet });

export interface Interval {
  fn: string;
  key: string;
  runId: string;
  start: number;
  end: number;
}

export const record = {
  intervals: [] as Interval[],
  stepRuns: new Map<string, number>(),
  attemptTimes: [] as number[],
  failures: [] as { runId: string; message: string }[],
  cronRuns: 0,
  /** Resolves the barriers of the concurrency test. */
  started: new Set<string>(),
  reset() {
    this.intervals = [];
    this.stepRuns.clear();
    this.attemptTimes = [];
    this.failures = [];
    this.cronRuns = 0;
    this.started.clear();
  },
};

function count(id: string) {
  record.stepRuns.set(id, (record.stepRuns.get(id) ?? 0) + 1);
}

async function until(predicate: () => boolean, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const keyed = eventType("test/keyed", { schema: z.object({ key: z.string(), n: z.number(), waitFor: z.string().optional() }) });

/** Two steps per run; the run's interval is from its first step's start to its last step's end. */
export const keyedFn = testClient.createFunction(
  { id: "keyed", concurrency: [{ key: "event.data.key", limit: 1 }], retries: 0, triggers: [keyed] },
  async ({ event, step, runId }) => {
    const start = await step.run("first", async () => {
      const t0 = Date.now();
      record.started.add(event.data.key);
      // Proves parallelism deterministically: this run cannot finish until a run of another key has started.
      if (event.data.waitFor) await until(() => record.started.has(event.data.waitFor!), `a run of ${event.data.waitFor}`);
      await new Promise((r) => setTimeout(r, 20));
      return t0;
    });
    const end = await step.run("second", async () => {
      await new Promise((r) => setTimeout(r, 20));
      return Date.now();
    });
    await step.run("record", async () => {
      record.intervals.push({ fn: "keyed", key: event.data.key, runId, start, end });
    });
    return { start, end };
  },
);

/** Fails its step `failTimes` times, then succeeds. */
export const flakyFn = testClient.createFunction(
  { id: "flaky", retries: 4, triggers: [eventType("test/flaky", { schema: z.object({ failTimes: z.number() }) })] },
  async ({ event, step }) => {
    await step.run("once", async () => count("flaky:once"));
    return step.run("flaky", async () => {
      record.attemptTimes.push(Date.now());
      count("flaky:flaky");
      if (record.attemptTimes.length <= event.data.failTimes) throw new Error(`transient failure ${record.attemptTimes.length}`);
      return "ok";
    });
  },
);

/** Always fails: ends failed after its retries, and its failure handler runs. */
export const brokenFn = testClient.createFunction(
  {
    id: "broken",
    retries: 2,
    triggers: [eventType("test/broken", { schema: z.object({ fatal: z.boolean().optional() }) })],
    onFailure: async ({ event, error }) => {
      record.failures.push({ runId: event.data.run_id, message: error.message });
    },
  },
  async ({ event, step }) => {
    await step.run("doomed", async () => {
      count("broken:doomed");
      if (event.data.fatal) throw new NonRetriableError("cannot ever work");
      throw new Error("still broken");
    });
  },
);

/** A persisted timer between two steps, and parallel steps. */
export const sleeperFn = testClient.createFunction(
  { id: "sleeper", retries: 0, triggers: [eventType("test/sleeper", { schema: z.object({ seconds: z.number() }) })] },
  async ({ event, step }) => {
    const before = await step.run("before", async () => Date.now());
    await step.sleep("nap", `${event.data.seconds}s`);
    const [a, b] = await Promise.all([step.run("left", async () => "L"), step.run("right", async () => "R")]);
    const after = await step.run("after", async () => Date.now());
    return { slept: after - before, a, b };
  },
);

/** Every second. */
export const cronFn = testClient.createFunction({ id: "every-second", retries: 0, triggers: [cron("* * * * * *")] }, async ({ step }) => {
  await step.run("tick", async () => {
    record.cronRuns += 1;
  });
  return "tick";
});

export const testFunctions = [keyedFn, flakyFn, brokenFn, sleeperFn];
