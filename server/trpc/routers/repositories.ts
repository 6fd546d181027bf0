import { z } from "zod";
import { pageInput, pageOutput } from "@/server/services/pagination";
import {
  createRepository,
  deleteRepository,
  getRepository,
  listRepositories,
  repositoryCreateInput,
  repositoryOutput,
  repositoryUpdateInput,
  updateRepository,
} from "@/server/services/repositories";
import { actorOf, adminProcedure, router, viewerProcedure } from "../init";

export const repositoriesRouter = router({
  list: viewerProcedure
    .meta({ openapi: { method: "GET", path: "/git-repositories", tags: ["git-repositories"], summary: "List Git repositories" } })
    .input(pageInput)
    .output(pageOutput(repositoryOutput))
    .query(({ ctx, input }) => listRepositories(ctx.db, input)),

  get: viewerProcedure
    .meta({ openapi: { method: "GET", path: "/git-repositories/{id}", tags: ["git-repositories"], summary: "One Git repository" } })
    .input(z.object({ id: z.string().min(1) }))
    .output(repositoryOutput)
    .query(({ ctx, input }) => getRepository(ctx.db, input.id)),

  create: adminProcedure
    .meta({ openapi: { method: "POST", path: "/git-repositories", tags: ["git-repositories"], summary: "Register a Git repository (credentials are write-only)" } })
    .input(repositoryCreateInput)
    .output(repositoryOutput)
    .mutation(async ({ ctx, input }) => {
      const repo = await createRepository(ctx.db, actorOf(ctx), input);
      ctx.response.status = 201;
      return repo;
    }),

  update: adminProcedure
    .meta({ openapi: { method: "PATCH", path: "/git-repositories/{id}", tags: ["git-repositories"], summary: "Change a Git repository; omit a credential to keep it, null clears it" } })
    .input(repositoryUpdateInput.extend({ id: z.string().min(1) }))
    .output(repositoryOutput)
    .mutation(({ ctx, input: { id, ...data } }) => updateRepository(ctx.db, actorOf(ctx), id, data)),

  delete: adminProcedure
    .meta({ openapi: { method: "DELETE", path: "/git-repositories/{id}", tags: ["git-repositories"], summary: "Delete a Git repository no fabric uses" } })
    .input(z.object({ id: z.string().min(1) }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteRepository(ctx.db, actorOf(ctx), input.id);
      return { ok: true as const };
    }),
});
