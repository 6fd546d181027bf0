"use client";

import * as React from "react";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { ChevronDown, ChevronRight, ListChecks } from "lucide-react";

import { useCursorPages } from "@/components/hooks/use-cursor-pages";
import { useTRPC } from "@/components/providers/trpc";
import type { EngineOverview } from "@/server/services/workflows/runs";
import { Callout } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { CursorPagination } from "@/components/ui/cursor-pagination";
import { Skeleton } from "@/components/ui/skeleton";
import { StateBadge } from "@/components/ui/state-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDuration, formatTime } from "./format";
import { StepTimeline } from "./step-timeline";
import { useLiveEvents } from "./use-live-events";

const PAGE_SIZE = 50;
const STATUSES = ["all", "queued", "running", "succeeded", "failed"] as const;
type StatusFilter = (typeof STATUSES)[number];

/** The workflow engine: its queue, and the runs with their states, per-step timeline, durations and errors. */
export function JobsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = React.useState<StatusFilter>("all");
  const overview = useQuery({ ...trpc.workflows.overview.queryOptions(), refetchInterval: 10_000 });

  // Live: a run changed somewhere → refresh the queue and the list (throttled by react-query's dedupe).
  const live = useLiveEvents({
    topics: ["run"],
    onEvent: () => {
      void queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() });
    },
  });

  return (
    <div className="mx-auto flex w-full max-w-7xl flex-col gap-4">
      <PageHeader
        className="mb-2"
        title="Jobs"
        description="Workflow runs: scheduled and manual syncs, change-set submits, direct applies and notifications. Each step's result is stored, so a restart resumes a run where it stopped."
        badge={<Badge variant={live ? "success" : "muted"}>{live ? "live" : "polling"}</Badge>}
      />
      <EngineCards overview={overview.data} loading={overview.isLoading} />
      {overview.data?.mode === "inngest" ? (
        <Callout>Runs are driven by Inngest: see its dashboard for run details. This page lists the runs of the embedded engine only.</Callout>
      ) : null}
      <div className="flex flex-wrap gap-1.5" role="group" aria-label="Filter by status">
        {STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            onClick={() => setStatus(s)}
            aria-pressed={status === s}
            className={`rounded-md border px-2.5 py-1 text-sm ${status === s ? "border-primary bg-primary text-primary-foreground" : "hover:bg-muted"}`}
          >
            {s === "all" ? "All" : s.charAt(0).toUpperCase() + s.slice(1)}
          </button>
        ))}
      </div>
      <RunsTable key={status} status={status} />
    </div>
  );
}

type Overview = EngineOverview | undefined;

function EngineCards({ overview, loading }: { overview: Overview; loading: boolean }) {
  if (loading || !overview) return <Skeleton className="h-24 w-full" />;
  const q = overview.queue;
  const cards: Array<{ title: string; value: React.ReactNode; hint?: string }> = [
    {
      title: "Engine",
      value: overview.mode === "inngest" ? "Inngest" : overview.running ? "Embedded, running" : "Embedded, stopped",
      hint: overview.message,
    },
    { title: "Waiting", value: q?.queued ?? "—", hint: q?.oldestQueuedAgeSeconds != null ? `oldest ${formatDuration(q.oldestQueuedAgeSeconds * 1000)}` : undefined },
    { title: "Running", value: q?.running ?? overview.counts.running, hint: q ? `${q.scheduled} scheduled (sleeps, retries)` : undefined },
    { title: "Succeeded / failed", value: `${overview.counts.succeeded} / ${overview.counts.failed}` },
  ];
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
      {cards.map((c) => (
        <Card key={c.title} className="gap-1 py-4">
          <CardHeader className="px-4">
            <CardTitle className="text-sm font-medium text-muted-foreground">{c.title}</CardTitle>
          </CardHeader>
          <CardContent className="px-4">
            <div className="text-xl font-semibold tabular-nums">{c.value}</div>
            {c.hint ? <p className="text-xs text-muted-foreground">{c.hint}</p> : null}
          </CardContent>
        </Card>
      ))}
    </div>
  );
}

function RunsTable({ status }: { status: StatusFilter }) {
  const trpc = useTRPC();
  const pages = useCursorPages();
  const list = useQuery({
    ...trpc.workflows.runs.queryOptions({ limit: PAGE_SIZE, cursor: pages.cursor, status: status === "all" ? undefined : status }),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  const [open, setOpen] = React.useState<string | null>(null);

  if (list.isLoading) return <Skeleton className="h-64 w-full" />;
  if (list.error) return <Callout variant="error">Could not load the runs: {list.error.message}</Callout>;
  const items = list.data?.items ?? [];
  if (items.length === 0) {
    return <EmptyState icon={<ListChecks />} title="No runs" description={status === "all" ? "Nothing has run yet." : `No ${status} runs.`} />;
  }
  return (
    <div className="flex flex-col gap-3">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead className="w-8" />
            <TableHead>Workflow</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>Trigger</TableHead>
            <TableHead>Steps</TableHead>
            <TableHead>Attempt</TableHead>
            <TableHead>Started</TableHead>
            <TableHead className="text-right">Duration</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((run) => {
            const expanded = open === run.id;
            return (
              <React.Fragment key={run.id}>
                <TableRow className="cursor-pointer" onClick={() => setOpen(expanded ? null : run.id)} aria-expanded={expanded}>
                  <TableCell>{expanded ? <ChevronDown className="size-4" /> : <ChevronRight className="size-4" />}</TableCell>
                  <TableCell className="font-medium">{run.functionName}</TableCell>
                  <TableCell>
                    <div className="flex items-center gap-1.5">
                      <StateBadge kind="operation" state={run.status} />
                      {run.phase === "sleeping" || run.phase === "retrying" ? <Badge variant="muted">{run.phase}</Badge> : null}
                    </div>
                  </TableCell>
                  <TableCell className="font-mono text-xs">{run.eventName ?? "—"}</TableCell>
                  <TableCell className="tabular-nums">{run.steps.length}</TableCell>
                  <TableCell className="tabular-nums">{run.attempt > 0 ? run.attempt + 1 : 1}</TableCell>
                  <TableCell className="text-xs">{formatTime(run.startedAt ?? run.createdAt)}</TableCell>
                  <TableCell className="text-right text-xs tabular-nums">{formatDuration(run.durationMs)}</TableCell>
                </TableRow>
                {expanded ? (
                  <TableRow>
                    <TableCell colSpan={8} className="bg-muted/30">
                      <div className="flex flex-col gap-3 py-2">
                        {run.error ? <p className="text-sm text-destructive">Error: {run.error}</p> : null}
                        <StepTimeline
                          now={list.dataUpdatedAt}
                          steps={run.steps.map((s) => ({
                            key: s.id,
                            name: s.name,
                            status: s.status,
                            startedAt: s.startedAt,
                            finishedAt: s.finishedAt,
                            error: s.error,
                            detail: s.op === "Sleep" ? `sleep until ${formatTime(s.finishedAt)}` : null,
                          }))}
                        />
                        <p className="text-xs text-muted-foreground">
                          Run {run.id}
                          {run.concurrencyKey ? ` · concurrency key ${run.concurrencyKey}` : ""} · priority {run.priority}
                          {run.status === "running" && run.phase !== "active" ? ` · next attempt ${formatTime(run.runAfter)}` : ""}
                        </p>
                      </div>
                    </TableCell>
                  </TableRow>
                ) : null}
              </React.Fragment>
            );
          })}
        </TableBody>
      </Table>
      <CursorPagination
        pages={pages}
        nextCursor={list.data?.nextCursor}
        pageSize={PAGE_SIZE}
        itemCount={items.length}
        itemLabel="runs"
      />
    </div>
  );
}
