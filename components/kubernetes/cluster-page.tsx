"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createColumnHelper, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import { PlugZap, Send, ShieldAlert } from "lucide-react";
import { useMemo, useState } from "react";
import { useCurrentUser } from "@/components/providers/current-user";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { KeyValue, KeyValueList } from "@/components/ui/key-value-list";
import { PageHeader } from "@/components/ui/page-header";
import { useCursorPages } from "@/components/hooks/use-cursor-pages";
import { CursorPagination } from "@/components/ui/cursor-pagination";
import { Skeleton } from "@/components/ui/skeleton";
import { StateBadge } from "@/components/ui/state-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime, formatRelative } from "@/lib/format";
import { FABRIC_KINDS } from "@/lib/hedgehog/registry";
import type { AppRouter } from "@/server/trpc/root";
import type { inferRouterOutputs } from "@trpc/server";

type Outputs = inferRouterOutputs<AppRouter>["kubernetes"];
type Connection = Outputs["testConnection"];
type LiveObject = Outputs["live"]["items"][number];
type ApplyResult = Outputs["previewApply"];

const PAGE_SIZE = 50;

/** The fabric's cluster page: connection panel, live objects per kind, and direct apply (direct-mode fabrics). */
export function ClusterPage({ fabricId }: { fabricId: string }) {
  const trpc = useTRPC();
  const summary = useQuery(trpc.kubernetes.cluster.queryOptions({ id: fabricId }));
  if (summary.isPending) return <Skeleton className="h-64 w-full" />;
  if (summary.isError) {
    return (
      <Callout variant="error" title="Could not load the fabric's cluster">
        {summary.error.message}
      </Callout>
    );
  }
  const s = summary.data;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        breadcrumbs={[{ label: "Fabrics", href: "/fabrics" }, { label: s.name, href: `/fabrics/${fabricId}` }, { label: "Cluster" }]}
        title="Cluster"
        description={s.server ? `${s.server}, namespace ${s.namespace}` : "No Kubernetes API server set for this fabric."}
        badge={s.simulated ? <Badge variant="outline">simulated cluster</Badge> : undefined}
      />
      <ConnectionPanel fabricId={fabricId} summary={s} />
      <LiveObjects fabricId={fabricId} counts={s.liveCounts} />
      {s.applyMode === "direct" ? <ApplyPanel fabricId={fabricId} pending={s.pendingChanges} /> : null}
    </div>
  );
}

function ConnectionPanel({ fabricId, summary: s }: { fabricId: string; summary: Outputs["cluster"] }) {
  const trpc = useTRPC();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const [result, setResult] = useState<Connection | null>(null);
  const test = useMutation(
    trpc.kubernetes.testConnection.mutationOptions({
      onSuccess: async (r) => {
        setResult(r);
        await queryClient.invalidateQueries({ queryKey: trpc.kubernetes.cluster.queryKey({ id: fabricId }) });
        await queryClient.invalidateQueries({ queryKey: trpc.fabrics.get.queryKey({ id: fabricId }) });
      },
    }),
  );
  return (
    <Card>
      <CardHeader>
        <CardTitle>Connection</CardTitle>
        <CardDescription>Test-connection checks the server version, that the Hedgehog APIs exist, and the token&apos;s permissions for every Hedgehog kind.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {s.credentialsExpired ? (
          <Callout variant="error" title="Credentials expired" icon={<ShieldAlert aria-hidden="true" />}>
            The cluster rejected the fabric&apos;s token (401). An administrator must set a valid service-account token on the fabric; until then HFM cannot read or apply.
          </Callout>
        ) : null}
        {s.breaker.state !== "closed" ? (
          <Callout variant="warning" title={s.breaker.state === "open" ? "Circuit breaker open" : "Circuit breaker half-open"}>
            {s.breaker.failures} calls in a row failed. HFM pauses calls to this cluster
            {s.breaker.reopensAt ? ` until ${formatDateTime(s.breaker.reopensAt)}` : ""}, then probes it once. Testing the connection probes it now.
          </Callout>
        ) : null}
        <KeyValueList>
          <KeyValue label="Status">
            <StateBadge kind="connection" state={s.connectionStatus} />
          </KeyValue>
          <KeyValue label="Last result">{s.connectionMessage ?? "Never tested"}</KeyValue>
          <KeyValue label="Checked">{s.connectionCheckedAt ? formatRelative(s.connectionCheckedAt) : "—"}</KeyValue>
          <KeyValue label="Latency">{s.connectionLatencyMs !== null ? `${s.connectionLatencyMs} ms` : "—"}</KeyValue>
          <KeyValue label="Server version">{s.serverVersion ?? "—"}</KeyValue>
          <KeyValue label="Circuit breaker">
            {s.breaker.state.replace("_", "-")} ({s.breaker.failures} consecutive failure{s.breaker.failures === 1 ? "" : "s"})
          </KeyValue>
        </KeyValueList>
        {user.can("operator") ? (
          <div>
            <Button onClick={() => test.mutate({ id: fabricId })} disabled={test.isPending || !s.server}>
              <PlugZap /> {test.isPending ? "Testing…" : "Test connection"}
            </Button>
          </div>
        ) : null}
        {test.isError ? <Callout variant="error" title="Test failed">{test.error.message}</Callout> : null}
        {result ? <ConnectionResultView result={result} /> : null}
      </CardContent>
    </Card>
  );
}

function Allowed({ ok }: { ok: boolean }) {
  return ok ? <span className="text-emerald-700 dark:text-emerald-300">yes</span> : <span className="font-medium text-destructive">no</span>;
}

function ConnectionResultView({ result }: { result: Connection }) {
  return (
    <div className="flex flex-col gap-3" aria-live="polite">
      <Callout variant={result.ok ? "success" : "error"} title={result.ok ? "Connected" : "Connection problem"}>
        {result.message}
      </Callout>
      {result.details.kinds.length > 0 ? (
        <Table aria-label="Permissions per kind">
          <TableHeader>
            <TableRow>
              <TableHead>Kind</TableHead>
              <TableHead>Resource</TableHead>
              <TableHead>list</TableHead>
              <TableHead>get</TableHead>
              <TableHead>watch</TableHead>
              <TableHead>patch</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {result.details.kinds.map((k) => (
              <TableRow key={k.kind}>
                <TableCell className="font-medium">{k.kind}</TableCell>
                <TableCell className="font-mono text-xs">{k.resource}</TableCell>
                <TableCell><Allowed ok={k.list} /></TableCell>
                <TableCell><Allowed ok={k.get} /></TableCell>
                <TableCell><Allowed ok={k.watch} /></TableCell>
                <TableCell><Allowed ok={k.patch} /></TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
    </div>
  );
}

const column = createColumnHelper<LiveObject>();

function LiveObjects({ fabricId, counts }: { fabricId: string; counts: Record<string, number> }) {
  const trpc = useTRPC();
  const kinds = FABRIC_KINDS.filter((k) => (counts[k.kind] ?? 0) > 0);
  const [kind, setKind] = useState<string | undefined>(undefined);
  const pages = useCursorPages();
  const list = useQuery(trpc.kubernetes.live.queryOptions({ id: fabricId, kind, limit: PAGE_SIZE, cursor: pages.cursor }));
  const columns = useMemo(
    () => [
      column.accessor("kind", { header: "Kind" }),
      column.accessor("name", { header: "Name", cell: (c) => <span className="font-medium break-all">{c.getValue()}</span> }),
      column.accessor("state", { header: "State", cell: (c) => <StateBadge kind="lifecycle" state={c.getValue()} /> }),
      column.accessor("statusNote", {
        header: "Cluster status",
        cell: (c) => {
          const st = c.row.original.status;
          const empty = st === null || (typeof st === "object" && Object.keys(st as object).length === 0);
          return (
            <span className="text-sm">
              {empty ? <span className="text-muted-foreground">{c.getValue()}</span> : <code className="text-xs break-all">{JSON.stringify(st).slice(0, 160)}</code>}
            </span>
          );
        },
      }),
      column.accessor("liveSeenAt", {
        header: "Seen",
        meta: { cellClassName: "whitespace-nowrap text-muted-foreground" },
        cell: (c) => (c.getValue() ? formatRelative(c.getValue()!) : c.row.original.missingSince ? `gone ${formatRelative(c.row.original.missingSince)}` : "—"),
      }),
    ],
    [],
  );
  const items = list.data?.items ?? [];
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({ data: items, columns, getCoreRowModel: getCoreRowModel(), manualPagination: true, enableSorting: false, getRowId: (r) => r.id });
  const choose = (k: string | undefined) => {
    setKind(k);
    pages.reset();
  };
  return (
    <Card>
      <CardHeader>
        <CardTitle>Live objects</CardTitle>
        <CardDescription>
          What the cluster holds, with each object&apos;s state. Upstream Hedgehog reports no status for VPC objects: HFM shows that the object exists, not that switches applied it.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        <nav aria-label="Kinds" className="flex flex-wrap gap-1.5">
          <Button size="sm" variant={kind ? "outline" : "secondary"} onClick={() => choose(undefined)}>All</Button>
          {kinds.map((k) => (
            <Button key={k.kind} size="sm" variant={kind === k.kind ? "secondary" : "outline"} onClick={() => choose(k.kind)}>
              {k.kind} ({counts[k.kind]})
            </Button>
          ))}
        </nav>
        {list.isError ? <Callout variant="error" title="Could not load live objects">{list.error.message}</Callout> : null}
        <DataTable
          table={table}
          loading={list.isFetching}
          caption="Live objects"
          empty="No live objects read yet — run a sync (or test the connection first)."
          footer={
            <CursorPagination
              pages={pages}
              nextCursor={list.data?.nextCursor}
              pageSize={PAGE_SIZE}
              itemCount={items.length}
              total={kind ? (counts[kind] ?? null) : null}
              disabled={list.isFetching}
              itemLabel="objects"
            />
          }
        />
      </CardContent>
    </Card>
  );
}

function ApplyPanel({ fabricId, pending }: { fabricId: string; pending: number }) {
  const trpc = useTRPC();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const [force, setForce] = useState(false);
  const [result, setResult] = useState<ApplyResult | null>(null);
  const preview = useMutation(trpc.kubernetes.previewApply.mutationOptions({ onSuccess: setResult }));
  const apply = useMutation(
    trpc.kubernetes.applyChangeSet.mutationOptions({
      onSuccess: async (r) => {
        setResult(r);
        await queryClient.invalidateQueries({ queryKey: trpc.kubernetes.pathKey() });
      },
    }),
  );
  const canApply = user.can("operator") && pending > 0;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Direct apply</CardTitle>
        <CardDescription>
          {pending} pending change{pending === 1 ? "" : "s"}. The preview is a server-side apply with dryRun=All: the cluster validates everything, nothing changes. Apply uses the field manager
          hedgehog-fabric-manager.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> Force: take over fields owned by other managers
        </label>
        <div className="flex gap-2">
          <Button variant="outline" disabled={!canApply || preview.isPending} onClick={() => preview.mutate({ id: fabricId, force })}>
            {preview.isPending ? "Previewing…" : "Preview (dry run)"}
          </Button>
          <Button
            disabled={!canApply || apply.isPending || !result?.changeSetId}
            onClick={() => result?.changeSetId && apply.mutate({ id: fabricId, changeSetId: result.changeSetId, force })}
          >
            <Send /> {apply.isPending ? "Applying…" : "Apply"}
          </Button>
        </div>
        {preview.isError ? <Callout variant="error" title="Preview failed">{preview.error.message}</Callout> : null}
        {apply.isError ? <Callout variant="error" title="Apply failed">{apply.error.message}</Callout> : null}
        {result ? <ApplyResultView result={result} /> : null}
      </CardContent>
    </Card>
  );
}

function ApplyResultView({ result }: { result: ApplyResult }) {
  return (
    <div className="flex flex-col gap-2" aria-live="polite">
      <Callout variant={result.ok ? "success" : "warning"} title={result.dryRun ? "Preview" : "Apply result"}>
        {result.counts.ok} of {result.counts.total} object(s) {result.dryRun ? "would apply" : "applied"}; {result.counts.failed} failed.
      </Callout>
      <Table aria-label="Per-object results">
        <TableHeader>
          <TableRow>
            <TableHead>Object</TableHead>
            <TableHead>Action</TableHead>
            <TableHead>Outcome</TableHead>
            <TableHead>Details</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {result.items.map((i) => (
            <TableRow key={`${i.kind}/${i.namespace}/${i.name}`}>
              <TableCell className="font-medium">{i.kind}/{i.name}</TableCell>
              <TableCell>{i.action}</TableCell>
              <TableCell>{i.ok ? <Badge variant="secondary">{i.outcome}</Badge> : <Badge variant="destructive">{i.outcome}</Badge>}</TableCell>
              <TableCell className="text-sm">
                {i.message}
                {i.conflicts?.length ? (
                  <ul className="mt-1 list-disc pl-4 text-xs">
                    {i.conflicts.map((c, n) => <li key={n}>{c.field ?? "?"} — owned by {c.manager}</li>)}
                  </ul>
                ) : null}
                {i.causes?.length ? (
                  <ul className="mt-1 list-disc pl-4 text-xs">
                    {i.causes.map((c, n) => <li key={n}>{c.field ? `${c.field}: ` : ""}{c.message}</li>)}
                  </ul>
                ) : null}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
