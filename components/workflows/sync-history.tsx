"use client";

import * as React from "react";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { History } from "lucide-react";

import { useCursorPages } from "@/components/hooks/use-cursor-pages";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { CursorPagination } from "@/components/ui/cursor-pagination";
import { Skeleton } from "@/components/ui/skeleton";
import { StateBadge } from "@/components/ui/state-badge";
import { formatDuration, formatTime } from "./format";
import { StepTimeline } from "./step-timeline";
import { SyncProgress } from "./sync-progress";
import { useLiveEvents } from "./use-live-events";

const PAGE_SIZE = 20;

function countsLine(counts: Record<string, unknown>): string | null {
  const parts = Object.entries(counts)
    .filter(([, v]) => typeof v === "number" || typeof v === "string")
    .slice(0, 8)
    .map(([k, v]) => `${k}: ${String(v)}`);
  return parts.length ? parts.join(" · ") : null;
}

/** A fabric's sync history: each sync with its steps on a timeline, durations and errors; running syncs live. */
export function SyncHistory({ fabricId }: { fabricId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pages = useCursorPages();
  const fabric = useQuery(trpc.fabrics.get.queryOptions({ id: fabricId }));
  const list = useQuery({
    ...trpc.gitops.syncOperations.queryOptions({ fabricId, limit: PAGE_SIZE, cursor: pages.cursor }),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some((o) => o.status === "running" || o.status === "queued") ? 5_000 : 30_000),
  });
  const live = useLiveEvents({
    topics: ["sync"],
    fabricId,
    onEvent: () => {
      void queryClient.invalidateQueries({ queryKey: trpc.gitops.syncOperations.pathKey() });
    },
  });

  const name = fabric.data?.name ?? "Fabric";
  return (
    <div className="mx-auto flex w-full max-w-6xl flex-col gap-4">
      <PageHeader
        className="mb-2"
        title="Sync history"
        breadcrumbs={[{ label: "Fabrics", href: "/fabrics" }, { label: name, href: `/fabrics/${fabricId}` }, { label: "Syncs" }]}
        description="Every sync of this fabric: Git fetch and ingest, live state, states and drift, alerts — each step with its duration and error."
        badge={<Badge variant={live ? "success" : "muted"}>{live ? "live" : "polling"}</Badge>}
      />
      {list.isLoading ? <Skeleton className="h-64 w-full" /> : null}
      {list.error ? <Callout variant="error">Could not load the syncs: {list.error.message}</Callout> : null}
      {list.data && list.data.items.length === 0 ? (
        <EmptyState icon={<History />} title="No syncs yet" description="Syncs start on the fabric's interval (when sync is enabled) or from the fabric's Sync button." />
      ) : null}
      {list.data?.items.map((op) => {
        const total = op.steps.length;
        const done = op.steps.filter((s) => s.status === "succeeded" || s.status === "failed" || s.status === "cancelled").length;
        const current = op.steps.find((s) => s.status === "running")?.name ?? null;
        const duration = op.startedAt ? (op.finishedAt ? Date.parse(op.finishedAt) : list.dataUpdatedAt) - Date.parse(op.startedAt) : null;
        return (
          <Card key={op.id} className="gap-3 py-4">
            <CardHeader className="px-4">
              <CardTitle as="h2" className="flex flex-wrap items-center gap-2 text-base">
                <StateBadge kind="operation" state={op.status} />
                <span>{op.kind === "full" ? "Full sync" : `${op.kind.charAt(0).toUpperCase()}${op.kind.slice(1)} sync`}</span>
                <span className="text-sm font-normal text-muted-foreground">
                  {op.trigger}
                  {op.requestedBy ? ` by ${op.requestedBy}` : ""} · {formatTime(op.startedAt ?? op.createdAt)} · {formatDuration(duration)}
                </span>
              </CardTitle>
            </CardHeader>
            <CardContent className="flex flex-col gap-3 px-4">
              {op.status === "running" || op.status === "queued" ? <SyncProgress done={done} total={total} current={current} /> : null}
              {op.error ? <p className="text-sm break-words text-destructive">{op.error}</p> : null}
              <StepTimeline
                now={list.dataUpdatedAt}
                steps={[...op.steps]
                  .sort((a, b) => a.position - b.position)
                  .map((s) => ({
                    key: s.name,
                    name: s.name,
                    status: s.status,
                    startedAt: s.startedAt,
                    finishedAt: s.finishedAt,
                    error: s.error,
                    detail: s.counts ? countsLine(s.counts) : null,
                  }))}
              />
            </CardContent>
          </Card>
        );
      })}
      {list.data && list.data.items.length > 0 ? (
        <CursorPagination
          pages={pages}
          nextCursor={list.data?.nextCursor}
          pageSize={PAGE_SIZE}
          itemCount={list.data.items.length}
          itemLabel="syncs"
        />
      ) : null}
    </div>
  );
}
