import type { Prisma, PrismaClient } from "@/server/db";

export interface Actor {
  username: string | null;
  type: "user" | "token" | "system";
  ip?: string;
}

export const SYSTEM_ACTOR: Actor = { username: "system", type: "system" };

type Db = PrismaClient | Prisma.TransactionClient;

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
