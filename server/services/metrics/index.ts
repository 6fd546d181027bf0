import { Gauge, Registry, collectDefaultMetrics } from "prom-client";
import type { PrismaClient } from "@/server/db";

const holder = globalThis as typeof globalThis & { __hfmMetrics?: ReturnType<typeof createRegistry> };

function createRegistry() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "hfm_process_" });
  const fabrics = new Gauge({ name: "hfm_fabrics", help: "Registered fabrics", registers: [registry] });
  const reachable = new Gauge({ name: "hfm_fabric_cluster_reachable", help: "1 when the fabric's last connection test succeeded", labelNames: ["fabric"], registers: [registry] });
  const resources = new Gauge({ name: "hfm_resources", help: "Hedgehog objects by fabric and lifecycle state", labelNames: ["fabric", "state"], registers: [registry] });
  const alerts = new Gauge({ name: "hfm_alerts_open", help: "Unresolved reconciliation alerts by severity", labelNames: ["severity"], registers: [registry] });
  const lastSync = new Gauge({ name: "hfm_fabric_last_sync_timestamp_seconds", help: "Time of the fabric's last finished sync", labelNames: ["fabric"], registers: [registry] });
  return { registry, fabrics, reachable, resources, alerts, lastSync };
}

/** Prometheus text for `/api/metrics`: gauges refreshed from the database on each scrape (three grouped queries). */
export async function metricsText(db: PrismaClient): Promise<{ body: string; contentType: string }> {
  holder.__hfmMetrics ??= createRegistry();
  const m = holder.__hfmMetrics;
  const [fabricRows, stateGroups, alertGroups] = await Promise.all([
    db.fabric.findMany({ select: { id: true, name: true, connectionStatus: true, lastSyncAt: true } }),
    db.hedgehogResource.groupBy({ by: ["fabricId", "state"], _count: { _all: true } }),
    db.alert.groupBy({ by: ["severity"], where: { state: { not: "resolved" } }, _count: { _all: true } }),
  ]);
  const names = new Map(fabricRows.map((f) => [f.id, f.name]));
  m.fabrics.set(fabricRows.length);
  m.reachable.reset();
  m.lastSync.reset();
  for (const f of fabricRows) {
    m.reachable.set({ fabric: f.name }, f.connectionStatus === "ok" ? 1 : 0);
    if (f.lastSyncAt) m.lastSync.set({ fabric: f.name }, f.lastSyncAt.getTime() / 1000);
  }
  m.resources.reset();
  for (const g of stateGroups) m.resources.set({ fabric: names.get(g.fabricId) ?? g.fabricId, state: g.state }, g._count._all);
  m.alerts.reset();
  for (const severity of ["info", "warning", "critical"] as const) {
    m.alerts.set({ severity }, alertGroups.find((g) => g.severity === severity)?._count._all ?? 0);
  }
  return { body: await m.registry.metrics(), contentType: m.registry.contentType };
}
