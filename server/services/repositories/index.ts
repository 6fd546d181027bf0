import { z } from "zod";
import type { GitRepository, PrismaClient } from "@/server/db";
import { registerSecret } from "@/server/logger";
import { recordAudit, type Actor } from "@/server/services/audit";
import { encryptOptional } from "@/server/services/crypto";
import { DomainError, isUniqueViolation, notFound } from "@/server/services/errors";
import { pageArgs, toPage, type PageInput } from "@/server/services/pagination";

const nameSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._ -]*$/, "Start with a letter or digit; use letters, digits, space, . _ -");
const httpUrl = z
  .string()
  .trim()
  .url("Must be a URL such as https://github.com/org/repo.git")
  .refine((u) => /^https?:\/\//.test(u), "Only http(s):// URLs are supported (plain http only if the URL says so)")
  .refine((u) => !/\/\/[^/]*@/.test(u), "Put credentials in the username/password/token fields, not in the URL");
const pemCert = z
  .string()
  .trim()
  .refine((s) => s.includes("-----BEGIN CERTIFICATE-----"), "Must be a PEM certificate (-----BEGIN CERTIFICATE-----)");
const branchSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^(?!\/)(?!.*\.\.)(?!.*\/\/)[^\s~^:?*[\\]+(?<!\/)(?<!\.lock)$/, "Not a valid Git branch name");

export const gitAuthTypeSchema = z.enum(["none", "basic", "token"]);

const repositoryFields = {
  name: nameSchema,
  url: httpUrl,
  branch: branchSchema,
  authType: gitAuthTypeSchema,
  username: z.string().trim().max(200).nullable(),
  password: z.string().max(4000).nullable(),
  token: z.string().max(4000).nullable(),
  apiUrl: httpUrl.nullable(),
  caCert: pemCert.nullable(),
};

export const repositoryCreateInput = z
  .object({
    ...repositoryFields,
    branch: branchSchema.default("main"),
    authType: gitAuthTypeSchema.default("none"),
    username: repositoryFields.username.optional(),
    password: repositoryFields.password.optional(),
    token: repositoryFields.token.optional(),
    apiUrl: repositoryFields.apiUrl.optional(),
    caCert: repositoryFields.caCert.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.authType === "basic" && !v.username) ctx.addIssue({ code: "custom", path: ["username"], message: "Basic authentication needs a username" });
    if (v.authType === "basic" && !v.password) ctx.addIssue({ code: "custom", path: ["password"], message: "Basic authentication needs a password" });
    if (v.authType === "token" && !v.token) ctx.addIssue({ code: "custom", path: ["token"], message: "Token authentication needs a token" });
  });

export const repositoryUpdateInput = z.object({
  name: repositoryFields.name.optional(),
  url: repositoryFields.url.optional(),
  branch: repositoryFields.branch.optional(),
  authType: repositoryFields.authType.optional(),
  username: repositoryFields.username.optional(),
  password: repositoryFields.password.optional(),
  token: repositoryFields.token.optional(),
  apiUrl: repositoryFields.apiUrl.optional(),
  caCert: repositoryFields.caCert.optional(),
});

export const repositoryOutput = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  branch: z.string(),
  authType: gitAuthTypeSchema,
  username: z.string().nullable(),
  passwordSet: z.boolean(),
  tokenSet: z.boolean(),
  apiUrl: z.string().nullable(),
  caCertSet: z.boolean(),
  status: z.enum(["unknown", "ok", "error"]),
  statusMessage: z.string().nullable(),
  lastTestedAt: z.string().nullable(),
  headCommit: z.string().nullable(),
  fabricCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RepositoryDto = z.infer<typeof repositoryOutput>;

type Row = GitRepository & { _count?: { fabrics: number } };

export function toRepositoryDto(r: Row): RepositoryDto {
  return {
    id: r.id,
    name: r.name,
    url: r.url,
    branch: r.branch,
    authType: r.authType,
    username: r.username,
    passwordSet: !!r.passwordEncrypted,
    tokenSet: !!r.tokenEncrypted,
    apiUrl: r.apiUrl,
    caCertSet: !!r.caCert,
    status: r.status,
    statusMessage: r.statusMessage,
    lastTestedAt: r.lastTestedAt?.toISOString() ?? null,
    headCommit: r.headCommit,
    fabricCount: r._count?.fabrics ?? 0,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

const withCount = { _count: { select: { fabrics: true } } } as const;

export async function listRepositories(db: PrismaClient, page: PageInput) {
  const rows = await db.gitRepository.findMany({
    orderBy: [{ name: "asc" }, { id: "asc" }],
    include: withCount,
    ...pageArgs(page),
  });
  return toPage(rows, page, toRepositoryDto);
}

export async function getRepository(db: PrismaClient, id: string) {
  const row = await db.gitRepository.findUnique({ where: { id }, include: withCount });
  if (!row) throw notFound("Git repository");
  return toRepositoryDto(row);
}

export async function createRepository(db: PrismaClient, actor: Actor, input: z.infer<typeof repositoryCreateInput>) {
  registerSecret(input.password);
  registerSecret(input.token);
  try {
    const row = await db.gitRepository.create({
      data: {
        name: input.name,
        url: input.url,
        branch: input.branch,
        authType: input.authType,
        username: input.authType === "basic" ? input.username ?? null : null,
        passwordEncrypted: input.authType === "basic" ? encryptOptional(input.password) ?? null : null,
        tokenEncrypted: input.authType === "token" ? encryptOptional(input.token) ?? null : null,
        apiUrl: input.apiUrl ?? null,
        caCert: input.caCert ?? null,
      },
      include: withCount,
    });
    const dto = toRepositoryDto(row);
    await recordAudit(db, actor, { action: "repository.create", objectType: "GitRepository", objectId: row.id, objectName: row.name, after: dto });
    return dto;
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("CONFLICT", `A repository named "${input.name}" already exists`);
    throw error;
  }
}

export async function updateRepository(
  db: PrismaClient,
  actor: Actor,
  id: string,
  input: z.infer<typeof repositoryUpdateInput>,
) {
  registerSecret(input.password);
  registerSecret(input.token);
  const before = await db.gitRepository.findUnique({ where: { id }, include: withCount });
  if (!before) throw notFound("Git repository");
  const authType = input.authType ?? before.authType;
  const username = input.username !== undefined ? input.username : before.username;
  const passwordEncrypted = input.password !== undefined ? encryptOptional(input.password) ?? null : before.passwordEncrypted;
  const tokenEncrypted = input.token !== undefined ? encryptOptional(input.token) ?? null : before.tokenEncrypted;
  if (authType === "basic" && (!username || !passwordEncrypted)) {
    throw new DomainError("BAD_REQUEST", "Basic authentication needs a username and a password", {
      issues: [
        ...(!username ? [{ path: "username", message: "Basic authentication needs a username" }] : []),
        ...(!passwordEncrypted ? [{ path: "password", message: "Basic authentication needs a password" }] : []),
      ],
    });
  }
  if (authType === "token" && !tokenEncrypted) {
    throw new DomainError("BAD_REQUEST", "Token authentication needs a token", { issues: [{ path: "token", message: "Token authentication needs a token" }] });
  }
  try {
    const row = await db.gitRepository.update({
      where: { id },
      data: {
        name: input.name,
        url: input.url,
        branch: input.branch,
        authType,
        username: authType === "basic" ? username : null,
        passwordEncrypted: authType === "basic" ? passwordEncrypted : null,
        tokenEncrypted: authType === "token" ? tokenEncrypted : null,
        apiUrl: input.apiUrl,
        caCert: input.caCert,
        // A changed remote or credential invalidates the last test result.
        ...(input.url || input.authType || input.password !== undefined || input.token !== undefined || input.caCert !== undefined
          ? { status: "unknown" as const, statusMessage: null }
          : {}),
      },
      include: withCount,
    });
    const dto = toRepositoryDto(row);
    await recordAudit(db, actor, {
      action: "repository.update",
      objectType: "GitRepository",
      objectId: id,
      objectName: row.name,
      before: toRepositoryDto(before),
      after: dto,
    });
    return dto;
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("CONFLICT", `A repository named "${input.name}" already exists`);
    throw error;
  }
}

export async function deleteRepository(db: PrismaClient, actor: Actor, id: string) {
  const before = await db.gitRepository.findUnique({ where: { id }, include: withCount });
  if (!before) throw notFound("Git repository");
  if ((before._count?.fabrics ?? 0) > 0) {
    throw new DomainError("CONFLICT", `Repository "${before.name}" is used by ${before._count.fabrics} fabric(s); detach them first`);
  }
  await db.gitRepository.delete({ where: { id } });
  await recordAudit(db, actor, { action: "repository.delete", objectType: "GitRepository", objectId: id, objectName: before.name, before: toRepositoryDto(before) });
}
