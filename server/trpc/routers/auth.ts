import { z } from "zod";
import { checkCredentials } from "@/server/auth/credentials";
import { permissionsOf, ROLES } from "@/lib/roles";
import { DomainError } from "@/server/services/errors";
import { createApiToken, listApiTokens, revokeApiToken, tokenOutput } from "@/server/services/users";
import { actorOf, publicProcedure, router, viewerProcedure } from "../init";

const createTokenInput = z.object({
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(1000),
  name: z.string().trim().min(1).max(100).optional(),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

const createMyTokenInput = z.object({
  name: z.string().trim().min(1, "Give the token a name").max(100),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export const authRouter = router({
  createToken: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/auth/tokens",
        tags: ["auth"],
        summary: "Create an API token from a username and password (the token is shown once)",
      },
    })
    .input(createTokenInput)
    .output(z.object({ id: z.string(), token: z.string(), expiresAt: z.string().nullable() }))
    .mutation(async ({ ctx, input }) => {
      const check = await checkCredentials(ctx.db, { username: input.username, password: input.password, ip: ctx.ip });
      if (!check.ok && check.reason === "locked") {
        throw new DomainError("TOO_MANY_REQUESTS", `Too many failed logins for ${input.username} from this address; try again in ${check.retryAfterSeconds} s`, {
          retryAfterSeconds: check.retryAfterSeconds,
        });
      }
      if (!check.ok) throw new DomainError("UNAUTHORIZED", "Wrong username or password");
      const created = await createApiToken(ctx.db, { username: check.user.username, type: "user", ip: ctx.ip }, check.user.id, input);
      ctx.response.status = 201;
      return created;
    }),

  createMyToken: viewerProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/auth/my-tokens",
        tags: ["auth"],
        summary: "Create an API token for the signed-in user (browser session only; the token is shown once)",
      },
    })
    .input(createMyTokenInput)
    .output(z.object({ id: z.string(), token: z.string(), expiresAt: z.string().nullable() }))
    .mutation(async ({ ctx, input }) => {
      // A token must not mint tokens: that would let a leaked, expiring token outlive its own expiry.
      if (ctx.via !== "session") {
        throw new DomainError("FORBIDDEN", "Create tokens from a signed-in browser session, or with POST /auth/tokens and your password");
      }
      const created = await createApiToken(ctx.db, actorOf(ctx), ctx.user.id, input);
      ctx.response.status = 201;
      return created;
    }),

  listTokens: viewerProcedure
    .meta({ openapi: { method: "GET", path: "/auth/tokens", tags: ["auth"], summary: "Your API tokens (never their values)" } })
    .input(z.void())
    .output(z.array(tokenOutput))
    .query(({ ctx }) => listApiTokens(ctx.db, ctx.user.id)),

  revokeToken: viewerProcedure
    .meta({ openapi: { method: "DELETE", path: "/auth/tokens/{id}", tags: ["auth"], summary: "Revoke one of your API tokens" } })
    .input(z.object({ id: z.string().min(1) }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await revokeApiToken(ctx.db, actorOf(ctx), ctx.user.id, input.id);
      return { ok: true as const };
    }),

  me: viewerProcedure
    .meta({ openapi: { method: "GET", path: "/me", tags: ["auth"], summary: "The caller" } })
    .input(z.void())
    .output(
      z.object({
        id: z.string(),
        username: z.string(),
        role: z.enum(ROLES),
        via: z.enum(["session", "token", "none"]),
        permissions: z.object({ read: z.boolean(), edit: z.boolean(), sync: z.boolean(), acknowledgeAlerts: z.boolean(), admin: z.boolean() }),
      }),
    )
    .query(({ ctx }) => ({ ...ctx.user, via: ctx.via, permissions: permissionsOf(ctx.user.role) })),
});
