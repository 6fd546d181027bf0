import type { PrismaClient } from "@/server/db";
import { env } from "@/server/env";
import { verifyPassword } from "./passwords";
import type { RoleName } from "@/lib/roles";

export interface AuthenticatedUser {
  id: string;
  username: string;
  role: RoleName;
}

export type CredentialCheck =
  | { ok: true; user: AuthenticatedUser }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; retryAfterSeconds: number };

/**
 * The one check of a username and password, used by the login form and by `POST /api/v1/auth/tokens`.
 * Brute force is locked out per username and address: after HFM_LOGIN_MAX_FAILURES failures within
 * HFM_LOGIN_WINDOW_SECONDS (since the last success), even the right password is refused until the window passes.
 */
export async function checkCredentials(
  db: PrismaClient,
  input: { username: string; password: string; ip: string },
): Promise<CredentialCheck> {
  const username = input.username.trim();
  const windowMs = env.HFM_LOGIN_WINDOW_SECONDS * 1000;
  const since = new Date(Date.now() - windowMs);
  const lastSuccess = await db.loginAttempt.findFirst({
    where: { username, ip: input.ip, success: true, createdAt: { gte: since } },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  const failures = await db.loginAttempt.findMany({
    where: {
      username,
      ip: input.ip,
      success: false,
      createdAt: { gte: lastSuccess && lastSuccess.createdAt > since ? lastSuccess.createdAt : since },
    },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
    take: env.HFM_LOGIN_MAX_FAILURES,
  });
  if (failures.length >= env.HFM_LOGIN_MAX_FAILURES) {
    const oldest = failures[0]!.createdAt.getTime();
    const retryAfterSeconds = Math.max(1, Math.ceil((oldest + windowMs - Date.now()) / 1000));
    return { ok: false, reason: "locked", retryAfterSeconds };
  }

  const user = await db.user.findUnique({ where: { username } });
  const valid = await verifyPassword(input.password, user?.passwordHash);
  const ok = valid && !!user && !user.disabled;
  await db.loginAttempt.create({ data: { username, ip: input.ip, success: ok } });
  if (!ok || !user) return { ok: false, reason: "invalid" };
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { ok: true, user: { id: user.id, username: user.username, role: user.role } };
}

/** The client address of a request, as the reverse proxy / Next server reports it. */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  if (forwarded) return forwarded.split(",")[0]!.trim();
  return headers.get("x-real-ip") ?? "unknown";
}
