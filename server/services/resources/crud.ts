/**
 * Desired-state editing of Hedgehog objects: list, get, create, update, delete — validated against the fabric's
 * whole object set with the fabric's own rules before anything is stored. Writes mark objects `draft` and add them
 * to the fabric's pending change set (submitted to Git by the GitOps service).
 */
import { z } from "zod";
import { canonicalize } from "@/lib/hedgehog/canonical";
import { applyDefaults } from "@/lib/hedgehog/defaults";
import { findKind, findKindByGVK, type KindInfo } from "@/lib/hedgehog/registry";
import { checkStructure } from "@/lib/hedgehog/schema";
import type { FabricConfig, Finding, HhObject, SourcedObject } from "@/lib/hedgehog/types";
import { validateObjects } from "@/lib/hedgehog/validate";
import { parseYamlDocuments } from "@/lib/hedgehog/yaml";
import { Prisma, type LifecycleState, type PrismaClient } from "@/server/db";
import { recordAudit, type Actor } from "@/server/services/audit";
import { DomainError, notFound, type FieldIssue } from "@/server/services/errors";
import { pageArgs, pageInput, toPage, type PageInput } from "@/server/services/pagination";
import { recordChange } from "./changes";
import { hashCanonical } from "./hash";
import { recomputeStates } from "./state";

export const LIFECYCLE_STATES = ["draft", "committed", "synced", "drifted", "orphaned", "missing", "invalid", "conflict"] as const;
export const lifecycleStateSchema = z.enum(LIFECYCLE_STATES);

export const resourceListInput = pageInput.extend({
  id: z.string().min(1),
  kind: z.string().trim().max(64).optional(),
  state: lifecycleStateSchema.optional(),
  /** Name substring, or `label:key=value` / `key=value` for a label. */
  q: z.string().trim().max(200).optional(),
});

const findingSchema = z.object({
  rule: z.string(),
  severity: z.enum(["error", "warning"]),
  message: z.string(),
  kind: z.string(),
  name: z.string(),
  path: z.string(),
  document: z.number().optional(),
  file: z.string().optional(),
  line: z.number().optional(),
});

const k8sObject = z.record(z.string(), z.unknown());

export const resourceSummaryOutput = z.object({
  id: z.string(),
  kind: z.string(),
  apiVersion: z.string(),
  namespace: z.string(),
  name: z.string(),
  state: lifecycleStateSchema,
  version: z.number().int(),
  labels: z.record(z.string(), z.string()).nullable(),
  gitFilePath: z.string().nullable(),
  driftCount: z.number().int(),
  errorCount: z.number().int(),
  updatedAt: z.string(),
});

export const resourceOutput = resourceSummaryOutput.extend({
  desired: k8sObject.nullable(),
  git: k8sObject.nullable(),
  live: k8sObject.nullable(),
  drift: z.array(z.object({ path: z.string(), git: z.unknown(), live: z.unknown() })).nullable(),
  validationErrors: z.array(findingSchema).nullable(),
  gitCommit: z.string().nullable(),
  gitDocumentIndex: z.number().int().nullable(),
  liveSeenAt: z.string().nullable(),
  missingSince: z.string().nullable(),
  policy: z.enum(["managed", "observed", "ignored"]),
  readOnly: z.boolean(),
  readOnlyReason: z.string().nullable(),
});
export type ResourceDto = z.infer<typeof resourceOutput>;

/** A write: one Kubernetes object as JSON, or YAML text holding exactly one document. */
export const resourceWriteInput = z.object({
    object: k8sObject.optional(),
    yaml: z.string().max(5_000_000).optional(),
    /** The version the client read (optimistic concurrency); a stale one answers 409. */
    version: z.coerce.number().int().min(1).optional(),
  });

const RESOURCE_SELECT = {
  id: true,
  kind: true,
  apiVersion: true,
  namespace: true,
  name: true,
  state: true,
  version: true,
  labels: true,
  gitFilePath: true,
  drift: true,
  validationErrors: true,
  updatedAt: true,
} as const;

type SummaryRow = Prisma.HedgehogResourceGetPayload<{ select: typeof RESOURCE_SELECT }>;

function toSummary(r: SummaryRow) {
  return {
    id: r.id,
    kind: r.kind,
    apiVersion: r.apiVersion,
    namespace: r.namespace,
    name: r.name,
    state: r.state,
    version: r.version,
    labels: (r.labels as Record<string, string> | null) ?? null,
    gitFilePath: r.gitFilePath,
    driftCount: Array.isArray(r.drift) ? r.drift.length : 0,
    errorCount: Array.isArray(r.validationErrors) ? (r.validationErrors as unknown as Finding[]).filter((f) => f.severity === "error").length : 0,
    updatedAt: r.updatedAt.toISOString(),
  };
}

function resolveKind(kind: string): KindInfo {
  const info = findKind(kind);
  if (!info || !info.ingested) {
    throw new DomainError("BAD_REQUEST", `Unknown Hedgehog kind "${kind}". Use a kind such as VPC, VPCAttachment, Connection, or its plural.`, {
      issues: [{ path: "kind", message: `Unknown kind "${kind}"` }],
    });
  }
  return info;
}

function labelFilter(q: string): { key: string; value: string } | null {
  const m = /^(?:label:)?([A-Za-z0-9./_-]+)=(.*)$/.exec(q);
  return m ? { key: m[1]!, value: m[2]! } : null;
}

export async function listResources(db: PrismaClient, input: z.infer<typeof resourceListInput>) {
  const page: PageInput = { limit: input.limit, cursor: input.cursor };
  const where: Prisma.HedgehogResourceWhereInput = { fabricId: input.id };
  if (input.kind) where.kind = resolveKind(input.kind).kind;
  if (input.state) where.state = input.state;
  if (input.q) {
    const label = labelFilter(input.q);
    if (label) where.labels = { path: [label.key], equals: label.value };
    else where.name = { contains: input.q.toLowerCase() };
  }
  const rows = await db.hedgehogResource.findMany({
    where,
    orderBy: [{ kind: "asc" }, { name: "asc" }, { id: "asc" }],
    select: RESOURCE_SELECT,
    ...pageArgs(page),
  });
  return toPage(rows, page, toSummary);
}

/** Counts of a fabric's objects by kind and by state (one grouped query). */
export async function resourceCounts(db: PrismaClient, fabricId: string) {
  const groups = await db.hedgehogResource.groupBy({ by: ["kind", "state"], where: { fabricId }, _count: { _all: true } });
  const byKind: Record<string, number> = {};
  const byState: Partial<Record<LifecycleState, number>> = {};
  for (const g of groups) {
    byKind[g.kind] = (byKind[g.kind] ?? 0) + g._count._all;
    byState[g.state] = (byState[g.state] ?? 0) + g._count._all;
  }
  return { byKind, byState, total: Object.values(byKind).reduce((a, b) => a + b, 0) };
}

interface FabricPolicy {
  managementPolicy: unknown;
  allowObservedEdits: boolean;
}

/** Whether HFM may edit a kind in a fabric, and why not. */
export function kindPolicy(info: KindInfo, fabric: FabricPolicy) {
  const overrides = (fabric.managementPolicy ?? {}) as Record<string, "managed" | "observed" | "ignored">;
  const policy = overrides[info.kind] ?? info.defaultPolicy;
  let readOnlyReason: string | null = null;
  if (info.readOnly) readOnlyReason = `${info.kind} objects are part of the fabric's built-in catalog and cannot be edited`;
  else if (policy === "ignored") readOnlyReason = `The fabric ignores ${info.kind} objects (management policy)`;
  else if (policy === "observed" && !fabric.allowObservedEdits) {
    readOnlyReason = `The fabric observes ${info.kind} objects (wiring); an admin can allow editing them in the fabric's settings`;
  }
  return { policy, readOnly: readOnlyReason !== null, readOnlyReason };
}

async function loadFabric(db: PrismaClient, fabricId: string) {
  const fabric = await db.fabric.findUnique({
    where: { id: fabricId },
    select: { id: true, name: true, managementPolicy: true, allowObservedEdits: true, fabricConfig: true, kubernetesNamespace: true },
  });
  if (!fabric) throw notFound("Fabric");
  return fabric;
}

export async function getResource(db: PrismaClient, fabricId: string, kind: string, name: string, namespace = "default"): Promise<ResourceDto> {
  const fabric = await loadFabric(db, fabricId);
  const info = resolveKind(kind);
  const r = await db.hedgehogResource.findUnique({ where: { fabricId_kind_namespace_name: { fabricId, kind: info.kind, namespace, name } } });
  if (!r) throw notFound(`${info.kind} ${name}`);
  return {
    ...toSummary(r),
    desired: r.desired as Record<string, unknown> | null,
    git: r.git as Record<string, unknown> | null,
    live: r.live as Record<string, unknown> | null,
    drift: r.drift as ResourceDto["drift"],
    validationErrors: r.validationErrors as ResourceDto["validationErrors"],
    gitCommit: r.gitCommit,
    gitDocumentIndex: r.gitDocumentIndex,
    liveSeenAt: r.liveSeenAt?.toISOString() ?? null,
    missingSince: r.missingSince?.toISOString() ?? null,
    ...kindPolicy(info, fabric),
  };
}

export async function resourceHistory(db: PrismaClient, fabricId: string, kind: string, name: string, namespace = "default") {
  const info = resolveKind(kind);
  const r = await db.hedgehogResource.findUnique({
    where: { fabricId_kind_namespace_name: { fabricId, kind: info.kind, namespace, name } },
    select: { id: true },
  });
  if (!r) throw notFound(`${info.kind} ${name}`);
  const rows = await db.stateTransition.findMany({ where: { resourceId: r.id }, orderBy: { createdAt: "desc" }, take: 500 });
  return rows.map((t) => ({
    id: t.id,
    fromState: t.fromState,
    toState: t.toState,
    reason: t.reason,
    actor: t.actor,
    jobId: t.jobId,
    createdAt: t.createdAt.toISOString(),
  }));
}

/** Parses a write body into one object, with findings that name the document and line for YAML. */
function parseWrite(input: z.infer<typeof resourceWriteInput>): HhObject {
  if ((input.object ? 1 : 0) + (input.yaml !== undefined ? 1 : 0) !== 1) {
    throw new DomainError("BAD_REQUEST", "Send either `object` (a Kubernetes object as JSON) or `yaml` (its YAML text)", {
      issues: [{ path: "object", message: "Send either object or yaml" }],
    });
  }
  if (input.object) return input.object as HhObject;
  const parsed = parseYamlDocuments(input.yaml ?? "", "request");
  if (parsed.errors.length) throw unprocessable("The YAML cannot be parsed", parsed.errors);
  if (parsed.documents.length !== 1) {
    throw new DomainError("BAD_REQUEST", `Send exactly one YAML document (got ${parsed.documents.length}); use bulk import for several`);
  }
  return parsed.documents[0]!.object as HhObject;
}

function unprocessable(message: string, findings: readonly Finding[]): DomainError {
  const issues: FieldIssue[] = findings.map((f) => ({
    path: f.path,
    rule: f.rule,
    message: f.line ? `${f.message} (line ${f.line})` : f.message,
  }));
  return new DomainError("UNPROCESSABLE", `${message}: ${findings.map((f) => `${f.path || "/"} ${f.message} [${f.rule}]`).slice(0, 5).join("; ")}`, {
    issues,
    findings,
  });
}

const findingKey = (f: Finding) => `${f.rule}|${f.kind}|${f.name}|${f.path}`;

/**
 * Validates a change of the fabric's desired set: the changed object's own structure, then every rule over the whole
 * set. Only findings the change introduces are returned (a fabric that already has unrelated problems can still be
 * edited); errors block, warnings do not.
 */
export function validateChange(
  current: readonly HhObject[],
  change: { key: string; next: HhObject | null },
  config: Partial<FabricConfig>,
): { errors: Finding[]; warnings: Finding[] } {
  const structural = change.next ? checkStructure(change.next) : [];
  if (structural.some((f) => f.severity === "error")) return { errors: structural.filter((f) => f.severity === "error"), warnings: [] };
  const keyOf = (o: HhObject) => `${o.kind}/${o.metadata.namespace ?? "default"}/${o.metadata.name}`;
  const toSourced = (objs: readonly HhObject[]): SourcedObject[] => objs.map((o) => ({ object: applyDefaults(o, config) }));
  const before = new Set(validateObjects(toSourced(current), config).map(findingKey));
  const nextSet = current.filter((o) => keyOf(o) !== change.key);
  if (change.next) nextSet.push(change.next);
  const after = validateObjects(toSourced(nextSet), config).filter((f) => !before.has(findingKey(f)));
  return { errors: after.filter((f) => f.severity === "error"), warnings: [...structural, ...after.filter((f) => f.severity === "warning")] };
}

/** Every desired object of a fabric (the set its rules are checked against). */
export async function desiredObjects(db: PrismaClient, fabricId: string): Promise<HhObject[]> {
  const rows = await db.hedgehogResource.findMany({ where: { fabricId, desired: { not: Prisma.DbNull } }, select: { desired: true } });
  return rows.map((r) => r.desired as unknown as HhObject);
}

export interface WriteResult {
  resource: ResourceDto;
  warnings: Finding[];
}

/** Creates (mode "create") or replaces (mode "update", for the object at kind/name) an object's desired version. */
export async function writeResource(
  db: PrismaClient,
  actor: Actor,
  fabricId: string,
  input: z.infer<typeof resourceWriteInput>,
  mode: { op: "create" } | { op: "update"; kind: string; name: string },
): Promise<WriteResult> {
  const fabric = await loadFabric(db, fabricId);
  const raw = parseWrite(input);
  const structural = checkStructure(raw);
  if (structural.some((f) => f.severity === "error")) throw unprocessable("The object is not a valid Hedgehog object", structural);
  const info = findKindByGVK(raw.apiVersion, raw.kind);
  if (!info || !info.ingested) throw new DomainError("BAD_REQUEST", `${raw.apiVersion} ${raw.kind} is not a Hedgehog fabric kind HFM manages`);
  const policy = kindPolicy(info, fabric);
  if (policy.readOnly) throw new DomainError("FORBIDDEN", policy.readOnlyReason!);
  const object = canonicalize({ ...raw, metadata: { ...raw.metadata, namespace: raw.metadata.namespace ?? "default" } });
  const namespace = object.metadata.namespace!;
  const name = object.metadata.name;
  if (mode.op === "update") {
    const pathInfo = resolveKind(mode.kind);
    if (pathInfo.kind !== info.kind || mode.name !== name) {
      throw new DomainError("BAD_REQUEST", `The body is ${info.kind} ${name} but the path names ${pathInfo.kind} ${mode.name}; rename by deleting and creating`);
    }
  }
  const existing = await db.hedgehogResource.findUnique({ where: { fabricId_kind_namespace_name: { fabricId, kind: info.kind, namespace, name } } });
  if (mode.op === "create" && existing?.desired) throw new DomainError("CONFLICT", `${info.kind} ${name} already exists in this fabric`);
  if (mode.op === "update" && !existing?.desired) throw notFound(`${info.kind} ${name}`);
  if (mode.op === "update" && input.version !== undefined && existing && existing.version !== input.version) {
    throw new DomainError(
      "CONFLICT",
      `${info.kind} ${name} was changed since you read it (you have version ${input.version}, the current is ${existing.version}); reload it and apply your change again`,
    );
  }

  const config = (fabric.fabricConfig ?? {}) as Partial<FabricConfig>;
  const key = `${info.kind}/${namespace}/${name}`;
  const { errors, warnings } = validateChange(await desiredObjects(db, fabricId), { key, next: object }, config);
  if (errors.length) throw unprocessable(`${info.kind} ${name} breaks the fabric's rules`, errors);

  const desiredHash = hashCanonical(object);
  const json = object as unknown as Prisma.InputJsonValue;
  // Searchable labels include the system labels the fabric computes (a VPC's attachments find it by label).
  const defaultedLabels = applyDefaults(object, config).metadata.labels;
  const labels = (defaultedLabels && Object.keys(defaultedLabels).length ? defaultedLabels : Prisma.DbNull) as Prisma.InputJsonValue | typeof Prisma.DbNull;
  const row = await db.$transaction(async (tx) => {
    const saved = existing
      ? await tx.hedgehogResource.update({
          where: { id: existing.id },
          data: { desired: json, desiredHash, apiVersion: object.apiVersion, labels, version: { increment: 1 } },
        })
      : await tx.hedgehogResource.create({
          data: { fabricId, kind: info.kind, apiVersion: object.apiVersion, namespace, name, desired: json, desiredHash, labels, state: "draft" },
        });
    await recordChange(tx, fabricId, actor.username, {
      resourceId: saved.id,
      kind: info.kind,
      namespace,
      name,
      git: (saved.git as unknown as HhObject | null) ?? null,
      gitHash: saved.gitHash,
      desired: object,
      desiredHash,
    });
    await recordAudit(tx, actor, {
      action: existing ? "resource.update" : "resource.create",
      objectType: info.kind,
      objectId: saved.id,
      objectName: name,
      fabricId,
      before: existing?.desired ?? undefined,
      after: object,
    });
    return saved;
  });
  await recomputeStates(db, fabricId, {
    ids: [row.id],
    newIds: existing ? [] : [row.id],
    reason: `${existing ? "edited" : "created"} by ${actor.username ?? "unknown"}`,
    actor: actor.username ?? undefined,
  });
  return { resource: await getResource(db, fabricId, info.kind, name, namespace), warnings };
}

/** Deletes an object's desired version: a draft-only object disappears; one in Git becomes a pending deletion. */
export async function deleteResource(
  db: PrismaClient,
  actor: Actor,
  fabricId: string,
  kind: string,
  name: string,
  opts: { version?: number; namespace?: string } = {},
): Promise<{ deleted: "removed" | "pending" }> {
  const fabric = await loadFabric(db, fabricId);
  const info = resolveKind(kind);
  const policy = kindPolicy(info, fabric);
  if (policy.readOnly) throw new DomainError("FORBIDDEN", policy.readOnlyReason!);
  const namespace = opts.namespace ?? "default";
  const existing = await db.hedgehogResource.findUnique({ where: { fabricId_kind_namespace_name: { fabricId, kind: info.kind, namespace, name } } });
  if (!existing?.desired) throw notFound(`${info.kind} ${name}`);
  if (opts.version !== undefined && existing.version !== opts.version) {
    throw new DomainError("CONFLICT", `${info.kind} ${name} was changed since you read it (version ${opts.version} → ${existing.version}); reload and try again`);
  }
  const config = (fabric.fabricConfig ?? {}) as Partial<FabricConfig>;
  const { errors } = validateChange(await desiredObjects(db, fabricId), { key: `${info.kind}/${namespace}/${name}`, next: null }, config);
  if (errors.length) throw unprocessable(`Deleting ${info.kind} ${name} would break the fabric's rules`, errors);

  const removed = !existing.git && !existing.live;
  await db.$transaction(async (tx) => {
    if (removed) {
      await tx.changeSetItem.deleteMany({ where: { resourceId: existing.id, changeSet: { status: "pending" } } });
      await tx.hedgehogResource.delete({ where: { id: existing.id } });
    } else {
      await tx.hedgehogResource.update({ where: { id: existing.id }, data: { desired: Prisma.DbNull, desiredHash: null, version: { increment: 1 } } });
      await recordChange(tx, fabricId, actor.username, {
        resourceId: existing.id,
        kind: info.kind,
        namespace,
        name,
        git: (existing.git as unknown as HhObject | null) ?? null,
        gitHash: existing.gitHash,
        desired: null,
        desiredHash: null,
      });
    }
    await recordAudit(tx, actor, { action: "resource.delete", objectType: info.kind, objectId: existing.id, objectName: name, fabricId, before: existing.desired });
  });
  if (!removed) await recomputeStates(db, fabricId, { ids: [existing.id], reason: `deleted by ${actor.username ?? "unknown"}`, actor: actor.username ?? undefined });
  return { deleted: removed ? "removed" : "pending" };
}
