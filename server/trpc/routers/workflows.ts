import { z } from "zod";
import { engineOverview, engineOverviewOutput, getRun, listRuns, runListInput, runOutput } from "@/server/services/workflows";
import { pageInput, pageOutput } from "@/server/services/pagination";
import { router, viewerProcedure } from "../init";

export const workflowsRouter = router({
  overview: viewerProcedure
    .meta({ openapi: { method: "GET", path: "/workflows", tags: ["workflows"], summary: "Workflow engine: mode, queue length, run counts, functions" } })
    .input(z.object({}).optional())
    .output(engineOverviewOutput)
    .query(({ ctx }) => engineOverview(ctx.db)),

  runs: viewerProcedure
    .meta({ openapi: { method: "GET", path: "/workflow-runs", tags: ["workflows"], summary: "Workflow runs of the embedded engine, newest first, with their steps" } })
    .input(pageInput.extend(runListInput.shape))
    .output(pageOutput(runOutput))
    .query(({ ctx, input }) => listRuns(ctx.db, input, input)),

  run: viewerProcedure
    .meta({ openapi: { method: "GET", path: "/workflow-runs/{id}", tags: ["workflows"], summary: "One workflow run with its step timeline" } })
    .input(z.object({ id: z.string().min(1) }))
    .output(runOutput)
    .query(({ ctx, input }) => getRun(ctx.db, input.id)),
});
