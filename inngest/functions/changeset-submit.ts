/**
 * changeset-submit: writes a change set to Git (one commit pushed, or a pull request), then syncs the fabric so
 * that HFM sees its own commit. One submit per Git repository at a time (concurrency key = repository id).
 */
import { changeSetSubmitRequested, inngest } from "@/inngest/client";
import { getDb } from "@/server/db";
import { runSubmit } from "@/server/services/gitops";
import { publish, sendEvent } from "@/server/services/workflows";

export const changeSetSubmit = inngest.createFunction(
  {
    id: "changeset-submit",
    name: "Change set submit",
    triggers: [changeSetSubmitRequested],
    concurrency: [{ key: "event.data.repositoryId", limit: 1 }],
    retries: 2,
    priority: { run: "0" },
    timeouts: { finish: "15m" },
  },
  async ({ event, step }) => {
    const { changeSetId, fabricId, syncOperationId, requestedBy } = event.data;
    const actor = requestedBy ? { username: requestedBy, type: "user" as const, ip: "workflow" } : null;
    // runSubmit records the outcome on the change set and the operation; it never throws for Git problems.
    const result = await step.run("submit", async () => runSubmit(await getDb(), changeSetId, { operationId: syncOperationId, actor }));
    await step.run("announce", async () => publish({ topic: "changeset", fabricId, data: { changeSetId, status: result.status } }));
    if (result.status === "submitted") {
      await step.run("request-sync", () => sendEvent("fabric/sync.requested", { fabricId, trigger: "submit", requestedBy, priority: 300 }, { id: `after-submit:${changeSetId}` }));
    }
    return result;
  },
);
