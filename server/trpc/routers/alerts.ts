import { z } from "zod";
import { acknowledgeAlert, alertDetailOutput, alertFilterInput, alertOutput, getAlert, listAlerts, resolveAlert } from "@/server/services/alerts";
import { pageInput, pageOutput } from "@/server/services/pagination";
import { actorOf, operatorProcedure, router, viewerProcedure } from "../init";

const actionInput = z.object({ id: z.string().min(1), comment: z.string().trim().max(2000).optional() });

export const alertsRouter = router({
  list: viewerProcedure
    .meta({ openapi: { method: "GET", path: "/alerts", tags: ["alerts"], summary: "Reconciliation alerts, newest first" } })
    .input(pageInput.extend(alertFilterInput.shape))
    .output(pageOutput(alertOutput))
    .query(({ ctx, input: { limit, cursor, ...filter } }) => listAlerts(ctx.db, { limit, cursor }, filter)),

  get: viewerProcedure
    .meta({ openapi: { method: "GET", path: "/alerts/{id}", tags: ["alerts"], summary: "One alert with its details and history" } })
    .input(z.object({ id: z.string().min(1) }))
    .output(alertDetailOutput)
    .query(({ ctx, input }) => getAlert(ctx.db, input.id)),

  acknowledge: operatorProcedure
    .meta({ openapi: { method: "POST", path: "/alerts/{id}/acknowledge", tags: ["alerts"], summary: "Acknowledge an open alert" } })
    .input(actionInput)
    .output(alertOutput)
    .mutation(({ ctx, input }) => acknowledgeAlert(ctx.db, actorOf(ctx), input.id, input.comment)),

  resolve: operatorProcedure
    .meta({ openapi: { method: "POST", path: "/alerts/{id}/resolve", tags: ["alerts"], summary: "Resolve an alert with an optional comment" } })
    .input(actionInput)
    .output(alertOutput)
    .mutation(({ ctx, input }) => resolveAlert(ctx.db, actorOf(ctx), input.id, input.comment)),
});
