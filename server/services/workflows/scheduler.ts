/**
 * What the scheduler-tick workflow does each minute: start the syncs that are due, and flag the fabrics whose
 * last sync is stale.
 */
import type { PrismaClient } from "@/server/db";
import { ALERT_KINDS, fingerprint as alertFingerprint, raiseAlert, resolveAlerts, THRESHOLDS } from "@/server/services/alerts";
import { sendEvents } from "./engine";

/** A fabric whose last sync is older than this many intervals gets a `sync-stale` alert (the alerts' threshold). */
export const STALE_FACTOR = THRESHOLDS.staleIntervals;
/** Fabrics with fewer objects than this sync first ("small syncs before large orchestration"). */
const SMALL_FABRIC_OBJECTS = 1000;

/** Embedded-executor priority of a scheduled sync: small fabrics first. */
export function syncPriority(objects: number): number {
  return objects < SMALL_FABRIC_OBJECTS ? 120 : 0;
}

export interface DueSyncs {
  started: string[];
}

/**
 * Sends `fabric/sync.requested` for every fabric with sync enabled whose `nextSyncAt` has come (or was never set),
 * and moves its `nextSyncAt` one interval on. The event id is derived from the due time, so running this twice for
 * the same tick (a retried step, two instances) starts each sync once.
 */
export async function startDueSyncs(db: PrismaClient, now: Date): Promise<DueSyncs> {
  const due = await db.fabric.findMany({
    where: { syncEnabled: true, OR: [{ nextSyncAt: null }, { nextSyncAt: { lte: now } }] },
    select: { id: true, nextSyncAt: true, syncIntervalSeconds: true, _count: { select: { resources: true } } },
    orderBy: [{ nextSyncAt: { sort: "asc", nulls: "first" } }, { id: "asc" }],
  });
  if (due.length === 0) return { started: [] };
  await sendEvents(
    due.map((fabric) => {
      const dueAt = fabric.nextSyncAt ?? new Date(Math.floor(now.getTime() / 60_000) * 60_000);
      return {
        name: "fabric/sync.requested" as const,
        data: { fabricId: fabric.id, trigger: "schedule", priority: syncPriority(fabric._count.resources) },
        id: `schedule:${fabric.id}:${dueAt.toISOString()}`,
      };
    }),
  );
  // One statement per interval length: the next sync is one interval after this tick.
  const byInterval = new Map<number, string[]>();
  for (const f of due) byInterval.set(f.syncIntervalSeconds, [...(byInterval.get(f.syncIntervalSeconds) ?? []), f.id]);
  await db.$transaction(
    [...byInterval].map(([seconds, ids]) => db.fabric.updateMany({ where: { id: { in: ids } }, data: { nextSyncAt: new Date(now.getTime() + seconds * 1000) } })),
  );
  const started = due.map((f) => f.id);
  return { started };
}

export interface StaleSyncs {
  stale: string[];
  resolved: number;
}

/**
 * Raises a `sync-stale` alert for each fabric with sync enabled whose last sync (or creation, if it never synced)
 * is older than STALE_FACTOR × its interval; resolves the alerts of fabrics that synced since.
 */
export async function flagStaleSyncs(db: PrismaClient, now: Date): Promise<StaleSyncs> {
  const fabrics = await db.fabric.findMany({
    where: { syncEnabled: true },
    select: { id: true, name: true, lastSyncAt: true, createdAt: true, syncIntervalSeconds: true, lastSyncStatus: true },
  });
  const stale: string[] = [];
  const keep = new Set<string>();
  for (const f of fabrics) {
    const since = f.lastSyncAt ?? f.createdAt;
    const limitMs = STALE_FACTOR * f.syncIntervalSeconds * 1000;
    if (now.getTime() - since.getTime() <= limitMs) continue;
    const fingerprint = alertFingerprint.fabric("sync-stale", f.id);
    keep.add(fingerprint);
    stale.push(f.id);
    const minutes = Math.round((now.getTime() - since.getTime()) / 60_000);
    // "touch": a condition checked periodically — still there is not one more occurrence.
    await raiseAlert(
      db,
      {
        fabricId: f.id,
        type: "sync-stale",
        fingerprint,
        severity: ALERT_KINDS["sync-stale"].severity,
        title: `Fabric ${f.name} has not synced for ${minutes} min`,
        message: f.lastSyncAt
          ? `The last sync was at ${f.lastSyncAt.toISOString()} (${f.lastSyncStatus ?? "unknown"}); the interval is ${f.syncIntervalSeconds} s.`
          : `The fabric never synced since it was created at ${f.createdAt.toISOString()}; the interval is ${f.syncIntervalSeconds} s.`,
        details: { lastSyncAt: f.lastSyncAt?.toISOString() ?? null, intervalSeconds: f.syncIntervalSeconds },
      },
      { repeat: "touch" },
    );
  }
  const resolved = await resolveAlerts(db, { fingerprintPrefix: "sync-stale:", keep });
  return { stale, resolved };
}
