import { z } from "zod";
import {
  changeSetOutput,
  discardItem,
  fabricGitopsStatus,
  getChangeSet,
  getPendingChangeSet,
  getSyncOperation,
  gitopsStatusOutput,
  globalGitopsStatus,
  globalStatusOutput,
  listChangeSets,
  listSyncOperations,
  queueFabricSync,
  queueSubmit,
  resolveConflict,
  revertChangeSet,
  syncOperationOutput,
  testRepositoryConnection,
} from "@/server/services/gitops";
import { pageInput, pageOutput } from "@/server/services/pagination";
import { sendEvent } from "@/server/services/workflows";
import { actorOf, operatorProcedure, router, viewerProcedure } from "../init";

const id = z.string().min(1);
const connectionOutput = z.object({
  ok: z.boolean(),
  message: z.string(),
  details: z
    .object({ branch: z.string(), headCommit: z.string().nullable(), branches: z.number().int().optional(), detail: z.string().optional() })
    .optional(),
});

export const gitopsRouter = router({
  testConnection: operatorProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/git-repositories/{id}/test-connection",
        tags: ["git-repositories"],
        summary: "Contact the remote for real (refs listing with the stored credentials); stores and returns the result",
      },
    })
    .input(z.object({ id }))
    .output(connectionOutput)
    .mutation(({ ctx, input }) => testRepositoryConnection(ctx.db, input.id)),

  sync: operatorProcedure
    .meta({ openapi: { method: "POST", path: "/fabrics/{id}/sync", tags: ["gitops"], summary: "Start a sync (fetch Git, ingest); 202 with the operation to poll" } })
    .input(z.object({ id }))
    .output(z.object({ syncOperationId: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const actor = actorOf(ctx);
      const syncOperationId = await queueFabricSync(ctx.db, input.id, actor);
      // The durable fabric-sync workflow runs it (one sync per fabric at a time), manual syncs before scheduled ones.
      await sendEvent("fabric/sync.requested", { fabricId: input.id, syncOperationId, trigger: "manual", requestedBy: actor.username, priority: 300 });
      ctx.response.status = 202;
      return { syncOperationId };
    }),

  status: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/fabrics/{id}/gitops-status",
        tags: ["gitops"],
        summary: "Branch, HEAD commit, last ingest, per-file errors, pending change set, open pull requests, counts by lifecycle state",
      },
    })
    .input(z.object({ id }))
    .output(gitopsStatusOutput)
    .query(({ ctx, input }) => fabricGitopsStatus(ctx.db, input.id)),

  globalStatus: viewerProcedure
    .meta({ openapi: { method: "GET", path: "/gitops/global-status", tags: ["gitops"], summary: "The GitOps rollup of every fabric" } })
    .input(z.object({}).optional())
    .output(globalStatusOutput)
    .query(({ ctx }) => globalGitopsStatus(ctx.db)),

  submit: operatorProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/fabrics/{id}/github-sync",
        tags: ["gitops"],
        summary: "Submit the pending change set as one commit (push) or one pull request; 202",
      },
    })
    .input(z.object({ id, mode: z.enum(["push", "pull-request"]), message: z.string().trim().max(5000).optional() }))
    .output(z.object({ changeSetId: z.string(), syncOperationId: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const actor = actorOf(ctx);
      const queued = await queueSubmit(ctx.db, input.id, { mode: input.mode, message: input.message, actor });
      const fabric = await ctx.db.fabric.findUniqueOrThrow({ where: { id: input.id }, select: { gitRepositoryId: true } });
      // The changeset-submit workflow runs it: one submit per repository at a time.
      await sendEvent("changeset/submit.requested", {
        changeSetId: queued.changeSetId,
        repositoryId: fabric.gitRepositoryId ?? input.id,
        fabricId: input.id,
        syncOperationId: queued.syncOperationId,
        requestedBy: actor.username,
      });
      ctx.response.status = 202;
      return queued;
    }),

  syncOperations: viewerProcedure
    .meta({ openapi: { method: "GET", path: "/sync-operations", tags: ["gitops"], summary: "Sync history with per-step status, counts and errors" } })
    .input(pageInput.extend({ fabricId: z.string().min(1).optional() }))
    .output(pageOutput(syncOperationOutput))
    .query(({ ctx, input }) => listSyncOperations(ctx.db, input)),

  syncOperation: viewerProcedure
    .meta({ openapi: { method: "GET", path: "/sync-operations/{id}", tags: ["gitops"], summary: "One sync operation with its steps" } })
    .input(z.object({ id }))
    .output(syncOperationOutput)
    .query(({ ctx, input }) => getSyncOperation(ctx.db, input.id)),

  pendingChangeSet: viewerProcedure
    .meta({
      openapi: { method: "GET", path: "/fabrics/{id}/change-set", tags: ["gitops"], summary: "The pending change set with each item's before/after (null when none)" },
    })
    .input(z.object({ id }))
    .output(z.object({ changeSet: changeSetOutput.nullable() }))
    .query(async ({ ctx, input }) => ({ changeSet: await getPendingChangeSet(ctx.db, input.id) })),

  changeSets: viewerProcedure
    .meta({ openapi: { method: "GET", path: "/fabrics/{id}/change-sets", tags: ["gitops"], summary: "Recent change sets of a fabric (without items)" } })
    .input(z.object({ id, limit: z.coerce.number().int().min(1).max(200).default(50) }))
    .output(z.object({ items: z.array(changeSetOutput) }))
    .query(async ({ ctx, input }) => ({ items: await listChangeSets(ctx.db, input.id, input.limit) })),

  changeSet: viewerProcedure
    .meta({ openapi: { method: "GET", path: "/change-sets/{id}", tags: ["gitops"], summary: "One change set with its items" } })
    .input(z.object({ id }))
    .output(changeSetOutput)
    .query(({ ctx, input }) => getChangeSet(ctx.db, input.id)),

  discardItem: operatorProcedure
    .meta({
      openapi: { method: "DELETE", path: "/fabrics/{id}/change-set/items/{itemId}", tags: ["gitops"], summary: "Drop one edit: the object goes back to its Git version" },
    })
    .input(z.object({ id, itemId: id }))
    .output(z.object({ changeSet: changeSetOutput.nullable() }))
    .mutation(async ({ ctx, input }) => ({ changeSet: await discardItem(ctx.db, actorOf(ctx), input.id, input.itemId) })),

  resolveConflict: operatorProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/fabrics/{id}/change-set/items/{itemId}/resolve",
        tags: ["gitops"],
        summary: "Resolve a conflict: take-git drops the edit, keep-mine keeps it on top of Git's current version",
      },
    })
    .input(z.object({ id, itemId: id, resolution: z.enum(["take-git", "keep-mine"]) }))
    .output(z.object({ changeSet: changeSetOutput.nullable() }))
    .mutation(async ({ ctx, input }) => ({ changeSet: await resolveConflict(ctx.db, actorOf(ctx), input.id, input.itemId, input.resolution) })),

  revert: operatorProcedure
    .meta({
      openapi: { method: "POST", path: "/change-sets/{id}/revert", tags: ["gitops"], summary: "Revert a submitted change set: a new pending change set with the inverse" },
    })
    .input(z.object({ id }))
    .output(changeSetOutput)
    .mutation(async ({ ctx, input }) => {
      const set = await revertChangeSet(ctx.db, actorOf(ctx), input.id);
      ctx.response.status = 201;
      return set;
    }),
});
