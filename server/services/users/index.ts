import { z } from "zod";
import type { PrismaClient } from "@/server/db";
import { generateApiToken } from "@/server/auth/api-tokens";
import { hashPassword } from "@/server/auth/passwords";
import { ROLES } from "@/lib/roles";
import { recordAudit, type Actor } from "@/server/services/audit";
import { DomainError, isUniqueViolation, notFound } from "@/server/services/errors";
import { pageArgs, toPage, type PageInput } from "@/server/services/pagination";

export const roleSchema = z.enum(ROLES);
const usernameSchema = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[a-zA-Z0-9._@-]+$/, "Use letters, digits and . _ @ - only");
const passwordSchema = z.string().min(8, "At least 8 characters").max(200);

export const userCreateInput = z.object({ username: usernameSchema, password: passwordSchema, role: roleSchema });
export const userUpdateInput = z.object({
  password: passwordSchema.optional(),
  role: roleSchema.optional(),
  disabled: z.boolean().optional(),
});

export const userOutput = z.object({
  id: z.string(),
  username: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type UserDto = z.infer<typeof userOutput>;

type UserRow = { id: string; username: string; role: (typeof ROLES)[number]; disabled: boolean; lastLoginAt: Date | null; createdAt: Date };

function toDto(u: UserRow): UserDto {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    disabled: u.disabled,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

export async function listUsers(db: PrismaClient, page: PageInput) {
  const rows = await db.user.findMany({ orderBy: [{ username: "asc" }, { id: "asc" }], ...pageArgs(page) });
  return toPage(rows, page, toDto);
}

export async function createUser(db: PrismaClient, actor: Actor, input: z.infer<typeof userCreateInput>) {
  try {
    const user = await db.user.create({
      data: { username: input.username, role: input.role, passwordHash: await hashPassword(input.password) },
    });
    const dto = toDto(user);
    await recordAudit(db, actor, { action: "user.create", objectType: "User", objectId: user.id, objectName: user.username, after: dto });
    return dto;
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("CONFLICT", `A user named "${input.username}" already exists`);
    throw error;
  }
}

async function assertNotLastAdmin(db: PrismaClient, userId: string) {
  const admins = await db.user.count({ where: { role: "admin", disabled: false, id: { not: userId } } });
  if (admins === 0) {
    throw new DomainError("CONFLICT", "This is the last active admin; make another user admin first");
  }
}

export async function updateUser(
  db: PrismaClient,
  actor: Actor,
  id: string,
  input: z.infer<typeof userUpdateInput>,
) {
  const before = await db.user.findUnique({ where: { id } });
  if (!before) throw notFound("User");
  if (before.role === "admin" && ((input.role && input.role !== "admin") || input.disabled)) {
    await assertNotLastAdmin(db, id);
  }
  const user = await db.user.update({
    where: { id },
    data: {
      role: input.role,
      disabled: input.disabled,
      passwordHash: input.password ? await hashPassword(input.password) : undefined,
    },
  });
  const dto = toDto(user);
  await recordAudit(db, actor, {
    action: input.password ? "user.update+password" : "user.update",
    objectType: "User",
    objectId: id,
    objectName: user.username,
    before: toDto(before),
    after: dto,
  });
  return dto;
}

export async function deleteUser(db: PrismaClient, actor: Actor & { userId?: string }, id: string) {
  const user = await db.user.findUnique({ where: { id } });
  if (!user) throw notFound("User");
  if (actor.userId === id) throw new DomainError("CONFLICT", "You cannot delete your own account");
  if (user.role === "admin") await assertNotLastAdmin(db, id);
  await db.user.delete({ where: { id } });
  await recordAudit(db, actor, { action: "user.delete", objectType: "User", objectId: id, objectName: user.username, before: toDto(user) });
}

// ───────────── API tokens ─────────────

export const tokenOutput = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  createdAt: z.string(),
});

export async function createApiToken(
  db: PrismaClient,
  actor: Actor,
  userId: string,
  input: { name?: string; expiresInDays?: number },
) {
  const { token, hash, prefix } = generateApiToken();
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  const row = await db.apiToken.create({
    data: { userId, name: input.name ?? "api", tokenHash: hash, prefix, expiresAt },
  });
  await recordAudit(db, actor, { action: "token.create", objectType: "ApiToken", objectId: row.id, objectName: row.name });
  return { id: row.id, token, expiresAt: row.expiresAt?.toISOString() ?? null };
}

export async function listApiTokens(db: PrismaClient, userId: string) {
  const rows = await db.apiToken.findMany({
    where: { userId, revokedAt: null },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
  }));
}

export async function revokeApiToken(db: PrismaClient, actor: Actor, userId: string, id: string) {
  const result = await db.apiToken.updateMany({ where: { id, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (result.count === 0) throw notFound("API token");
  await recordAudit(db, actor, { action: "token.revoke", objectType: "ApiToken", objectId: id });
}
