import { z } from "zod";
import {
  applyChangeSet,
  clusterSummary,
  clusterSummaryOutput,
  listLiveObjects,
  liveListInput,
  liveObjectOutput,
  previewApply,
  testFabricConnection,
} from "@/server/services/kubernetes";
import { pageInput, pageOutput } from "@/server/services/pagination";
import { actorOf, operatorProcedure, router, viewerProcedure } from "../init";

const id = z.object({ id: z.string().min(1) });

const permission = z.object({
  kind: z.string(),
  resource: z.string(),
  list: z.boolean(),
  get: z.boolean(),
  watch: z.boolean(),
  patch: z.boolean(),
  error: z.string().optional(),
});

const connectionOutput = z.object({
  ok: z.boolean(),
  message: z.string(),
  details: z.object({
    server: z.string(),
    namespace: z.string(),
    serverVersion: z.string().nullable(),
    latencyMs: z.number().int().nullable(),
    hedgehog: z.boolean().nullable(),
    gateway: z.boolean().nullable(),
    kinds: z.array(permission),
    missingKinds: z.array(z.string()),
    failure: z.string().nullable(),
    credentialsExpired: z.boolean(),
    breaker: z.object({ state: z.string(), failures: z.number().int(), openedAt: z.string().nullable() }),
  }),
});

const applyItem = z.object({
  kind: z.string(),
  namespace: z.string(),
  name: z.string(),
  action: z.enum(["create", "update", "delete"]),
  ok: z.boolean(),
  outcome: z.string(),
  message: z.string(),
  causes: z.array(z.object({ reason: z.string().optional(), message: z.string().optional(), field: z.string().optional() })).optional(),
  conflicts: z.array(z.object({ manager: z.string(), field: z.string().nullable(), message: z.string() })).optional(),
});

const applyOutput = z.object({
  changeSetId: z.string().nullable(),
  dryRun: z.boolean(),
  ok: z.boolean(),
  status: z.string(),
  appliedChangeSetId: z.string().nullable(),
  counts: z.object({ total: z.number().int(), ok: z.number().int(), failed: z.number().int() }),
  items: z.array(applyItem),
});

export const kubernetesRouter = router({
  testConnection: operatorProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/fabrics/{id}/test-connection",
        tags: ["kubernetes"],
        summary: "Test the fabric's cluster connection (version, Hedgehog APIs, permissions per kind); 200 whether or not the cluster answered",
      },
    })
    .input(id)
    .output(connectionOutput)
    .mutation(({ ctx, input }) => testFabricConnection(ctx.db, input.id)),

  cluster: viewerProcedure
    .meta({ openapi: { method: "GET", path: "/fabrics/{id}/cluster", tags: ["kubernetes"], summary: "Connection status, circuit breaker and live object counts of a fabric" } })
    .input(id)
    .output(clusterSummaryOutput)
    .query(({ ctx, input }) => clusterSummary(ctx.db, input.id)),

  live: viewerProcedure
    .meta({ openapi: { method: "GET", path: "/fabrics/{id}/live", tags: ["kubernetes"], summary: "Live objects (per kind) with their lifecycle state and cluster status, paginated" } })
    .input(pageInput.extend(liveListInput.shape).extend(id.shape))
    .output(pageOutput(liveObjectOutput))
    .query(({ ctx, input: { id: fabricId, limit, cursor, ...filter } }) => listLiveObjects(ctx.db, fabricId, { limit, cursor }, filter)),

  previewApply: operatorProcedure
    .meta({ openapi: { method: "POST", path: "/fabrics/{id}/apply/preview", tags: ["kubernetes"], summary: "Dry-run server-side apply of the pending change set (direct mode; 409 otherwise)" } })
    .input(id.extend({ force: z.boolean().optional() }))
    .output(applyOutput)
    .mutation(({ ctx, input }) => previewApply(ctx.db, input.id, { force: input.force })),

  applyChangeSet: operatorProcedure
    .meta({ openapi: { method: "POST", path: "/fabrics/{id}/apply", tags: ["kubernetes"], summary: "Apply the pending change set to the cluster by server-side apply (direct mode; 409 otherwise)" } })
    .input(id.extend({ changeSetId: z.string().min(1), force: z.boolean().optional() }))
    .output(applyOutput)
    .mutation(({ ctx, input }) => applyChangeSet(ctx.db, input.id, input.changeSetId, actorOf(ctx), { force: input.force })),
});
