import { z } from "zod";
import {
  createFabric,
  deleteFabric,
  fabricCreateInput,
  fabricListInput,
  fabricOutput,
  fabricUpdateInput,
  getFabric,
  listFabrics,
  updateFabric,
} from "@/server/services/fabrics";
import { pageInput, pageOutput } from "@/server/services/pagination";
import { actorOf, adminProcedure, router, viewerProcedure } from "../init";

export const fabricsRouter = router({
  list: viewerProcedure
    .meta({ openapi: { method: "GET", path: "/fabrics", tags: ["fabrics"], summary: "List fabrics" } })
    .input(pageInput.extend(fabricListInput.shape))
    .output(pageOutput(fabricOutput))
    .query(({ ctx, input: { limit, cursor, ...filter } }) => listFabrics(ctx.db, { limit, cursor }, filter)),

  get: viewerProcedure
    .meta({ openapi: { method: "GET", path: "/fabrics/{id}", tags: ["fabrics"], summary: "One fabric" } })
    .input(z.object({ id: z.string().min(1) }))
    .output(fabricOutput)
    .query(({ ctx, input }) => getFabric(ctx.db, input.id)),

  create: adminProcedure
    .meta({ openapi: { method: "POST", path: "/fabrics", tags: ["fabrics"], summary: "Create a fabric (the Kubernetes token is write-only)" } })
    .input(fabricCreateInput)
    .output(fabricOutput)
    .mutation(async ({ ctx, input }) => {
      const fabric = await createFabric(ctx.db, actorOf(ctx), input);
      ctx.response.status = 201;
      return fabric;
    }),

  update: adminProcedure
    .meta({ openapi: { method: "PATCH", path: "/fabrics/{id}", tags: ["fabrics"], summary: "Change a fabric; omit the token to keep it, null clears it" } })
    .input(fabricUpdateInput.extend({ id: z.string().min(1) }))
    .output(fabricOutput)
    .mutation(({ ctx, input: { id, ...data } }) => updateFabric(ctx.db, actorOf(ctx), id, data)),

  delete: adminProcedure
    .meta({ openapi: { method: "DELETE", path: "/fabrics/{id}", tags: ["fabrics"], summary: "Delete a fabric and everything HFM holds about it" } })
    .input(z.object({ id: z.string().min(1) }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteFabric(ctx.db, actorOf(ctx), input.id);
      return { ok: true as const };
    }),
});
