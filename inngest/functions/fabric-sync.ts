/**
 * fabric-sync: one fabric's sync — Git (fetch + ingest + pull requests), live state, states/drift, alerts, finish.
 * Orchestration only: every step calls one service function, records itself on the SyncOperation, is idempotent
 * and commits its writes in one transaction. One sync per fabric at a time (concurrency key); retried with backoff;
 * a sync that fails for good is recorded with a `sync-failed` alert (onFailure).
 */
import { fabricSyncRequested, inngest } from "@/inngest/client";
import { getDb } from "@/server/db";
import { reconcileAlerts } from "@/server/services/alerts";
import { selfHeal } from "@/server/services/drift";
import { runFabricSync } from "@/server/services/gitops";
import { readLiveState } from "@/server/services/kubernetes";
import { recomputeStates } from "@/server/services/resources";
import { beginFabricSync, failFabricSync, finishFabricSync, sendEvent, trackSyncStep } from "@/server/services/workflows";

export const fabricSync = inngest.createFunction(
  {
    id: "fabric-sync",
    name: "Fabric sync",
    triggers: [fabricSyncRequested],
    concurrency: [{ key: "event.data.fabricId", limit: 1 }],
    retries: 3,
    // Manual syncs and small fabrics first (the scheduler sets it from the fabric's size).
    priority: { run: "event.data.priority" },
    timeouts: { finish: "30m" },
    onFailure: async ({ event, error }) => {
      const original = event.data.event;
      await failFabricSync(await getDb(), {
        fabricId: original.data.fabricId,
        syncOperationId: original.data.syncOperationId,
        runId: event.data.run_id,
        error: error.message,
      });
    },
  },
  async ({ event, step, runId }) => {
    const plan = await step.run("start", async () => beginFabricSync(await getDb(), { ...event.data, runId }));

    // The GitOps service runs fetch-git → ingest → pull-requests as one unit (it holds the repository lock across
    // them and records the three SyncSteps itself), so it is one workflow step.
    const git = plan.hasGit
      ? await step.run("fetch-git-ingest", async () => {
          const db = await getDb();
          // A Git failure throws, so the workflow retries it; the operation is finished by the finish step.
          const result = (await runFabricSync(db, plan.fabricId, { operationId: plan.operationId, finish: false }))!;
          return { commit: result.commit, ingest: result.ingest };
        })
      : null;

    // The Kubernetes service records its own `read-live` SyncStep on the operation.
    const live = plan.hasKubernetes
      ? await step.run("read-live", async () => {
          const r = await readLiveState(await getDb(), plan.fabricId, { operationId: plan.operationId });
          return { objects: r.objects, kinds: r.kinds };
        })
      : null;

    const states = await step.run("diff", async () => {
      const db = await getDb();
      return trackSyncStep(db, plan, "diff", () => recomputeStates(db, plan.fabricId, { reason: "sync", jobId: plan.operationId, liveKnown: live !== null }), (c) => ({ ...c }));
    });

    // Drift is reported, never corrected — unless the fabric opted in to self-heal (direct mode): then Git's version
    // of drifted and missing objects is restored and each restore is recorded with its reason.
    if (live) {
      await step.run("self-heal", async () => {
        const r = await selfHeal(await getDb(), plan.fabricId, { actor: { username: "scheduler", type: "system" } });
        return { status: r.status, applied: r.applied, failed: r.failed.length };
      });
    }

    const alerts = await step.run("alerts", async () => {
      const db = await getDb();
      return trackSyncStep(db, plan, "alerts", () => reconcileAlerts(db, plan.fabricId), (c) => ({ opened: c.opened.length, repeated: c.repeated.length, resolved: c.resolved.length }));
    });
    const changed = alerts.opened.length + alerts.repeated.length + alerts.resolved.length;
    if (changed > 0) {
      await step.run("notify", () => sendEvent("alert/notify.requested", { fabricId: plan.fabricId, ...alerts }, { id: `alerts:${plan.operationId}` }));
    }

    return step.run("finish", async () =>
      finishFabricSync(await getDb(), plan, { ...(git?.ingest ?? {}), commit: git?.commit ?? null, states, live, alertsChanged: changed }),
    );
  },
);
