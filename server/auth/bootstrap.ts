import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { PrismaClient } from "@/server/db";
import { hashPassword } from "./passwords";

/**
 * First start: when no user exists, create the admin from HFM_ADMIN_USERNAME / HFM_ADMIN_PASSWORD, or with a
 * generated password that is returned (to be printed once) and never stored in clear.
 */
export async function ensureAdmin(
  db: PrismaClient,
  opts: { username: string; password?: string },
): Promise<{ created: boolean; generatedPassword?: string }> {
  const existing = await db.user.count();
  if (existing > 0) return { created: false };
  const generatedPassword = opts.password ? undefined : randomBytes(12).toString("base64url");
  const password = opts.password ?? generatedPassword!;
  await db.user.create({
    data: { username: opts.username, passwordHash: await hashPassword(password), role: "admin" },
  });
  await db.auditLog.create({
    data: { actor: "system", actorType: "system", action: "user.create", objectType: "User", objectName: opts.username },
  });
  return { created: true, generatedPassword };
}

/** The Auth.js signing secret: AUTH_SECRET, or one generated once into the data directory (mode 0600). */
export function loadAuthSecret(opts: { secret?: string; dataDir: string }): string {
  if (opts.secret) return opts.secret;
  const file = path.join(opts.dataDir, "auth-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  try {
    fs.writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
    return secret;
  } catch {
    // Another worker created it first: use theirs.
    return fs.readFileSync(file, "utf8").trim();
  }
}
