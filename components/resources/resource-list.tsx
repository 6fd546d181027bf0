"use client";

import { useQuery } from "@tanstack/react-query";
import { createColumnHelper, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import { Boxes, FileUp, Plus, Search, X } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { useCursorPages } from "@/components/hooks/use-cursor-pages";
import { useCurrentUser } from "@/components/providers/current-user";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { CursorPagination } from "@/components/ui/cursor-pagination";
import { Select } from "@/components/ui/select";
import { getStateMeta, StateBadge } from "@/components/ui/state-badge";
import { formatDateTime, formatRelative } from "@/lib/format";
import { cn } from "@/lib/utils";
import {
  canonicalKind,
  FABRIC_KIND_LIST,
  LIFECYCLE_STATES,
  newResourceHref,
  resourceHref,
  type LifecycleState,
  type ResourceSummary,
} from "./shared";

const PAGE_SIZE = 50;
const fmt = new Intl.NumberFormat("en-US");
const column = createColumnHelper<ResourceSummary>();

function isState(v: string | null): v is LifecycleState {
  return !!v && (LIFECYCLE_STATES as readonly string[]).includes(v);
}

/** A fabric's Hedgehog objects: kind, state and name/label filters kept in the URL, server-side cursor paging. */
export function ResourceList({ fabricId }: { fabricId: string }) {
  const trpc = useTRPC();
  const user = useCurrentUser();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const kind = canonicalKind(params.get("kind"));
  const rawState = params.get("state");
  const state = isState(rawState) ? rawState : undefined;
  const q = params.get("q")?.trim() || undefined;
  const [search, setSearch] = useState(q ?? "");
  const pages = useCursorPages();
  // Back to the first page whenever a filter changes (derived state, reset during render).
  const filterKey = `${kind ?? ""}|${state ?? ""}|${q ?? ""}`;
  const [pagedFor, setPagedFor] = useState(filterKey);
  if (pagedFor !== filterKey) {
    setPagedFor(filterKey);
    pages.reset();
  }
  const cursor = pagedFor === filterKey ? pages.cursor : undefined;

  const fabric = useQuery(trpc.fabrics.get.queryOptions({ id: fabricId }));
  const counts = useQuery(trpc.resources.counts.queryOptions({ id: fabricId }));
  const list = useQuery({
    ...trpc.resources.list.queryOptions({ id: fabricId, kind, state, q, limit: PAGE_SIZE, cursor }),
    placeholderData: (prev) => prev,
  });

  const setParam = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    const qs = next.toString();
    router.replace(`${pathname}${qs ? `?${qs}` : ""}`, { scroll: false });
  };

  // Debounced search → URL (?q=).
  useEffect(() => {
    const value = search.trim() || undefined;
    if (value === q) return;
    const t = setTimeout(() => {
      const next = new URLSearchParams(window.location.search);
      if (value) next.set("q", value);
      else next.delete("q");
      const qs = next.toString();
      router.replace(`${window.location.pathname}${qs ? `?${qs}` : ""}`, { scroll: false });
    }, 300);
    return () => clearTimeout(t);
  }, [search, q, router]);

  const columns = useMemo(
    () => [
      column.accessor("kind", { header: "Kind", meta: { cellClassName: "text-muted-foreground whitespace-nowrap" } }),
      column.accessor("name", {
        header: "Name",
        cell: (c) => (
          <Link href={resourceHref(fabricId, c.row.original.kind, c.getValue())} className="font-medium break-all hover:underline">
            {c.getValue()}
          </Link>
        ),
      }),
      column.accessor("state", { header: "State", cell: (c) => <StateBadge kind="lifecycle" state={c.getValue()} /> }),
      column.accessor("driftCount", {
        header: "Drift",
        meta: { headerClassName: "text-right", cellClassName: "text-right tabular-nums" },
        cell: (c) =>
          c.getValue() > 0 ? (
            <span className="font-medium text-amber-700 dark:text-amber-300" title={`${c.getValue()} field(s) differ between Git and live`}>
              {c.getValue()}
            </span>
          ) : (
            <span className="text-muted-foreground">0</span>
          ),
      }),
      column.accessor("errorCount", {
        header: "Findings",
        meta: { headerClassName: "text-right", cellClassName: "text-right tabular-nums" },
        cell: (c) =>
          c.getValue() > 0 ? (
            <span className="font-medium text-destructive" title={`${c.getValue()} validation error(s)`}>
              {c.getValue()}
            </span>
          ) : (
            <span className="text-muted-foreground">0</span>
          ),
      }),
      column.accessor("gitFilePath", {
        header: "Git file",
        cell: (c) =>
          c.getValue() ? <span className="font-mono text-xs break-all">{c.getValue()}</span> : <span className="text-muted-foreground">not in Git</span>,
      }),
      column.accessor("updatedAt", {
        header: "Updated",
        meta: { cellClassName: "whitespace-nowrap text-muted-foreground" },
        cell: (c) => <time dateTime={c.getValue()} title={formatDateTime(c.getValue())}>{formatRelative(c.getValue())}</time>,
      }),
    ],
    [fabricId],
  );

  const items = list.data?.items ?? [];
  // TanStack Table's instance is not memoizable; the React Compiler skips this component, which is fine here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({ data: items, columns, getCoreRowModel: getCoreRowModel(), manualPagination: true, enableSorting: false, getRowId: (r) => r.id });

  const byKind = counts.data?.byKind ?? {};
  const byState = counts.data?.byState ?? {};
  const total = counts.data?.total;
  const fabricName = fabric.data?.name ?? "Fabric";
  const filtered = !!(kind || state || q);
  const canEdit = user.can("operator");

  const kindOptions = FABRIC_KIND_LIST.map((k) => ({ value: k.kind, label: `${k.kind} (${fmt.format(byKind[k.kind] ?? 0)})` }));
  const stateOptions = LIFECYCLE_STATES.map((s) => ({ value: s, label: `${getStateMeta("lifecycle", s).label} (${fmt.format(byState[s] ?? 0)})` }));
  const presentKinds = FABRIC_KIND_LIST.filter((k) => (byKind[k.kind] ?? 0) > 0);

  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        className="mb-2"
        breadcrumbs={[{ label: "Fabrics", href: "/fabrics" }, { label: fabricName, href: `/fabrics/${fabricId}` }, { label: "Resources" }]}
        title="Resources"
        description={
          total !== undefined ? `${fmt.format(total)} Hedgehog object${total === 1 ? "" : "s"} in ${fabricName}: desired state, Git and live.` : "Hedgehog objects of this fabric."
        }
        actions={
          canEdit ? (
            <>
              <Button variant="outline" asChild>
                <Link href={`/fabrics/${fabricId}/import`}>
                  <FileUp /> Import YAML
                </Link>
              </Button>
              <Button asChild>
                <Link href={newResourceHref(fabricId, kind)}>
                  <Plus /> New {kind ?? "object"}
                </Link>
              </Button>
            </>
          ) : null
        }
      />

      {presentKinds.length > 0 ? (
        <nav aria-label="Kinds" className="flex flex-wrap gap-1.5">
          <KindChip href={kindHref(pathname, params, undefined)} active={!kind} label="All" count={total ?? 0} />
          {presentKinds.map((k) => (
            <KindChip key={k.kind} href={kindHref(pathname, params, k.kind)} active={kind === k.kind} label={k.kind} count={byKind[k.kind] ?? 0} />
          ))}
        </nav>
      ) : null}

      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <div className="relative sm:max-w-sm sm:flex-1">
          <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
          <Input
            aria-label="Search by name or label"
            placeholder="Name, or label key=value"
            className="pl-8"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <Select
          aria-label="Kind"
          wrapperClassName="sm:w-60"
          placeholder="All kinds"
          options={kindOptions}
          value={kind ?? ""}
          onChange={(e) => setParam({ kind: e.target.value || undefined })}
        />
        <Select
          aria-label="State"
          wrapperClassName="sm:w-52"
          placeholder="All states"
          options={stateOptions}
          value={state ?? ""}
          onChange={(e) => setParam({ state: e.target.value || undefined })}
        />
        {filtered ? (
          <Button
            variant="ghost"
            size="sm"
            onClick={() => {
              setSearch("");
              setParam({ kind: undefined, state: undefined, q: undefined });
            }}
          >
            <X /> Clear filters
          </Button>
        ) : null}
      </div>

      {list.isError ? (
        <Callout variant="error" title="Could not load the objects">
          {list.error.message}
        </Callout>
      ) : null}

      {!list.isPending && total === 0 && !filtered ? (
        <EmptyState
          icon={<Boxes />}
          title="No objects in this fabric yet"
          description={
            canEdit
              ? "Sync the fabric from Git to ingest its YAML, or create an object (an IPv4Namespace and a VLANNamespace first, then VPCs), or import YAML files."
              : "Sync the fabric from Git to ingest its YAML; an operator can also create objects here."
          }
          action={
            canEdit ? (
              <>
                <Button asChild>
                  <Link href={newResourceHref(fabricId, "IPv4Namespace")}>
                    <Plus /> Create an object
                  </Link>
                </Button>
                <Button variant="outline" asChild>
                  <Link href={`/fabrics/${fabricId}/import`}>
                    <FileUp /> Import YAML
                  </Link>
                </Button>
                <Button variant="outline" asChild>
                  <Link href={`/fabrics/${fabricId}`}>Fabric overview</Link>
                </Button>
              </>
            ) : null
          }
        />
      ) : (
        <DataTable
          table={table}
          loading={list.isFetching}
          caption={`${kind ?? "All"} objects of ${fabricName}`}
          empty={
            <div className="flex flex-col items-center gap-1">
              <span>
                No {kind ?? "object"}
                {state ? ` in state ${getStateMeta("lifecycle", state).label.toLowerCase()}` : ""}
                {q ? ` matches “${q}”` : kind || state ? " here" : ""}.
              </span>
              <span className="text-xs">
                {q && !q.includes("=") ? "Search matches part of a name; use key=value to match a label." : "Clear the filters to see every object."}
                {canEdit && kind ? (
                  <>
                    {" "}
                    Or{" "}
                    <Link className="underline" href={newResourceHref(fabricId, kind)}>
                      create a {kind}
                    </Link>
                    .
                  </>
                ) : null}
              </span>
            </div>
          }
          footer={
            <CursorPagination
              pages={pages}
              nextCursor={list.data?.nextCursor}
              pageSize={PAGE_SIZE}
              itemCount={items.length}
              total={totalFor(kind, state, q, byKind, byState, total)}
              disabled={list.isFetching}
              itemLabel="objects"
            />
          }
        />
      )}
    </div>
  );
}

/** The total row count when the counts endpoint knows it (one filter dimension at most, no search). */
function totalFor(
  kind: string | undefined,
  state: LifecycleState | undefined,
  q: string | undefined,
  byKind: Record<string, number>,
  byState: Partial<Record<LifecycleState, number>>,
  total: number | undefined,
): number | null {
  if (q || (kind && state)) return null;
  if (kind) return byKind[kind] ?? 0;
  if (state) return byState[state] ?? 0;
  return total ?? null;
}

function kindHref(pathname: string, params: URLSearchParams | ReturnType<typeof useSearchParams>, kind: string | undefined) {
  const next = new URLSearchParams(params.toString());
  if (kind) next.set("kind", kind);
  else next.delete("kind");
  const qs = next.toString();
  return `${pathname}${qs ? `?${qs}` : ""}`;
}

function KindChip({ href, active, label, count }: { href: string; active: boolean; label: string; count: number }) {
  return (
    <Link
      href={href}
      scroll={false}
      aria-current={active ? "page" : undefined}
      className={cn(
        "inline-flex h-7 items-center gap-1.5 rounded-md border px-2.5 text-xs font-medium transition-colors outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
        active ? "border-foreground bg-foreground text-background" : "bg-background text-muted-foreground hover:text-foreground",
      )}
    >
      {label}
      <span className={cn("tabular-nums", active ? "opacity-80" : "text-muted-foreground")}>{fmt.format(count)}</span>
    </Link>
  );
}
