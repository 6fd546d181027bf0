/**
 * Change sets for the UI and API: the pending set with a per-item before/after, discarding an item, resolving a
 * conflict ("take Git's" / "keep mine"), and reverting a submitted change set (a new pending change set holding the
 * inverse — rollback as revert).
 */
import { z } from "zod";
import { toCanonicalYaml } from "@/lib/hedgehog/canonical";
import type { HhObject } from "@/lib/hedgehog/types";
import { Prisma, type ChangeSetItem, type PrismaClient } from "@/server/db";
import { resolveAlerts } from "@/server/services/alerts";
import { recordAudit, type Actor } from "@/server/services/audit";
import { DomainError, notFound } from "@/server/services/errors";
import { pendingChangeSet, recordChange } from "@/server/services/resources/changes";
import { hashObject } from "@/server/services/resources/hash";
import { recomputeStates } from "@/server/services/resources/state";

const lifecycle = z.enum(["draft", "committed", "synced", "drifted", "orphaned", "missing", "invalid", "conflict"]);

export const changeSetItemOutput = z.object({
  id: z.string(),
  resourceId: z.string().nullable(),
  kind: z.string(),
  namespace: z.string(),
  name: z.string(),
  action: z.enum(["create", "update", "delete"]),
  state: lifecycle.nullable(),
  gitFilePath: z.string().nullable(),
  conflict: z.boolean(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  /** Canonical YAML of the Git version ("" when the object is new). */
  beforeYaml: z.string(),
  /** Canonical YAML of the edited version ("" when deleted). */
  afterYaml: z.string(),
});

export const changeSetOutput = z.object({
  id: z.string(),
  fabricId: z.string(),
  status: z.enum(["pending", "submitting", "submitted", "merged", "closed", "failed", "reverted"]),
  mode: z.enum(["push", "pull_request", "direct"]).nullable(),
  message: z.string().nullable(),
  createdBy: z.string().nullable(),
  submittedBy: z.string().nullable(),
  submittedAt: z.string().nullable(),
  commitSha: z.string().nullable(),
  branch: z.string().nullable(),
  pullRequestNumber: z.number().int().nullable(),
  pullRequestUrl: z.string().nullable(),
  pullRequestState: z.string().nullable(),
  error: z.string().nullable(),
  revertOfId: z.string().nullable(),
  createdAt: z.string(),
  itemCount: z.number().int(),
  items: z.array(changeSetItemOutput),
});
export type ChangeSetDto = z.infer<typeof changeSetOutput>;

const MAX_ITEMS_SHOWN = 2000;

function obj(v: Prisma.JsonValue | null): HhObject | null {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as unknown as HhObject) : null;
}

type ChangeSetRow = Prisma.ChangeSetGetPayload<{ include: { _count: { select: { items: true } } } }>;

/** A change set without its items (lists). */
function header(set: ChangeSetRow): Omit<ChangeSetDto, "items"> {
  return {
    id: set.id,
    fabricId: set.fabricId,
    status: set.status,
    mode: set.mode,
    message: set.message,
    createdBy: set.createdBy,
    submittedBy: set.submittedBy,
    submittedAt: set.submittedAt?.toISOString() ?? null,
    commitSha: set.commitSha,
    branch: set.branch,
    pullRequestNumber: set.pullRequestNumber,
    pullRequestUrl: set.pullRequestUrl,
    pullRequestState: set.pullRequestState,
    error: set.error,
    revertOfId: set.revertOfId,
    createdAt: set.createdAt.toISOString(),
    itemCount: set._count.items,
  };
}

async function toDto(db: PrismaClient, id: string): Promise<ChangeSetDto> {
  const set = await db.changeSet.findUnique({ where: { id }, include: { _count: { select: { items: true } } } });
  if (!set) throw notFound("Change set");
  const items = await db.changeSetItem.findMany({
    where: { changeSetId: id },
    orderBy: [{ kind: "asc" }, { name: "asc" }],
    take: MAX_ITEMS_SHOWN,
    include: { resource: { select: { state: true, gitFilePath: true } } },
  });
  return {
    ...header(set),
    items: items.map((i) => {
      const before = obj(i.before);
      const after = obj(i.after);
      return {
        id: i.id,
        resourceId: i.resourceId,
        kind: i.kind,
        namespace: i.namespace,
        name: i.name,
        action: i.action,
        state: i.resource?.state ?? null,
        gitFilePath: i.resource?.gitFilePath ?? null,
        conflict: i.resource?.state === "conflict",
        before: before as Record<string, unknown> | null,
        after: after as Record<string, unknown> | null,
        beforeYaml: before ? toCanonicalYaml(before) : "",
        afterYaml: after ? toCanonicalYaml(after) : "",
      };
    }),
  };
}

export async function getChangeSet(db: PrismaClient, id: string): Promise<ChangeSetDto> {
  return toDto(db, id);
}

/** The fabric's pending change set (null when there is none). */
export async function getPendingChangeSet(db: PrismaClient, fabricId: string): Promise<ChangeSetDto | null> {
  const fabric = await db.fabric.findUnique({ where: { id: fabricId }, select: { id: true } });
  if (!fabric) throw notFound("Fabric");
  const set = await db.changeSet.findFirst({ where: { fabricId, status: { in: ["pending", "submitting"] } }, orderBy: { createdAt: "asc" } });
  return set ? toDto(db, set.id) : null;
}

export async function listChangeSets(db: PrismaClient, fabricId: string, limit = 50) {
  const sets = await db.changeSet.findMany({ where: { fabricId }, orderBy: { createdAt: "desc" }, take: limit, include: { _count: { select: { items: true } } } });
  return sets.map((s): ChangeSetDto => ({ ...header(s), items: [] }));
}

async function pendingItem(db: PrismaClient, fabricId: string, itemId: string): Promise<ChangeSetItem> {
  const item = await db.changeSetItem.findUnique({ where: { id: itemId }, include: { changeSet: { select: { fabricId: true, status: true } } } });
  if (!item || item.changeSet.fabricId !== fabricId) throw notFound("Change set item");
  if (item.changeSet.status !== "pending") {
    throw new DomainError("CONFLICT", `The change set is ${item.changeSet.status}; only items of the pending change set can be changed`);
  }
  return item;
}

/** Sets an object's desired version back to Git's (or removes an HFM-only object) and drops its item. */
async function revertToGit(db: PrismaClient, fabricId: string, item: ChangeSetItem, reason: string, actor: Actor): Promise<void> {
  const row = item.resourceId ? await db.hedgehogResource.findUnique({ where: { id: item.resourceId } }) : null;
  await db.changeSetItem.delete({ where: { id: item.id } });
  if (row) {
    if (row.git === null && row.live === null) {
      await db.hedgehogResource.delete({ where: { id: row.id } });
    } else {
      await db.hedgehogResource.update({
        where: { id: row.id },
        data: { desired: row.git === null ? Prisma.DbNull : (row.git as Prisma.InputJsonValue), desiredHash: row.gitHash, version: { increment: 1 } },
      });
      await recomputeStates(db, fabricId, { reason, actor: actor.username ?? undefined, ids: [row.id] });
    }
  }
  await resolveAlerts(db, { fingerprints: [`conflict:${fabricId}:${item.kind}/${item.namespace}/${item.name}`] }, actor.username ?? "system");
}

/** Drops one item of the pending change set: the object goes back to its Git version. */
export async function discardItem(db: PrismaClient, actor: Actor, fabricId: string, itemId: string): Promise<ChangeSetDto | null> {
  const item = await pendingItem(db, fabricId, itemId);
  await revertToGit(db, fabricId, item, "edit discarded", actor);
  await recordAudit(db, actor, { action: "changeset.discard-item", objectType: item.kind, objectName: item.name, fabricId, before: { action: item.action } });
  return getPendingChangeSet(db, fabricId);
}

/**
 * Resolves a conflict: `take-git` drops the HFM edit (desired = Git's version); `keep-mine` keeps the edit and
 * rebases it on Git's current version (the next submit overwrites Git's change with the user's consent).
 */
export async function resolveConflict(
  db: PrismaClient,
  actor: Actor,
  fabricId: string,
  itemId: string,
  resolution: "take-git" | "keep-mine",
): Promise<ChangeSetDto | null> {
  const item = await pendingItem(db, fabricId, itemId);
  if (resolution === "take-git") {
    await revertToGit(db, fabricId, item, "conflict resolved: took Git's version", actor);
  } else {
    const row = item.resourceId ? await db.hedgehogResource.findUnique({ where: { id: item.resourceId } }) : null;
    await db.changeSetItem.update({
      where: { id: item.id },
      data: {
        baseGitHash: row?.gitHash ?? null,
        before: row?.git === null || row?.git === undefined ? Prisma.DbNull : (row.git as Prisma.InputJsonValue),
        action: item.after === null ? "delete" : row?.git ? "update" : "create",
      },
    });
    if (row) {
      await recomputeStates(db, fabricId, { reason: "conflict resolved: kept the HFM edit", actor: actor.username ?? undefined, ids: [row.id], force: "draft" });
    }
    await resolveAlerts(db, { fingerprints: [`conflict:${fabricId}:${item.kind}/${item.namespace}/${item.name}`] }, actor.username ?? "system");
  }
  await recordAudit(db, actor, { action: `changeset.resolve-${resolution}`, objectType: item.kind, objectName: item.name, fabricId });
  return getPendingChangeSet(db, fabricId);
}

/**
 * Reverts a submitted (or merged) change set: every object gets the inverse edit (created → deleted, updated or
 * deleted → its version before the change set) in the fabric's pending change set. Submit it like any edit.
 */
export async function revertChangeSet(db: PrismaClient, actor: Actor, changeSetId: string): Promise<ChangeSetDto> {
  const set = await db.changeSet.findUnique({ where: { id: changeSetId }, include: { items: true } });
  if (!set) throw notFound("Change set");
  if (set.status !== "submitted" && set.status !== "merged") {
    throw new DomainError("CONFLICT", `Only a submitted or merged change set can be reverted; this one is ${set.status}`);
  }
  const fabricId = set.fabricId;
  const pending = await pendingChangeSet(db, fabricId, actor.username);
  await db.changeSet.update({ where: { id: pending.id }, data: { revertOfId: set.id, message: pending.message ?? `Revert change set ${set.id}` } });
  // Current rows, read in batches; desired versions written with one statement per 1,000 objects.
  const rows = new Map<string, { id: string; git: Prisma.JsonValue | null; gitHash: string | null }>();
  const keys = set.items.map((i) => ({ kind: i.kind, namespace: i.namespace, name: i.name }));
  for (let k = 0; k < keys.length; k += 500) {
    const found = await db.hedgehogResource.findMany({
      where: { fabricId, OR: keys.slice(k, k + 500) },
      select: { id: true, kind: true, namespace: true, name: true, git: true, gitHash: true },
    });
    for (const r of found) rows.set(`${r.kind}/${r.namespace}/${r.name}`, r);
  }
  const plan = set.items.map((item) => {
    const target = obj(item.before); // the version before the change set (null: the object did not exist)
    return { item, target, desiredHash: target ? hashObject(target) : null, row: rows.get(`${item.kind}/${item.namespace}/${item.name}`) ?? null };
  });
  const updates = plan.filter((p) => p.row).map((p) => ({ id: p.row!.id, desired: p.target, hash: p.desiredHash }));
  for (let k = 0; k < updates.length; k += 1000) {
    await db.$executeRawUnsafe(
      `UPDATE "HedgehogResource" AS r SET "desired" = x.desired, "desiredHash" = x.hash, "version" = r."version" + 1, "updatedAt" = now()
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, desired jsonb, hash text) WHERE r.id = x.id`,
      JSON.stringify(updates.slice(k, k + 1000)),
    );
  }
  const creates = plan.filter((p) => !p.row && p.target);
  for (let k = 0; k < creates.length; k += 1000) {
    await db.hedgehogResource.createMany({
      data: creates.slice(k, k + 1000).map(({ item, target, desiredHash }) => ({
        fabricId,
        kind: item.kind,
        apiVersion: target!.apiVersion,
        namespace: item.namespace,
        name: item.name,
        desired: target as unknown as Prisma.InputJsonValue,
        desiredHash,
        state: "draft" as const,
      })),
    });
  }
  const createdIds = new Map<string, string>();
  for (let k = 0; k < creates.length; k += 500) {
    const found = await db.hedgehogResource.findMany({
      where: { fabricId, OR: creates.slice(k, k + 500).map(({ item }) => ({ kind: item.kind, namespace: item.namespace, name: item.name })) },
      select: { id: true, kind: true, namespace: true, name: true },
    });
    for (const r of found) createdIds.set(`${r.kind}/${r.namespace}/${r.name}`, r.id);
  }
  const ids: string[] = [];
  for (const { item, target, desiredHash, row } of plan) {
    const resourceId = row?.id ?? createdIds.get(`${item.kind}/${item.namespace}/${item.name}`) ?? null;
    // The change-set item itself is recorded by the shared store (same rules as an edit).
    await recordChange(db, fabricId, actor.username, {
      resourceId,
      kind: item.kind,
      namespace: item.namespace,
      name: item.name,
      git: obj(row?.git ?? null),
      gitHash: row?.gitHash ?? null,
      desired: target,
      desiredHash,
    });
    if (resourceId) ids.push(resourceId);
  }
  if (ids.length) await recomputeStates(db, fabricId, { reason: `revert of change set ${set.id}`, actor: actor.username ?? undefined, ids });
  await recordAudit(db, actor, { action: "changeset.revert", objectType: "ChangeSet", objectId: set.id, fabricId, after: { pendingChangeSetId: pending.id, items: set.items.length } });
  return toDto(db, pending.id);
}
