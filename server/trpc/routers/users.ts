import { z } from "zod";
import { pageInput, pageOutput } from "@/server/services/pagination";
import { createUser, deleteUser, listUsers, updateUser, userCreateInput, userOutput, userUpdateInput } from "@/server/services/users";
import { actorOf, adminProcedure, router } from "../init";

export const usersRouter = router({
  list: adminProcedure
    .meta({ openapi: { method: "GET", path: "/users", tags: ["users"], summary: "List users" } })
    .input(pageInput)
    .output(pageOutput(userOutput))
    .query(({ ctx, input }) => listUsers(ctx.db, input)),

  create: adminProcedure
    .meta({ openapi: { method: "POST", path: "/users", tags: ["users"], summary: "Create a user" } })
    .input(userCreateInput)
    .output(userOutput)
    .mutation(async ({ ctx, input }) => {
      const user = await createUser(ctx.db, actorOf(ctx), input);
      ctx.response.status = 201;
      return user;
    }),

  update: adminProcedure
    .meta({ openapi: { method: "PATCH", path: "/users/{id}", tags: ["users"], summary: "Change a user's role, password or disabled flag" } })
    .input(userUpdateInput.extend({ id: z.string().min(1) }))
    .output(userOutput)
    .mutation(({ ctx, input: { id, ...data } }) => updateUser(ctx.db, actorOf(ctx), id, data)),

  delete: adminProcedure
    .meta({ openapi: { method: "DELETE", path: "/users/{id}", tags: ["users"], summary: "Delete a user" } })
    .input(z.object({ id: z.string().min(1) }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteUser(ctx.db, { ...actorOf(ctx), userId: ctx.user.id }, input.id);
      return { ok: true as const };
    }),
});
