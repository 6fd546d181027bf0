/**
 * tRPC, read top to bottom:
 *   1. context — who is calling (session cookie or Bearer API token) and the database; `createInnerContext` is what
 *      tests call without a request;
 *   2. init — transformer, error formatter, and the mapping of domain errors to HTTP status codes;
 *   3. procedures — public, and one per role. Roles are enforced here and only here, for tRPC and REST alike.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError } from "zod";
import { getDb, type PrismaClient } from "@/server/db";
import { hashApiToken } from "@/server/auth/api-tokens";
import { clientIp, type AuthenticatedUser } from "@/server/auth/credentials";
import { sessionUserId } from "@/server/auth/session";
import { hasRole, type RoleName } from "@/lib/roles";
import { logger, redactSecrets } from "@/server/logger";
import type { Actor } from "@/server/services/audit";
import { DomainError, type FieldIssue } from "@/server/services/errors";

// ───────────── 1. context ─────────────

export interface Context {
  db: PrismaClient;
  user: AuthenticatedUser | null;
  /** How the caller authenticated: a browser session, an API token, or nobody. */
  via: "session" | "token" | "none";
  /** Why a presented credential was refused (for a precise 401). */
  authError?: string;
  ip: string;
  /** Set by a procedure to answer REST with another success status (201, 202) or extra headers. */
  response: { status?: number; headers: Record<string, string> };
}

export function createInnerContext(opts: {
  db: PrismaClient;
  user?: AuthenticatedUser | null;
  via?: Context["via"];
  ip?: string;
  authError?: string;
}): Context {
  return {
    db: opts.db,
    user: opts.user ?? null,
    via: opts.via ?? (opts.user ? "session" : "none"),
    authError: opts.authError,
    ip: opts.ip ?? "unknown",
    response: { headers: {} },
  };
}

/** Resolves the caller of an HTTP request: `Authorization: Bearer <token>` first, else the Auth.js session. */
export async function createRequestContext(req: Request): Promise<Context> {
  const db = await getDb();
  const ip = clientIp(req.headers);
  const authorization = req.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) return createInnerContext({ db, ip, authError: "The Authorization header must be 'Bearer <API token>'" });
    const row = await db.apiToken.findUnique({ where: { tokenHash: hashApiToken(match[1]!) }, include: { user: true } });
    const now = new Date();
    if (!row || row.revokedAt || row.user.disabled) {
      return createInnerContext({ db, ip, authError: "The API token is not valid (unknown, revoked, or its user is disabled)" });
    }
    if (row.expiresAt && row.expiresAt <= now) {
      return createInnerContext({ db, ip, authError: `The API token expired at ${row.expiresAt.toISOString()}; create a new one` });
    }
    // Record use at most once a minute per token, so reads do not turn into writes.
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
      await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
    }
    return createInnerContext({ db, ip, via: "token", user: { id: row.user.id, username: row.user.username, role: row.user.role } });
  }
  const userId = await sessionUserId(req);
  if (!userId) return createInnerContext({ db, ip });
  // Roles and accounts can change while a session lives: read them fresh.
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user || user.disabled) return createInnerContext({ db, ip, authError: "Your account no longer exists or is disabled" });
  return createInnerContext({ db, ip, via: "session", user: { id: user.id, username: user.username, role: user.role } });
}

export function actorOf(ctx: Pick<Context, "user" | "via" | "ip">): Actor {
  return { username: ctx.user?.username ?? null, type: ctx.via === "token" ? "token" : "user", ip: ctx.ip };
}

// ───────────── 2. init ─────────────

const DOMAIN_TO_TRPC = {
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  BAD_REQUEST: "BAD_REQUEST",
  FORBIDDEN: "FORBIDDEN",
  UNPROCESSABLE: "UNPROCESSABLE_CONTENT",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  UNAUTHORIZED: "UNAUTHORIZED",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
} as const;

const t = initTRPC
  .meta<OpenApiMeta>()
  .context<Context>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      const issues: FieldIssue[] | undefined =
        cause instanceof ZodError
          ? cause.issues.map((i) => ({ path: i.path.join("."), message: i.message }))
          : cause instanceof DomainError
            ? cause.details?.issues
            : undefined;
      return {
        ...shape,
        message: error.code === "INTERNAL_SERVER_ERROR" ? "Internal server error" : redactSecrets(shape.message),
        data: { ...shape.data, stack: undefined, issues },
      };
    },
  });

/** Turns DomainErrors thrown by services into TRPCErrors with the right code; logs real faults once. */
const errorMapping = t.middleware(async ({ ctx, next, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof DomainError) {
      if (cause.details?.retryAfterSeconds) ctx.response.headers["Retry-After"] = String(cause.details.retryAfterSeconds);
      const mapped = new TRPCError({ code: DOMAIN_TO_TRPC[cause.code], message: cause.message, cause });
      return { ...result, error: mapped };
    }
    if (result.error.code === "INTERNAL_SERVER_ERROR") {
      logger.error({ err: result.error.cause ?? result.error, path }, "procedure failed");
    }
  }
  return result;
});

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

// ───────────── 3. procedures ─────────────

export const publicProcedure = t.procedure.use(errorMapping);

function requireRole(role: RoleName) {
  return t.middleware(({ ctx, next }) => {
    if (!ctx.user) {
      throw new TRPCError({
        code: "UNAUTHORIZED",
        message: ctx.authError ?? "Authentication required: sign in, or send 'Authorization: Bearer <API token>'",
      });
    }
    if (!hasRole(ctx.user.role, role)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `This needs the ${role} role; ${ctx.user.username} has the ${ctx.user.role} role`,
      });
    }
    return next({ ctx: { ...ctx, user: ctx.user } });
  });
}

export const viewerProcedure = publicProcedure.use(requireRole("viewer"));
export const operatorProcedure = publicProcedure.use(requireRole("operator"));
export const adminProcedure = publicProcedure.use(requireRole("admin"));
