/**
 * Bulk writes of the git and live versions of Hedgehog objects: one statement per batch of 1,000 objects
 * (the batch travels as one jsonb parameter and is expanded with jsonb_to_recordset), never one round trip per object.
 */
import { randomUUID } from "node:crypto";
import { applyDefaults } from "@/lib/hedgehog/defaults";
import type { FabricConfig, Finding, HhObject } from "@/lib/hedgehog/types";
import type { Db } from "@/server/db";
import { normalizedHash } from "./hash";

export const BATCH_SIZE = 1000;

/**
 * Options of an interactive transaction that stores one side of a whole fabric (50,000 objects take seconds, far more
 * than Prisma's 5 s default; on the embedded database other queries wait for it, so it holds no network calls).
 */
export const BULK_TRANSACTION = { maxWait: 60_000, timeout: 10 * 60_000 } as const;

export type Side = "git" | "live";

export interface VersionRow {
  kind: string;
  apiVersion: string;
  namespace: string;
  name: string;
  object: HhObject;
  hash: string;
  gitFilePath?: string | null;
  gitDocumentIndex?: number | null;
  gitCommit?: string | null;
  liveResourceVersion?: string | null;
  validationErrors?: Finding[] | null;
}

/** Labels stored for search: the object's own plus the system labels the fabric's defaulting adds. */
function searchLabels(obj: HhObject): Record<string, string> | null {
  const labels = applyDefaults(obj).metadata.labels;
  return labels && Object.keys(labels).length ? labels : null;
}

export function resourceKey(r: { kind: string; namespace: string; name: string }): string {
  return `${r.kind}/${r.namespace}/${r.name}`;
}

function chunks<T>(items: readonly T[], size = BATCH_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Upserts one side (git or live) of many objects. Unchanged objects (same hash, same file position) are not
 * rewritten. On the git side `desired` follows git unless the object has a draft (desired differs from the old git).
 */
export async function upsertVersions(
  db: Db,
  fabricId: string,
  side: Side,
  rows: readonly VersionRow[],
): Promise<{ insertedIds: string[]; updatedIds: string[]; unchanged: number }> {
  const insertedIds: string[] = [];
  const updatedIds: string[] = [];
  let unchanged = 0;
  const fabric = await db.fabric.findUnique({ where: { id: fabricId }, select: { fabricConfig: true } });
  const config = (fabric?.fabricConfig ?? {}) as Partial<FabricConfig>;
  for (const batch of chunks(rows)) {
    const payload = batch.map((r) => ({
      norm_hash: normalizedHash(r.object, config),
      id: randomUUID(),
      kind: r.kind,
      api_version: r.apiVersion,
      namespace: r.namespace,
      name: r.name,
      object: r.object,
      hash: r.hash,
      labels: searchLabels(r.object),
      git_file_path: r.gitFilePath ?? null,
      git_document_index: r.gitDocumentIndex ?? null,
      git_commit: r.gitCommit ?? null,
      live_resource_version: r.liveResourceVersion ?? null,
      validation_errors: r.validationErrors && r.validationErrors.length ? r.validationErrors : null,
    }));
    const json = JSON.stringify(payload);
    const result =
      side === "git"
        ? await db.$queryRawUnsafe<Array<{ id: string; inserted: boolean }>>(
            `INSERT INTO "HedgehogResource" AS r ("id","fabricId","kind","apiVersion","namespace","name","desired","desiredHash","git","gitHash","gitNormHash","labels","gitFilePath","gitDocumentIndex","gitCommit","validationErrors","state","version","createdAt","updatedAt")
             SELECT x.id, $2, x.kind, x.api_version, x.namespace, x.name, x.object, x.hash, x.object, x.hash, x.norm_hash, x.labels, x.git_file_path, x.git_document_index, x.git_commit, x.validation_errors, 'committed', 1, now(), now()
             FROM jsonb_to_recordset($1::jsonb) AS x(id text, kind text, api_version text, namespace text, name text, object jsonb, hash text, norm_hash text, labels jsonb, git_file_path text, git_document_index int, git_commit text, validation_errors jsonb)
             ON CONFLICT ("fabricId","kind","namespace","name") DO UPDATE SET
               "apiVersion" = EXCLUDED."apiVersion",
               "git" = EXCLUDED."git",
               "gitHash" = EXCLUDED."gitHash",
               "gitNormHash" = EXCLUDED."gitNormHash",
               "gitFilePath" = EXCLUDED."gitFilePath",
               "gitDocumentIndex" = EXCLUDED."gitDocumentIndex",
               "gitCommit" = EXCLUDED."gitCommit",
               "validationErrors" = EXCLUDED."validationErrors",
               "desired" = CASE WHEN r."desiredHash" IS NOT DISTINCT FROM r."gitHash" THEN EXCLUDED."desired" ELSE r."desired" END,
               "desiredHash" = CASE WHEN r."desiredHash" IS NOT DISTINCT FROM r."gitHash" THEN EXCLUDED."desiredHash" ELSE r."desiredHash" END,
               "labels" = CASE WHEN r."desiredHash" IS NOT DISTINCT FROM r."gitHash" THEN EXCLUDED."labels" ELSE r."labels" END,
               "updatedAt" = now()
             WHERE r."gitHash" IS DISTINCT FROM EXCLUDED."gitHash"
                OR r."gitNormHash" IS DISTINCT FROM EXCLUDED."gitNormHash"
                OR r."gitFilePath" IS DISTINCT FROM EXCLUDED."gitFilePath"
                OR r."gitDocumentIndex" IS DISTINCT FROM EXCLUDED."gitDocumentIndex"
                OR r."gitCommit" IS DISTINCT FROM EXCLUDED."gitCommit"
                OR r."validationErrors"::text IS DISTINCT FROM EXCLUDED."validationErrors"::text
             RETURNING r.id, (r.xmax = 0) AS inserted`,
            json,
            fabricId,
          )
        : await db.$queryRawUnsafe<Array<{ id: string; inserted: boolean }>>(
            `INSERT INTO "HedgehogResource" AS r ("id","fabricId","kind","apiVersion","namespace","name","live","liveHash","liveNormHash","labels","liveResourceVersion","liveSeenAt","state","version","createdAt","updatedAt")
             SELECT x.id, $2, x.kind, x.api_version, x.namespace, x.name, x.object, x.hash, x.norm_hash, x.labels, x.live_resource_version, now(), 'orphaned', 1, now(), now()
             FROM jsonb_to_recordset($1::jsonb) AS x(id text, kind text, api_version text, namespace text, name text, object jsonb, hash text, norm_hash text, labels jsonb, live_resource_version text)
             ON CONFLICT ("fabricId","kind","namespace","name") DO UPDATE SET
               "live" = EXCLUDED."live",
               "liveHash" = EXCLUDED."liveHash",
               "liveNormHash" = EXCLUDED."liveNormHash",
               "liveResourceVersion" = EXCLUDED."liveResourceVersion",
               "liveSeenAt" = now(),
               "missingSince" = NULL,
               "updatedAt" = now()
             WHERE r."liveHash" IS DISTINCT FROM EXCLUDED."liveHash"
                OR r."liveNormHash" IS DISTINCT FROM EXCLUDED."liveNormHash"
                OR r."liveResourceVersion" IS DISTINCT FROM EXCLUDED."liveResourceVersion"
                OR r."missingSince" IS NOT NULL
             RETURNING r.id, (r.xmax = 0) AS inserted`,
            json,
            fabricId,
          );
    for (const row of result) (row.inserted ? insertedIds : updatedIds).push(row.id);
    unchanged += batch.length - result.length;
  }
  return { insertedIds, updatedIds, unchanged };
}

/**
 * Objects of a fabric that a full read of one side no longer contains: the git side forgets the object in Git (and
 * in desired, unless there is a draft); the live side forgets the live object and starts the missing grace period.
 * Rows left with no version at all are deleted. Returns how many objects were cleared and the ids of the rows still
 * present that changed.
 */
export async function clearAbsent(db: Db, fabricId: string, side: Side, presentKeys: ReadonlySet<string>): Promise<{ cleared: number; changed: string[] }> {
  const column = side === "git" ? "git" : "live";
  const candidates = await db.$queryRawUnsafe<Array<{ id: string; kind: string; namespace: string; name: string }>>(
    `SELECT id, kind, namespace, name FROM "HedgehogResource" WHERE "fabricId" = $1 AND "${column}" IS NOT NULL`,
    fabricId,
  );
  return clearVersions(db, side, candidates.filter((c) => !presentKeys.has(resourceKey(c))).map((c) => c.id));
}

/** Clears one side of the given rows (see `clearAbsent`), in batches. */
export async function clearVersions(db: Db, side: Side, gone: readonly string[]): Promise<{ cleared: number; changed: string[] }> {
  const changed: string[] = [];
  for (const ids of chunks(gone)) {
    const json = JSON.stringify(ids);
    if (side === "git") {
      await db.$executeRawUnsafe(
        `UPDATE "HedgehogResource" SET
           "desired" = CASE WHEN "desiredHash" IS NOT DISTINCT FROM "gitHash" THEN NULL ELSE "desired" END,
           "desiredHash" = CASE WHEN "desiredHash" IS NOT DISTINCT FROM "gitHash" THEN NULL ELSE "desiredHash" END,
           "git" = NULL, "gitHash" = NULL, "gitNormHash" = NULL, "gitFilePath" = NULL, "gitDocumentIndex" = NULL, "gitCommit" = NULL,
           "validationErrors" = NULL, "updatedAt" = now()
         WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
        json,
      );
    } else {
      await db.$executeRawUnsafe(
        `UPDATE "HedgehogResource" SET "live" = NULL, "liveHash" = NULL, "liveNormHash" = NULL, "liveResourceVersion" = NULL,
           "missingSince" = COALESCE("missingSince", now()), "updatedAt" = now()
         WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
        json,
      );
    }
    const deleted = await db.$queryRawUnsafe<Array<{ id: string }>>(
      `DELETE FROM "HedgehogResource" WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))
         AND "desired" IS NULL AND "git" IS NULL AND "live" IS NULL RETURNING id`,
      json,
    );
    const deletedSet = new Set(deleted.map((d) => d.id));
    changed.push(...ids.filter((id) => !deletedSet.has(id)));
  }
  return { cleared: gone.length, changed };
}
