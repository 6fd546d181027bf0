"use client";

import * as React from "react";
import Link from "next/link";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { CircleCheck, RotateCw } from "lucide-react";

import { errorMessage } from "@/lib/form-errors";
import { formatDateTime, formatRelative } from "@/lib/format";
import { useCursorPages } from "@/components/hooks/use-cursor-pages";
import { useCurrentUser } from "@/components/providers/current-user";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { CursorPagination } from "@/components/ui/cursor-pagination";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { StateBadge } from "@/components/ui/state-badge";
import { DiffView } from "./diff-view";
import { IgnoreRuleDialog, type IgnoreRuleDraft } from "./ignore-rule-dialog";
import { TrendChart } from "./trend-chart";

const PAGE_SIZE = 25;
type StateFilter = "all" | "drifted" | "orphaned" | "missing";
type SeverityFilter = "all" | "info" | "warning" | "critical";

/** Drift of one fabric: totals by state, kind and severity, the trend, and each object's field-level diff. */
export function DriftDashboard({ fabricId }: { fabricId: string }) {
  const trpc = useTRPC();
  const fabric = useQuery(trpc.fabrics.get.queryOptions({ id: fabricId }));
  const [state, setState] = React.useState<StateFilter>("all");
  const [severity, setSeverity] = React.useState<SeverityFilter>("all");
  const [kind, setKind] = React.useState("");
  const [unit, setUnit] = React.useState<"hour" | "day">("hour");
  const trend = useQuery({ ...trpc.drift.trend.queryOptions({ id: fabricId, unit, points: unit === "hour" ? 24 : 30 }), refetchInterval: 60_000 });
  const filterKey = `${state}|${severity}|${kind}`;
  const name = fabric.data?.name ?? "Fabric";

  return (
    <div className="mx-auto flex w-full max-w-7xl flex-col gap-4">
      <PageHeader
        className="mb-2"
        title="Drift"
        breadcrumbs={[{ label: "Fabrics", href: "/fabrics" }, { label: name, href: `/fabrics/${fabricId}` }, { label: "Drift" }]}
        description="Live objects compared with Git after the fabric's defaulting and your ignore rules. Drift is reported, never corrected, unless the fabric enables self-heal."
        actions={
          <Button variant="outline" size="sm" asChild>
            <Link href="/settings/ignore-rules">Ignore rules</Link>
          </Button>
        }
      />
      <Card>
        <CardHeader>
          <CardTitle>Trend</CardTitle>
          <CardDescription>From the recorded state transitions.</CardDescription>
          <div className="col-start-2 row-span-2 row-start-1 self-start justify-self-end">
            <Select
              aria-label="Trend period"
              value={unit}
              onChange={(e) => setUnit(e.target.value as "hour" | "day")}
              options={[
                { value: "hour", label: "Last 24 hours" },
                { value: "day", label: "Last 30 days" },
              ]}
            />
          </div>
        </CardHeader>
        <CardContent>{trend.data ? <TrendChart points={trend.data.points} unit={trend.data.unit} /> : <Skeleton className="h-40 w-full" />}</CardContent>
      </Card>
      <DriftList
        key={filterKey}
        fabricId={fabricId}
        state={state}
        severity={severity}
        kind={kind}
        filters={
          <div className="flex flex-wrap gap-2">
            <Select
              aria-label="State"
              value={state}
              onChange={(e) => setState(e.target.value as StateFilter)}
              options={[
                { value: "all", label: "All states" },
                { value: "drifted", label: "Drifted" },
                { value: "orphaned", label: "Orphaned" },
                { value: "missing", label: "Missing" },
              ]}
            />
            <Select
              aria-label="Severity"
              value={severity}
              onChange={(e) => setSeverity(e.target.value as SeverityFilter)}
              options={[
                { value: "all", label: "All severities" },
                { value: "critical", label: "Critical" },
                { value: "warning", label: "Warning" },
                { value: "info", label: "Info" },
              ]}
            />
          </div>
        }
        onKind={setKind}
      />
    </div>
  );
}

function Total({ label, value, hint }: { label: string; value: number | undefined; hint?: string }) {
  return (
    <div className="rounded-lg border bg-card p-4">
      <p className="text-xs text-muted-foreground">{label}</p>
      <p className="text-2xl font-semibold tabular-nums">{value === undefined ? "…" : value.toLocaleString()}</p>
      {hint ? <p className="text-xs text-muted-foreground">{hint}</p> : null}
    </div>
  );
}

function DriftList(props: {
  fabricId: string;
  state: StateFilter;
  severity: SeverityFilter;
  kind: string;
  filters: React.ReactNode;
  onKind: (kind: string) => void;
}) {
  const trpc = useTRPC();
  const user = useCurrentUser();
  const pages = useCursorPages();
  const report = useQuery({
    ...trpc.drift.report.queryOptions({
      id: props.fabricId,
      limit: PAGE_SIZE,
      cursor: pages.cursor,
      state: props.state === "all" ? undefined : props.state,
      severity: props.severity === "all" ? undefined : props.severity,
      kind: props.kind || undefined,
    }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  const [draft, setDraft] = React.useState<(IgnoreRuleDraft & { seq: number }) | null>(null);
  const [dialogOpen, setDialogOpen] = React.useState(false);

  if (report.isError) {
    return (
      <Callout
        variant="error"
        title="Could not load drift"
        action={
          <Button variant="outline" size="sm" onClick={() => void report.refetch()}>
            <RotateCw aria-hidden="true" />
            Retry
          </Button>
        }
      >
        {errorMessage(report.error)}
      </Callout>
    );
  }
  const counts = report.data?.counts;
  const kinds = counts ? Object.entries(counts.byKind).sort(([a], [b]) => a.localeCompare(b)) : [];

  return (
    <>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Total label="Drifted" value={counts?.drifted} hint="live differs from Git" />
        <Total label="Orphaned" value={counts?.orphaned} hint="live only" />
        <Total label="Missing" value={counts?.missing} hint="in Git, absent live" />
        <Total label="In sync" value={counts?.byState.synced} hint={counts ? `of ${counts.objects.toLocaleString()} objects` : undefined} />
      </div>
      {counts ? (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-muted-foreground">By severity:</span>
          {(["critical", "warning", "info"] as const).map((s) => (
            <span key={s} className="inline-flex items-center gap-1">
              <StateBadge kind="severity" state={s} /> {counts.bySeverity[s]}
            </span>
          ))}
          {kinds.length ? <span className="ml-4 text-muted-foreground">By kind:</span> : null}
          {kinds.map(([k, c]) => (
            <button
              key={k}
              type="button"
              onClick={() => props.onKind(props.kind === k ? "" : k)}
              className={`rounded-md border px-2 py-0.5 text-xs ${props.kind === k ? "border-primary bg-primary/10" : "hover:bg-muted"}`}
              aria-pressed={props.kind === k}
            >
              {k} {c.drifted + c.orphaned + c.missing}
            </button>
          ))}
        </div>
      ) : null}
      {props.filters}
      {!report.data ? (
        <Skeleton className="h-64 w-full" />
      ) : report.data.items.length === 0 ? (
        <EmptyState
          icon={<CircleCheck />}
          title="No drift"
          description={counts && counts.total > 0 ? "Nothing matches these filters." : "Every object the cluster holds matches Git."}
        />
      ) : (
        <div className={`grid gap-3 ${report.isFetching && report.isPlaceholderData ? "opacity-60" : ""}`}>
          {report.data.items.map((item) => (
            <Card key={item.id}>
              <CardHeader>
                <CardTitle className="flex flex-wrap items-center gap-2 font-mono text-sm">
                  <Link href={`/fabrics/${props.fabricId}/resources/${item.kind}/${item.name}`} className="hover:underline">
                    <span className="text-muted-foreground">{item.kind}/</span>
                    {item.name}
                  </Link>
                  <StateBadge kind="lifecycle" state={item.state} />
                  <StateBadge kind="severity" state={item.severity} />
                  {item.diff.length ? <Badge variant="outline">{item.diff.length} field(s)</Badge> : null}
                </CardTitle>
                <CardDescription>
                  {item.since ? (
                    <time dateTime={item.since} title={formatDateTime(item.since)}>
                      {item.state} since {formatRelative(item.since)}
                    </time>
                  ) : null}
                  {item.state === "orphaned" ? " — in the cluster, not in Git." : item.state === "missing" ? " — in Git, absent from the cluster." : null}
                </CardDescription>
              </CardHeader>
              {item.diff.length ? (
                <CardContent>
                  <DiffView
                    diff={item.diff}
                    onIgnore={
                      user.can("operator")
                        ? (path) => {
                            setDraft((d) => ({ fabricId: props.fabricId, kind: item.kind, path, seq: (d?.seq ?? 0) + 1 }));
                            setDialogOpen(true);
                          }
                        : undefined
                    }
                  />
                </CardContent>
              ) : null}
            </Card>
          ))}
        </div>
      )}
      {report.data && (pages.hasPrevious || report.data.nextCursor) ? (
        <CursorPagination
          pages={pages}
          nextCursor={report.data?.nextCursor}
          pageSize={PAGE_SIZE}
          itemCount={report.data.items.length}
          disabled={report.isFetching && report.isPlaceholderData}
          itemLabel="objects"
        />
      ) : null}
      {draft ? <IgnoreRuleDialog key={draft.seq} draft={draft} open={dialogOpen} onOpenChange={setDialogOpen} /> : null}
    </>
  );
}
