import type { HhObject } from "@/lib/hedgehog/types";
import { Prisma, type Db } from "@/server/db";


/** The fabric's pending change set (at most one), created on first use. */
export async function pendingChangeSet(db: Db, fabricId: string, createdBy?: string | null) {
  const existing = await db.changeSet.findFirst({ where: { fabricId, status: "pending" }, orderBy: { createdAt: "asc" } });
  return existing ?? db.changeSet.create({ data: { fabricId, status: "pending", createdBy: createdBy ?? null } });
}

/**
 * Records a draft edit in the pending change set: one item per object, updated on each edit. An object whose desired
 * version equals Git again leaves the change set.
 */
export async function recordChange(
  db: Db,
  fabricId: string,
  actor: string | null,
  change: {
    resourceId: string | null;
    kind: string;
    namespace: string;
    name: string;
    git: HhObject | null;
    gitHash: string | null;
    desired: HhObject | null;
    desiredHash: string | null;
  },
): Promise<void> {
  const set = await pendingChangeSet(db, fabricId, actor);
  const key = { changeSetId_kind_namespace_name: { changeSetId: set.id, kind: change.kind, namespace: change.namespace, name: change.name } };
  if (change.desiredHash === change.gitHash) {
    await db.changeSetItem.deleteMany({ where: { changeSetId: set.id, kind: change.kind, namespace: change.namespace, name: change.name } });
    return;
  }
  const action = change.desired === null ? "delete" : change.git === null ? "create" : "update";
  const data = {
    resourceId: change.resourceId,
    action,
    before: change.git ? (change.git as unknown as Prisma.InputJsonValue) : Prisma.DbNull,
    after: change.desired ? (change.desired as unknown as Prisma.InputJsonValue) : Prisma.DbNull,
    baseGitHash: change.gitHash,
  } as const;
  await db.changeSetItem.upsert({
    where: key,
    create: { changeSetId: set.id, kind: change.kind, namespace: change.namespace, name: change.name, ...data },
    update: data,
  });
}
