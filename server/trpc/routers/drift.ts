import { z } from "zod";
import { createWebhook, deleteWebhook, listWebhooks, testWebhook, updateWebhook, webhookCreateInput, webhookOutput, webhookUpdateInput } from "@/server/services/alerts";
import {
  createIgnoreRule,
  deleteIgnoreRule,
  driftReport,
  driftReportInput,
  driftReportOutput,
  driftTrend,
  driftTrendInput,
  driftTrendOutput,
  ignoreRuleCreateInput,
  ignoreRuleListInput,
  ignoreRuleOutput,
  listIgnoreRules,
  selfHeal,
} from "@/server/services/drift";
import { actorOf, adminProcedure, operatorProcedure, router, viewerProcedure } from "../init";

const effectOutput = z.object({
  evaluated: z.number().int(),
  states: z.record(z.string(), z.number().int()).nullable(),
  alerts: z.object({ opened: z.array(z.string()), repeated: z.array(z.string()), resolved: z.array(z.string()) }),
});

export const driftRouter = router({
  report: viewerProcedure
    .meta({ openapi: { method: "GET", path: "/fabrics/{id}/drift", tags: ["drift"], summary: "Drifted, orphaned and missing objects with field-level diffs, and counts by state, kind and severity" } })
    .input(driftReportInput)
    .output(driftReportOutput)
    .query(({ ctx, input }) => driftReport(ctx.db, input)),

  trend: viewerProcedure
    .meta({ openapi: { method: "GET", path: "/fabrics/{id}/drift/trend", tags: ["drift"], summary: "Drifted, orphaned and missing objects over time (from the recorded state transitions)" } })
    .input(driftTrendInput)
    .output(driftTrendOutput)
    .query(({ ctx, input }) => driftTrend(ctx.db, input)),

  selfHeal: operatorProcedure
    .meta({ openapi: { method: "POST", path: "/fabrics/{id}/self-heal", tags: ["drift"], summary: "Restore Git's version of drifted objects (only with self-heal on and direct apply mode)" } })
    .input(z.object({ id: z.string().min(1) }))
    .output(z.object({ status: z.string(), message: z.string(), applied: z.number().int(), failed: z.array(z.object({ kind: z.string(), name: z.string(), error: z.string() })) }))
    .mutation(({ ctx, input }) => selfHeal(ctx.db, input.id, { actor: actorOf(ctx) })),

  ignoreRules: viewerProcedure
    .meta({ openapi: { method: "GET", path: "/ignore-rules", tags: ["drift"], summary: "Drift ignore rules (with fabricId: that fabric's and the global ones)" } })
    .input(ignoreRuleListInput)
    .output(z.object({ items: z.array(ignoreRuleOutput) }))
    .query(async ({ ctx, input }) => ({ items: await listIgnoreRules(ctx.db, input) })),

  createIgnoreRule: operatorProcedure
    .meta({ openapi: { method: "POST", path: "/ignore-rules", tags: ["drift"], summary: "Ignore a field (JSON pointer, `*` matches one segment) for a kind and/or fabric; re-evaluates drift at once" } })
    .input(ignoreRuleCreateInput)
    .output(ignoreRuleOutput.extend({ effect: effectOutput }))
    .mutation(async ({ ctx, input }) => {
      const rule = await createIgnoreRule(ctx.db, actorOf(ctx), input);
      ctx.response.status = 201;
      return rule;
    }),

  deleteIgnoreRule: operatorProcedure
    .meta({ openapi: { method: "DELETE", path: "/ignore-rules/{id}", tags: ["drift"], summary: "Remove an ignore rule; re-evaluates drift at once" } })
    .input(z.object({ id: z.string().min(1) }))
    .output(z.object({ ok: z.literal(true), effect: effectOutput }))
    .mutation(async ({ ctx, input }) => ({ ok: true as const, ...(await deleteIgnoreRule(ctx.db, actorOf(ctx), input.id)) })),

  webhooks: adminProcedure
    .meta({ openapi: { method: "GET", path: "/webhooks", tags: ["webhooks"], summary: "Alert notification webhooks (secrets are never returned)" } })
    .input(z.void())
    .output(z.object({ items: z.array(webhookOutput) }))
    .query(async ({ ctx }) => ({ items: await listWebhooks(ctx.db) })),

  createWebhook: adminProcedure
    .meta({ openapi: { method: "POST", path: "/webhooks", tags: ["webhooks"], summary: "Add a webhook for the installation (fabricId null) or one fabric; the secret is write-only" } })
    .input(webhookCreateInput)
    .output(webhookOutput)
    .mutation(async ({ ctx, input }) => {
      const hook = await createWebhook(ctx.db, actorOf(ctx), input);
      ctx.response.status = 201;
      return hook;
    }),

  updateWebhook: adminProcedure
    .meta({ openapi: { method: "PATCH", path: "/webhooks/{id}", tags: ["webhooks"], summary: "Change a webhook; omit the secret to keep it, null removes it" } })
    .input(webhookUpdateInput)
    .output(webhookOutput)
    .mutation(({ ctx, input }) => updateWebhook(ctx.db, actorOf(ctx), input)),

  deleteWebhook: adminProcedure
    .meta({ openapi: { method: "DELETE", path: "/webhooks/{id}", tags: ["webhooks"], summary: "Delete a webhook" } })
    .input(z.object({ id: z.string().min(1) }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteWebhook(ctx.db, actorOf(ctx), input.id);
      return { ok: true as const };
    }),

  testWebhook: adminProcedure
    .meta({ openapi: { method: "POST", path: "/webhooks/{id}/test", tags: ["webhooks"], summary: "Send a test notification (one attempt)" } })
    .input(z.object({ id: z.string().min(1) }))
    .output(z.object({ ok: z.boolean(), attempts: z.number().int(), status: z.number().int().nullable(), error: z.string().nullable() }))
    .mutation(({ ctx, input }) => testWebhook(ctx.db, input.id)),
});
