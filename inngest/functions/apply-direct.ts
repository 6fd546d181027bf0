/**
 * apply-direct: fabrics in `direct` mode — the change set goes to the cluster by server-side apply (the Kubernetes
 * service stores the live versions and recomputes the states of what it touched). One apply per fabric at a time;
 * after syncs and submits (lowest priority: large orchestration).
 */
import { applyDirectRequested, inngest } from "@/inngest/client";
import { getDb } from "@/server/db";
import { applyChangeSet } from "@/server/services/kubernetes";
import { publish } from "@/server/services/workflows";

export const applyDirect = inngest.createFunction(
  {
    id: "apply-direct",
    name: "Direct apply",
    triggers: [applyDirectRequested],
    concurrency: [{ key: "event.data.fabricId", limit: 1 }],
    // Server-side apply is idempotent: a retry re-applies the same objects.
    retries: 2,
    priority: { run: "-60" },
    timeouts: { finish: "15m" },
  },
  async ({ event, step }) => {
    const { fabricId, changeSetId, requestedBy, force } = event.data;
    const actor = { username: requestedBy ?? null, type: requestedBy ? ("user" as const) : ("system" as const), ip: "workflow" };
    const result = await step.run("apply", async () => {
      const r = await applyChangeSet(await getDb(), fabricId, changeSetId, actor, { force });
      return { ok: r.ok, status: r.status, counts: r.counts, appliedChangeSetId: r.appliedChangeSetId };
    });
    await step.run("announce", async () => publish({ topic: "changeset", fabricId, data: { changeSetId, status: result.status, ok: result.ok } }));
    return result;
  },
);
