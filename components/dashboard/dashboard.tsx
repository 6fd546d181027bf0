"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell, Boxes, Network, Plus } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { ConnectionStatusDot } from "@/components/fabrics/fabric-status";
import { useCurrentUser } from "@/components/providers/current-user";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useLiveEvents } from "@/components/workflows/use-live-events";
import { formatRelative } from "@/lib/format";

function Stat({ label, value, icon, hint }: { label: string; value: ReactNode; icon: ReactNode; hint?: ReactNode }) {
  return (
    <Card className="gap-1 py-4">
      <CardContent className="flex items-start justify-between gap-2">
        <div>
          <div className="text-sm text-muted-foreground">{label}</div>
          <div className="text-2xl font-semibold tabular-nums">{value}</div>
          {hint ? <div className="text-xs text-muted-foreground">{hint}</div> : null}
        </div>
        <span className="text-muted-foreground [&_svg]:size-5">{icon}</span>
      </CardContent>
    </Card>
  );
}

const DRIFT_STATES = ["drifted", "orphaned", "missing", "conflict", "invalid"] as const;

export function Dashboard() {
  const trpc = useTRPC();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  // Live: sync progress and alert changes (Server-Sent Events) refresh the cards; a slow poll covers reconnects.
  const live = useLiveEvents({
    topics: ["sync", "alert", "changeset"],
    onEvent: () => void queryClient.invalidateQueries({ queryKey: trpc.dashboard.summary.queryKey() }),
  });
  const summary = useQuery({ ...trpc.dashboard.summary.queryOptions(), refetchInterval: live ? 60_000 : 15_000 });

  if (summary.isPending) {
    return (
      <div className="flex flex-col gap-4">
        <Skeleton className="h-10 w-64" />
        <div className="grid gap-4 sm:grid-cols-3">
          <Skeleton className="h-24" />
          <Skeleton className="h-24" />
          <Skeleton className="h-24" />
        </div>
      </div>
    );
  }
  if (summary.isError) return <Callout variant="error" title="Could not load the dashboard">{summary.error.message}</Callout>;
  const { fabrics, alerts, recentOperations } = summary.data;
  const reachable = fabrics.filter((f) => f.fabric.connectionStatus === "ok").length;
  const objects = fabrics.reduce((n, f) => n + f.resources, 0);
  const openAlerts = alerts.critical + alerts.warning + alerts.info;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Dashboard" description="Health of every fabric: cluster, Git, sync, drift and alerts." />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label="Fabrics" value={fabrics.length} icon={<Network />} />
        <Stat label="Clusters reachable" value={`${reachable} / ${fabrics.length}`} icon={<Network />} hint={fabrics.length ? "as of the last connection test" : undefined} />
        <Stat label="Objects tracked" value={objects.toLocaleString()} icon={<Boxes />} />
        <Stat
          label="Open alerts"
          value={openAlerts}
          icon={<Bell />}
          hint={openAlerts ? `${alerts.critical} critical · ${alerts.warning} warning` : "none"}
        />
      </div>

      <section className="flex flex-col gap-3">
        <h2 className="text-lg font-semibold">Fabrics</h2>
        {fabrics.length === 0 ? (
          <EmptyState
            icon={<Network />}
            title="No fabrics yet"
            description="Add a Git repository, then register a fabric with its Kubernetes API and its directory in the repository."
            action={
              user.can("admin") ? (
                <Button asChild>
                  <Link href="/fabrics/new">
                    <Plus /> New fabric
                  </Link>
                </Button>
              ) : null
            }
          />
        ) : (
          <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
            {fabrics.map(({ fabric: f, resources, byState, openAlerts: alertCount }) => {
              const drift = DRIFT_STATES.reduce((n, s) => n + (byState[s] ?? 0), 0);
              return (
                <Card key={f.id}>
                  <CardHeader>
                    <CardTitle>
                      <Link href={`/fabrics/${f.id}`} className="hover:underline">
                        {f.name}
                      </Link>
                    </CardTitle>
                    <CardDescription>{f.gitRepositoryName ? `${f.gitRepositoryName} /${f.gitPath}` : "No Git repository"}</CardDescription>
                  </CardHeader>
                  <CardContent className="flex flex-col gap-2 text-sm">
                    <div className="flex items-center justify-between">
                      <span className="text-muted-foreground">Cluster</span>
                      <ConnectionStatusDot status={f.connectionStatus} configured={!!f.kubernetesServer} />
                    </div>
                    <div className="flex items-center justify-between">
                      <span className="text-muted-foreground">Last sync</span>
                      <span>{f.lastSyncAt ? `${formatRelative(f.lastSyncAt)} · ${f.lastSyncStatus}` : "never"}</span>
                    </div>
                    <div className="flex items-center justify-between">
                      <span className="text-muted-foreground">Objects</span>
                      <span className="tabular-nums">{resources.toLocaleString()}</span>
                    </div>
                    <div className="flex items-center justify-between">
                      <span className="text-muted-foreground">Drift / invalid</span>
                      {drift ? <Badge variant="warning">{drift}</Badge> : <span className="tabular-nums">0</span>}
                    </div>
                    <div className="flex items-center justify-between">
                      <span className="text-muted-foreground">Open alerts</span>
                      {alertCount ? <Badge variant="destructive">{alertCount}</Badge> : <span className="tabular-nums">0</span>}
                    </div>
                  </CardContent>
                </Card>
              );
            })}
          </div>
        )}
      </section>

      <section className="flex flex-col gap-3">
        <h2 className="text-lg font-semibold">Recent sync operations</h2>
        {recentOperations.length === 0 ? (
          <p className="text-sm text-muted-foreground">No sync has run yet.</p>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Fabric</TableHead>
                <TableHead>Kind</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Started</TableHead>
                <TableHead>Error</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {recentOperations.map((o) => (
                <TableRow key={o.id}>
                  <TableCell>{o.fabricName}</TableCell>
                  <TableCell>{o.kind}</TableCell>
                  <TableCell>{o.status}</TableCell>
                  <TableCell>{formatRelative(o.startedAt)}</TableCell>
                  <TableCell className="max-w-80 truncate text-destructive">{o.error ?? ""}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
    </div>
  );
}
