/**
 * Read models for the API and the fabric's cluster page: the connection/breaker summary and the live objects per
 * kind with their lifecycle state (server-side paginated).
 */
import { z } from "zod";
import { VPC_GROUP, findKind } from "@/lib/hedgehog/registry";
import type { PrismaClient } from "@/server/db";
import { notFound } from "@/server/services/errors";
import { pageArgs, toPage, type PageInput } from "@/server/services/pagination";
import { kubernetesSettings } from "./config";

export const liveListInput = z.object({ kind: z.string().trim().min(1).max(64).optional() });

export const liveObjectOutput = z.object({
  id: z.string(),
  kind: z.string(),
  namespace: z.string(),
  name: z.string(),
  state: z.string(),
  inCluster: z.boolean(),
  liveResourceVersion: z.string().nullable(),
  liveSeenAt: z.string().nullable(),
  missingSince: z.string().nullable(),
  /** The object's `.status` as the cluster reports it (null when absent). */
  status: z.unknown(),
  /** What the status does and does not say. */
  statusNote: z.string(),
  driftFields: z.number().int(),
});
export type LiveObjectDto = z.infer<typeof liveObjectOutput>;

export const clusterSummaryOutput = z.object({
  fabricId: z.string(),
  name: z.string(),
  server: z.string().nullable(),
  namespace: z.string(),
  applyMode: z.enum(["gitops", "direct"]),
  simulated: z.boolean(),
  connectionStatus: z.enum(["unknown", "ok", "error"]),
  connectionMessage: z.string().nullable(),
  connectionCheckedAt: z.string().nullable(),
  connectionLatencyMs: z.number().int().nullable(),
  serverVersion: z.string().nullable(),
  credentialsExpired: z.boolean(),
  breaker: z.object({ state: z.enum(["closed", "open", "half_open"]), failures: z.number().int(), openedAt: z.string().nullable(), reopensAt: z.string().nullable() }),
  liveCounts: z.record(z.string(), z.number().int()),
  pendingChanges: z.number().int(),
});
export type ClusterSummaryDto = z.infer<typeof clusterSummaryOutput>;

function isEmptyStatus(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "object" && !Array.isArray(v) && Object.keys(v as object).length === 0);
}

export function statusNote(kind: string, status: unknown, inCluster: boolean): string {
  if (!inCluster) return "gone from the cluster";
  const info = findKind(kind);
  if (isEmptyStatus(status)) {
    return info?.group === VPC_GROUP
      ? "the cluster reports no status for this kind (upstream VPC status is empty): HFM knows the object exists, not whether the switches applied it"
      : "the cluster reports no status for this object";
  }
  return "status as reported by the cluster";
}

export async function listLiveObjects(db: PrismaClient, fabricId: string, page: PageInput, filter: z.infer<typeof liveListInput>) {
  const fabric = await db.fabric.count({ where: { id: fabricId } });
  if (!fabric) throw notFound("Fabric");
  const kind = filter.kind ? (findKind(filter.kind)?.kind ?? filter.kind) : undefined;
  const rows = await db.hedgehogResource.findMany({
    where: { fabricId, ...(kind ? { kind } : {}), OR: [{ liveSeenAt: { not: null } }, { missingSince: { not: null } }] },
    orderBy: [{ kind: "asc" }, { name: "asc" }, { id: "asc" }],
    select: { id: true, kind: true, namespace: true, name: true, state: true, live: true, liveResourceVersion: true, liveSeenAt: true, missingSince: true, drift: true },
    ...pageArgs(page),
  });
  return toPage(rows, page, (r): LiveObjectDto => {
    const live = r.live as { status?: unknown } | null;
    const inCluster = live !== null;
    const status = live?.status ?? null;
    return {
      id: r.id,
      kind: r.kind,
      namespace: r.namespace,
      name: r.name,
      state: r.state,
      inCluster,
      liveResourceVersion: r.liveResourceVersion,
      liveSeenAt: r.liveSeenAt?.toISOString() ?? null,
      missingSince: r.missingSince?.toISOString() ?? null,
      status,
      statusNote: statusNote(r.kind, status, inCluster),
      driftFields: Array.isArray(r.drift) ? r.drift.length : 0,
    };
  });
}

export async function clusterSummary(db: PrismaClient, fabricId: string): Promise<ClusterSummaryDto> {
  const f = await db.fabric.findUnique({ where: { id: fabricId } });
  if (!f) throw notFound("Fabric");
  const groups = await db.hedgehogResource.groupBy({ by: ["kind"], where: { fabricId, liveSeenAt: { not: null }, missingSince: null }, _count: { _all: true } });
  const pendingChanges = await db.changeSetItem.count({ where: { changeSet: { fabricId, status: "pending" } } });
  const reopensAt = f.breakerState === "open" && f.breakerOpenedAt ? new Date(f.breakerOpenedAt.getTime() + kubernetesSettings().breakerCooldownMs).toISOString() : null;
  return {
    fabricId: f.id,
    name: f.name,
    server: f.kubernetesServer,
    namespace: f.kubernetesNamespace,
    applyMode: f.applyMode,
    simulated: f.simulated,
    connectionStatus: f.connectionStatus,
    connectionMessage: f.connectionMessage,
    connectionCheckedAt: f.connectionCheckedAt?.toISOString() ?? null,
    connectionLatencyMs: f.connectionLatencyMs,
    serverVersion: f.serverVersion,
    credentialsExpired: f.credentialsExpired,
    breaker: { state: f.breakerState, failures: f.breakerFailures, openedAt: f.breakerOpenedAt?.toISOString() ?? null, reopensAt },
    liveCounts: Object.fromEntries(groups.map((g) => [g.kind, g._count._all])),
    pendingChanges,
  };
}

/** Fabrics whose breaker is not closed (for /api/health/ready). */
export async function openBreakers(db: PrismaClient) {
  const rows = await db.fabric.findMany({
    where: { breakerState: { not: "closed" } },
    select: { id: true, name: true, breakerState: true, breakerFailures: true, breakerOpenedAt: true },
    orderBy: { name: "asc" },
  });
  return rows.map((r) => ({ id: r.id, name: r.name, state: r.breakerState, failures: r.breakerFailures, openedAt: r.breakerOpenedAt?.toISOString() ?? null }));
}
