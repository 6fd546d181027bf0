import { z } from "zod";
import { validateSources, toValidateResponse } from "@/lib/hedgehog/report";
import { KINDS } from "@/lib/hedgehog/registry";
import { notFound } from "@/server/services/errors";
import { pageOutput } from "@/server/services/pagination";
import {
  deleteResource,
  desiredObjects,
  getResource,
  lifecycleStateSchema,
  listResources,
  resourceCounts,
  resourceHistory,
  resourceListInput,
  resourceOutput,
  resourceSummaryOutput,
  resourceWriteInput,
  writeResource,
} from "@/server/services/resources";
import type { FabricConfig, HhObject } from "@/lib/hedgehog/types";
import { actorOf, operatorProcedure, router, viewerProcedure } from "../init";

const objectPath = z.object({ id: z.string().min(1), kind: z.string().min(1).max(64), name: z.string().min(1).max(253) });

const findingOutput = z.object({
  document: z.number().nullable(),
  kind: z.string(),
  name: z.string(),
  path: z.string(),
  rule: z.string(),
  message: z.string(),
  file: z.string().optional(),
  line: z.number().optional(),
});

const writeOutput = resourceOutput.extend({
  warnings: z.array(z.object({ path: z.string(), rule: z.string(), message: z.string() })),
});

export const resourcesRouter = router({
  list: viewerProcedure
    .meta({ openapi: { method: "GET", path: "/fabrics/{id}/resources", tags: ["resources"], summary: "A fabric's objects with their lifecycle state (kind, state, name or label=value filters)" } })
    .input(resourceListInput)
    .output(pageOutput(resourceSummaryOutput))
    .query(({ ctx, input }) => listResources(ctx.db, input)),

  counts: viewerProcedure
    .input(z.object({ id: z.string().min(1) }))
    .query(({ ctx, input }) => resourceCounts(ctx.db, input.id)),

  kinds: viewerProcedure.query(() =>
    KINDS.filter((k) => k.ingested).map((k) => ({ kind: k.kind, plural: k.plural, category: k.category, defaultPolicy: k.defaultPolicy, readOnly: k.readOnly, apiVersion: k.apiVersion })),
  ),

  get: viewerProcedure
    .meta({ openapi: { method: "GET", path: "/fabrics/{id}/resources/{kind}/{name}", tags: ["resources"], summary: "One object: desired, git and live versions, state, drift and findings" } })
    .input(objectPath)
    .output(resourceOutput)
    .query(({ ctx, input }) => getResource(ctx.db, input.id, input.kind, input.name)),

  history: viewerProcedure
    .meta({ openapi: { method: "GET", path: "/fabrics/{id}/resources/{kind}/{name}/history", tags: ["resources"], summary: "The object's state transitions, newest first" } })
    .input(objectPath)
    .output(
      z.array(
        z.object({
          id: z.string(),
          fromState: lifecycleStateSchema.nullable(),
          toState: lifecycleStateSchema,
          reason: z.string(),
          actor: z.string().nullable(),
          jobId: z.string().nullable(),
          createdAt: z.string(),
        }),
      ),
    )
    .query(({ ctx, input }) => resourceHistory(ctx.db, input.id, input.kind, input.name)),

  create: operatorProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/fabrics/{id}/resources",
        tags: ["resources"],
        summary: "Create an object (JSON `{object}` or `{yaml}`; or the YAML itself with Content-Type: application/yaml): 201, or 422 with the failed rules",
      },
    })
    .input(resourceWriteInput.extend({ id: z.string().min(1) }))
    .output(writeOutput)
    .mutation(async ({ ctx, input }) => {
      const { resource, warnings } = await writeResource(ctx.db, actorOf(ctx), input.id, input, { op: "create" });
      ctx.response.status = 201;
      return { ...resource, warnings };
    }),

  update: operatorProcedure
    .meta({
      openapi: {
        method: "PUT",
        path: "/fabrics/{id}/resources/{kind}/{name}",
        tags: ["resources"],
        summary: "Replace an object's desired version; a stale `version` answers 409, a broken rule 422",
      },
    })
    .input(resourceWriteInput.extend(objectPath.shape))
    .output(writeOutput)
    .mutation(async ({ ctx, input }) => {
      const { resource, warnings } = await writeResource(ctx.db, actorOf(ctx), input.id, input, { op: "update", kind: input.kind, name: input.name });
      return { ...resource, warnings };
    }),

  delete: operatorProcedure
    .meta({ openapi: { method: "DELETE", path: "/fabrics/{id}/resources/{kind}/{name}", tags: ["resources"], summary: "Delete an object (a pending deletion when it is in Git)" } })
    .input(objectPath.extend({ version: z.coerce.number().int().min(1).optional() }))
    .output(z.object({ deleted: z.enum(["removed", "pending"]) }))
    .mutation(({ ctx, input }) => deleteResource(ctx.db, actorOf(ctx), input.id, input.kind, input.name, { version: input.version })),

  validate: viewerProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/validate",
        tags: ["resources"],
        summary: "Validate YAML (one or many documents) with the fabric's rules; body is the YAML text (Content-Type: application/yaml) or `{yaml}`",
      },
    })
    .input(z.object({ yaml: z.string().max(20_000_000), fabricId: z.string().min(1).optional(), file: z.string().max(500).optional() }))
    .output(
      z.object({
        valid: z.boolean(),
        objects: z.number().int(),
        errors: z.array(findingOutput),
        warnings: z.array(findingOutput),
        skipped: z.array(z.object({ file: z.string(), document: z.number(), apiVersion: z.string().optional(), kind: z.string().optional(), name: z.string().optional(), reason: z.string() })),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      // With a fabric, the YAML is checked in that fabric's context: references to its objects resolve.
      let config: Partial<FabricConfig> | undefined;
      let context: HhObject[] | undefined;
      if (input.fabricId) {
        const fabric = await ctx.db.fabric.findUnique({ where: { id: input.fabricId }, select: { fabricConfig: true } });
        if (!fabric) throw notFound("Fabric");
        config = fabric.fabricConfig as Partial<FabricConfig>;
        context = await desiredObjects(ctx.db, input.fabricId);
      }
      return toValidateResponse(validateSources([{ file: input.file ?? "request", text: input.yaml }], config, { context }));
    }),
});
