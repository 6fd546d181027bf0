import type { PrismaClient } from "@/server/db";
import { countOpenAlerts } from "@/server/services/alerts";
import { toFabricDto, type FabricDto } from "@/server/services/fabrics";

export interface FabricHealth {
  fabric: FabricDto;
  resources: number;
  byState: Record<string, number>;
  openAlerts: number;
}

/** The dashboard in four queries, whatever the number of fabrics and objects (no per-fabric round trips). */
export async function dashboardSummary(db: PrismaClient) {
  const [fabrics, stateGroups, alertGroups, alerts, operations] = await Promise.all([
    db.fabric.findMany({ orderBy: { name: "asc" }, take: 200, include: { gitRepository: { select: { name: true } } } }),
    db.hedgehogResource.groupBy({ by: ["fabricId", "state"], _count: { _all: true } }),
    db.alert.groupBy({ by: ["fabricId"], where: { state: { not: "resolved" } }, _count: { _all: true } }),
    countOpenAlerts(db),
    db.syncOperation.findMany({
      orderBy: { createdAt: "desc" },
      take: 10,
      include: { fabric: { select: { name: true } } },
    }),
  ]);
  const health = new Map<string, FabricHealth>();
  for (const f of fabrics) health.set(f.id, { fabric: toFabricDto(f), resources: 0, byState: {}, openAlerts: 0 });
  for (const g of stateGroups) {
    const h = health.get(g.fabricId);
    if (!h) continue;
    h.byState[g.state] = g._count._all;
    h.resources += g._count._all;
  }
  for (const g of alertGroups) {
    const h = g.fabricId ? health.get(g.fabricId) : undefined;
    if (h) h.openAlerts = g._count._all;
  }
  return {
    fabrics: [...health.values()],
    alerts,
    recentOperations: operations.map((o) => ({
      id: o.id,
      fabricId: o.fabricId,
      fabricName: o.fabric.name,
      kind: o.kind,
      status: o.status,
      trigger: o.trigger,
      startedAt: o.startedAt?.toISOString() ?? null,
      finishedAt: o.finishedAt?.toISOString() ?? null,
      error: o.error,
    })),
  };
}
