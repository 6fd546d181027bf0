import type { Db, Prisma, PrismaClient } from "@/server/db";

export interface Actor {
  username: string | null;
  type: "user" | "token" | "system";
  ip?: string;
}

export const SYSTEM_ACTOR: Actor = { username: "system", type: "system" };


/**
 * Records who changed what. `before`/`after` must be public representations (DTOs): secrets never enter the
 * audit log.
 */
export async function recordAudit(
  db: Db,
  actor: Actor,
  entry: {
    action: string;
    objectType: string;
    objectId?: string | null;
    objectName?: string | null;
    fabricId?: string | null;
    before?: unknown;
    after?: unknown;
  },
): Promise<void> {
  await db.auditLog.create({
    data: {
      actor: actor.username,
      actorType: actor.type,
      ip: actor.ip,
      action: entry.action,
      objectType: entry.objectType,
      objectId: entry.objectId ?? null,
      objectName: entry.objectName ?? null,
      fabricId: entry.fabricId ?? null,
      before: toJson(entry.before),
      after: toJson(entry.after),
    },
  });
}

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

export interface AuditQuery {
  actor?: string;
  /** Object id, or name (matched exactly), or type (e.g. `Fabric`). */
  object?: string;
  fabricId?: string;
}

/** The audit log, newest first, with keyset paging (`cursor` = id of the last row seen). */
export async function listAudit(db: PrismaClient, page: { limit: number; cursor?: string }, q: AuditQuery) {
  const where: Prisma.AuditLogWhereInput = {
    actor: q.actor,
    fabricId: q.fabricId,
    ...(q.object ? { OR: [{ objectId: q.object }, { objectName: q.object }, { objectType: q.object }] } : {}),
  };
  const rows = await db.auditLog.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: page.limit + 1,
    ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
  });
  const more = rows.length > page.limit;
  const items = (more ? rows.slice(0, page.limit) : rows).map((r) => ({
    id: r.id,
    actor: r.actor,
    actorType: r.actorType,
    action: r.action,
    objectType: r.objectType,
    objectId: r.objectId,
    objectName: r.objectName,
    fabricId: r.fabricId,
    before: r.before,
    after: r.after,
    ip: r.ip,
    createdAt: r.createdAt.toISOString(),
  }));
  return { items, nextCursor: more ? items[items.length - 1]!.id : null };
}
