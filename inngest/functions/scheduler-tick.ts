/**
 * scheduler-tick: every minute, start the syncs that are due (by each fabric's interval); every 5 minutes, flag
 * the fabrics whose last sync is stale and check the installation thresholds (sync failure rate, job queue, API
 * latency). Runs before everything else (highest priority).
 */
import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { getDb } from "@/server/db";
import { evaluateThresholds } from "@/server/services/alerts";
import { flagStaleSyncs, sendEvent, startDueSyncs } from "@/server/services/workflows";

export const SCHEDULER_CRON = "* * * * *";

export const schedulerTick = inngest.createFunction(
  {
    id: "scheduler-tick",
    name: "Scheduler tick",
    triggers: [cron(SCHEDULER_CRON)],
    // One tick at a time; a tick that failed is not worth retrying for long: the next one comes in a minute.
    concurrency: [{ limit: 1 }],
    retries: 1,
    priority: { run: "600" },
    timeouts: { finish: "5m" },
  },
  async ({ event, step }) => {
    // The tick's own time (not the wall clock): replays of this run see the same time.
    const at = new Date(event.ts ?? Date.now());
    const due = await step.run("start-due-syncs", async () => startDueSyncs(await getDb(), at));
    if (at.getUTCMinutes() % 5 !== 0) return { started: due.started.length, stale: null };
    const stale = await step.run("flag-stale-syncs", async () => flagStaleSyncs(await getDb(), at));
    const thresholds = await step.run("check-thresholds", async () => (await evaluateThresholds(await getDb(), { now: at })).changes);
    if (thresholds.opened.length + thresholds.repeated.length + thresholds.resolved.length > 0) {
      await step.run("notify", () => sendEvent("alert/notify.requested", { fabricId: null, ...thresholds }, { id: `thresholds:${at.toISOString()}` }));
    }
    return { started: due.started.length, stale: stale.stale.length };
  },
);
