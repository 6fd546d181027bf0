import { z } from "zod";
import type { Fabric, PrismaClient } from "@/server/db";
import { registerSecret } from "@/server/logger";
import { recordAudit, type Actor } from "@/server/services/audit";
import { encryptOptional } from "@/server/services/crypto";
import { DomainError, isUniqueViolation, notFound } from "@/server/services/errors";
import { pageArgs, toPage, type PageInput } from "@/server/services/pagination";

const nameSchema = z
  .string()
  .trim()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "Lowercase letters, digits and '-', starting and ending with a letter or digit");
const serverUrl = z
  .string()
  .trim()
  .url("Must be the API server URL, e.g. https://10.0.0.1:6443")
  .refine((u) => u.startsWith("https://"), "The Kubernetes API server must be reached over https:// (TLS is always verified)");
const pemCert = z
  .string()
  .trim()
  .refine((s) => s.includes("-----BEGIN CERTIFICATE-----"), "Must be a PEM CA certificate (-----BEGIN CERTIFICATE-----)");
const k8sNamespace = z
  .string()
  .trim()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "Not a valid Kubernetes namespace name");
const gitPath = z
  .string()
  .trim()
  .max(500)
  .refine((p) => !p.split("/").includes(".."), "The directory must stay inside the repository (no '..')")
  .transform((p) => p.replace(/^\/+|\/+$/g, ""));
export const applyModeSchema = z.enum(["gitops", "direct"]);
export const policySchema = z.record(z.string(), z.enum(["managed", "observed", "ignored"]));

const fields = {
  name: nameSchema,
  description: z.string().trim().max(1000).nullable(),
  kubernetesServer: serverUrl.nullable(),
  kubernetesToken: z.string().max(20_000).nullable(),
  kubernetesCaCert: pemCert.nullable(),
  kubernetesNamespace: k8sNamespace,
  gitRepositoryId: z.string().min(1).nullable(),
  gitPath,
  gitBranch: z.string().trim().min(1).max(200).nullable(),
  applyMode: applyModeSchema,
  syncEnabled: z.boolean(),
  syncIntervalSeconds: z.number().int().min(60, "At least 60 seconds").max(86_400, "At most one day"),
  managementPolicy: policySchema,
  allowObservedEdits: z.boolean(),
  selfHeal: z.boolean(),
};

export const fabricCreateInput = z.object({
  name: fields.name,
  description: fields.description.optional(),
  kubernetesServer: fields.kubernetesServer.optional(),
  kubernetesToken: fields.kubernetesToken.optional(),
  kubernetesCaCert: fields.kubernetesCaCert.optional(),
  kubernetesNamespace: fields.kubernetesNamespace.default("default"),
  gitRepositoryId: fields.gitRepositoryId.optional(),
  gitPath: fields.gitPath.default(""),
  gitBranch: fields.gitBranch.optional(),
  applyMode: fields.applyMode.default("gitops"),
  syncEnabled: fields.syncEnabled.default(true),
  syncIntervalSeconds: fields.syncIntervalSeconds.default(300),
  managementPolicy: fields.managementPolicy.optional(),
  allowObservedEdits: fields.allowObservedEdits.optional(),
  selfHeal: fields.selfHeal.optional(),
});

export const fabricUpdateInput = z.object(
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]>;
  },
);

const iso = z.string().nullable();
export const fabricOutput = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  kubernetesServer: z.string().nullable(),
  kubernetesTokenSet: z.boolean(),
  kubernetesCaCertSet: z.boolean(),
  kubernetesNamespace: z.string(),
  gitRepositoryId: z.string().nullable(),
  gitRepositoryName: z.string().nullable(),
  gitPath: z.string(),
  gitBranch: z.string().nullable(),
  applyMode: applyModeSchema,
  syncEnabled: z.boolean(),
  syncIntervalSeconds: z.number().int(),
  managementPolicy: policySchema,
  allowObservedEdits: z.boolean(),
  selfHeal: z.boolean(),
  simulated: z.boolean(),
  connectionStatus: z.enum(["unknown", "ok", "error"]),
  connectionMessage: z.string().nullable(),
  connectionCheckedAt: iso,
  connectionLatencyMs: z.number().int().nullable(),
  serverVersion: z.string().nullable(),
  credentialsExpired: z.boolean(),
  breakerState: z.enum(["closed", "open", "half_open"]),
  lastSyncStatus: z.enum(["queued", "running", "succeeded", "failed", "cancelled"]).nullable(),
  lastSyncAt: iso,
  lastSyncError: z.string().nullable(),
  nextSyncAt: iso,
  lastIngestCommit: z.string().nullable(),
  lastIngestAt: iso,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type FabricDto = z.infer<typeof fabricOutput>;

type Row = Fabric & { gitRepository?: { name: string } | null };

export function toFabricDto(f: Row): FabricDto {
  return {
    id: f.id,
    name: f.name,
    description: f.description,
    kubernetesServer: f.kubernetesServer,
    kubernetesTokenSet: !!f.kubernetesTokenEncrypted,
    kubernetesCaCertSet: !!f.kubernetesCaCert,
    kubernetesNamespace: f.kubernetesNamespace,
    gitRepositoryId: f.gitRepositoryId,
    gitRepositoryName: f.gitRepository?.name ?? null,
    gitPath: f.gitPath,
    gitBranch: f.gitBranch,
    applyMode: f.applyMode,
    syncEnabled: f.syncEnabled,
    syncIntervalSeconds: f.syncIntervalSeconds,
    managementPolicy: policySchema.catch({}).parse(f.managementPolicy),
    allowObservedEdits: f.allowObservedEdits,
    selfHeal: f.selfHeal,
    simulated: f.simulated,
    connectionStatus: f.connectionStatus,
    connectionMessage: f.connectionMessage,
    connectionCheckedAt: f.connectionCheckedAt?.toISOString() ?? null,
    connectionLatencyMs: f.connectionLatencyMs,
    serverVersion: f.serverVersion,
    credentialsExpired: f.credentialsExpired,
    breakerState: f.breakerState,
    lastSyncStatus: f.lastSyncStatus,
    lastSyncAt: f.lastSyncAt?.toISOString() ?? null,
    lastSyncError: f.lastSyncError,
    nextSyncAt: f.nextSyncAt?.toISOString() ?? null,
    lastIngestCommit: f.lastIngestCommit,
    lastIngestAt: f.lastIngestAt?.toISOString() ?? null,
    createdAt: f.createdAt.toISOString(),
    updatedAt: f.updatedAt.toISOString(),
  };
}

const withRepo = { gitRepository: { select: { name: true } } } as const;

export const fabricListInput = z.object({ q: z.string().trim().max(100).optional() });

export async function listFabrics(db: PrismaClient, page: PageInput, filter: z.infer<typeof fabricListInput> = {}) {
  const rows = await db.fabric.findMany({
    where: filter.q ? { name: { contains: filter.q, mode: "insensitive" } } : undefined,
    orderBy: [{ name: "asc" }, { id: "asc" }],
    include: withRepo,
    ...pageArgs(page),
  });
  return toPage(rows, page, toFabricDto);
}

export async function getFabric(db: PrismaClient, id: string) {
  const row = await db.fabric.findUnique({ where: { id }, include: withRepo });
  if (!row) throw notFound("Fabric");
  return toFabricDto(row);
}

async function assertRepository(db: PrismaClient, id: string | null | undefined) {
  if (!id) return;
  const exists = await db.gitRepository.count({ where: { id } });
  if (!exists) {
    throw new DomainError("BAD_REQUEST", "The Git repository does not exist", {
      issues: [{ path: "gitRepositoryId", message: "No Git repository with this id; create it first" }],
    });
  }
}

function nextSync(syncEnabled: boolean, intervalSeconds: number, from = Date.now()): Date | null {
  return syncEnabled ? new Date(from + intervalSeconds * 1000) : null;
}

export async function createFabric(db: PrismaClient, actor: Actor, input: z.infer<typeof fabricCreateInput>) {
  registerSecret(input.kubernetesToken);
  await assertRepository(db, input.gitRepositoryId);
  try {
    const row = await db.fabric.create({
      data: {
        name: input.name,
        description: input.description ?? null,
        kubernetesServer: input.kubernetesServer ?? null,
        kubernetesTokenEncrypted: encryptOptional(input.kubernetesToken) ?? null,
        kubernetesCaCert: input.kubernetesCaCert ?? null,
        kubernetesNamespace: input.kubernetesNamespace,
        gitRepositoryId: input.gitRepositoryId ?? null,
        gitPath: input.gitPath,
        gitBranch: input.gitBranch ?? null,
        applyMode: input.applyMode,
        syncEnabled: input.syncEnabled,
        syncIntervalSeconds: input.syncIntervalSeconds,
        managementPolicy: input.managementPolicy ?? {},
        allowObservedEdits: input.allowObservedEdits ?? false,
        selfHeal: input.selfHeal ?? false,
        // A new fabric with sync enabled is due at once.
        nextSyncAt: input.syncEnabled ? new Date() : null,
      },
      include: withRepo,
    });
    const dto = toFabricDto(row);
    await recordAudit(db, actor, { action: "fabric.create", objectType: "Fabric", objectId: row.id, objectName: row.name, fabricId: row.id, after: dto });
    return dto;
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("CONFLICT", `A fabric named "${input.name}" already exists`);
    throw error;
  }
}

export async function updateFabric(db: PrismaClient, actor: Actor, id: string, input: z.infer<typeof fabricUpdateInput>) {
  registerSecret(input.kubernetesToken);
  const before = await db.fabric.findUnique({ where: { id }, include: withRepo });
  if (!before) throw notFound("Fabric");
  await assertRepository(db, input.gitRepositoryId);
  const connectionChanged =
    input.kubernetesServer !== undefined || input.kubernetesToken !== undefined || input.kubernetesCaCert !== undefined;
  const syncEnabled = input.syncEnabled ?? before.syncEnabled;
  const interval = input.syncIntervalSeconds ?? before.syncIntervalSeconds;
  try {
    const row = await db.fabric.update({
      where: { id },
      data: {
        name: input.name,
        description: input.description,
        kubernetesServer: input.kubernetesServer,
        kubernetesTokenEncrypted: encryptOptional(input.kubernetesToken),
        kubernetesCaCert: input.kubernetesCaCert,
        kubernetesNamespace: input.kubernetesNamespace,
        gitRepositoryId: input.gitRepositoryId,
        gitPath: input.gitPath,
        gitBranch: input.gitBranch,
        applyMode: input.applyMode,
        syncEnabled: input.syncEnabled,
        syncIntervalSeconds: input.syncIntervalSeconds,
        managementPolicy: input.managementPolicy,
        allowObservedEdits: input.allowObservedEdits,
        selfHeal: input.selfHeal,
        ...(input.syncEnabled !== undefined || input.syncIntervalSeconds !== undefined
          ? { nextSyncAt: nextSync(syncEnabled, interval, before.lastSyncAt?.getTime() ?? Date.now()) }
          : {}),
        // A new Git source means the next sync must ingest again, whatever commit it finds.
        ...((input.gitRepositoryId !== undefined && input.gitRepositoryId !== before.gitRepositoryId) ||
        (input.gitPath !== undefined && input.gitPath !== before.gitPath) ||
        (input.gitBranch !== undefined && input.gitBranch !== before.gitBranch)
          ? { lastIngestCommit: null }
          : {}),
        // New connection settings invalidate the last test result and reset the circuit breaker.
        ...(connectionChanged
          ? {
              connectionStatus: "unknown" as const,
              connectionMessage: null,
              credentialsExpired: false,
              breakerState: "closed" as const,
              breakerFailures: 0,
              breakerOpenedAt: null,
            }
          : {}),
      },
      include: withRepo,
    });
    const dto = toFabricDto(row);
    await recordAudit(db, actor, {
      action: "fabric.update",
      objectType: "Fabric",
      objectId: id,
      objectName: row.name,
      fabricId: id,
      before: toFabricDto(before),
      after: dto,
    });
    return dto;
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("CONFLICT", `A fabric named "${input.name}" already exists`);
    throw error;
  }
}

export async function deleteFabric(db: PrismaClient, actor: Actor, id: string) {
  const before = await db.fabric.findUnique({ where: { id }, include: withRepo });
  if (!before) throw notFound("Fabric");
  await db.fabric.delete({ where: { id } });
  await recordAudit(db, actor, { action: "fabric.delete", objectType: "Fabric", objectId: id, objectName: before.name, before: toFabricDto(before) });
}
