"use client";

import * as React from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { BellOff, RotateCw } from "lucide-react";

import { errorMessage } from "@/lib/form-errors";
import { useCursorPages } from "@/components/hooks/use-cursor-pages";
import { useCurrentUser } from "@/components/providers/current-user";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { CursorPagination } from "@/components/ui/cursor-pagination";
import { AlertActionDialog, type AlertAction } from "./alert-action-dialog";
import { AlertHistorySheet } from "./alert-history-sheet";
import { AlertFilters, DEFAULT_FILTERS, filtersFromParams, filtersToParams, type AlertFilterValues } from "./alert-filters";
import { AlertsTable, type AlertDto } from "./alerts-table";

const PAGE_SIZE = 50;
const EXPLANATION = "Alerts are raised by syncs (drift, orphaned and missing objects, failed syncs, expired credentials, invalid files) and resolve themselves when the condition clears. Click an alert for its history.";

/** Reconciliation alerts: filters live in the URL (?state=&severity=&fabricId=) so views can be linked. */
export function AlertsView() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = filtersFromParams(searchParams);

  const setFilters = (next: AlertFilterValues) => {
    const query = filtersToParams(next).toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };

  return (
    <div className="mx-auto flex w-full max-w-7xl flex-col gap-4">
      <PageHeader
        className="mb-2"
        title="Alerts"
        description="Reconciliation alerts from all fabrics, deduplicated: a condition seen again raises the count, not a new alert."
      />
      <AlertFilters value={filters} onChange={setFilters} />
      {/* Remount per filter: the cursor stack belongs to one query. */}
      <AlertsList key={filtersToParams(filters).toString()} filters={filters} onShowAll={() => setFilters({ ...DEFAULT_FILTERS, state: "all" })} />
    </div>
  );
}

function describeFilters(filters: AlertFilterValues): string {
  const parts = [
    filters.state !== "all" ? `state “${filters.state}”` : null,
    filters.severity !== "all" ? `severity “${filters.severity}”` : null,
    filters.fabricId ? "the chosen fabric" : null,
  ].filter(Boolean);
  return parts.join(", ");
}

function AlertsList({ filters, onShowAll }: { filters: AlertFilterValues; onShowAll: () => void }) {
  const trpc = useTRPC();
  const user = useCurrentUser();
  const pages = useCursorPages();
  const list = useQuery({
    ...trpc.alerts.list.queryOptions({
      limit: PAGE_SIZE,
      cursor: pages.cursor,
      state: filters.state === "all" ? undefined : filters.state,
      severity: filters.severity === "all" ? undefined : filters.severity,
      fabricId: filters.fabricId || undefined,
    }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  const [pending, setPending] = React.useState<{ action: AlertAction; alert: AlertDto; seq: number } | null>(null);
  const [dialogOpen, setDialogOpen] = React.useState(false);
  const [historyOf, setHistoryOf] = React.useState<string | null>(null);

  const filtered = filters.state !== "all" || filters.severity !== "all" || filters.fabricId !== "";
  const empty = (
    <EmptyState
      compact
      icon={<BellOff />}
      title="No alerts"
      description={filtered ? `Nothing matches ${describeFilters(filters)}. ${EXPLANATION}` : EXPLANATION}
      action={
        filtered ? (
          <Button variant="outline" size="sm" onClick={onShowAll}>
            Show all alerts
          </Button>
        ) : undefined
      }
    />
  );

  if (list.isError) {
    return (
      <Callout
        variant="error"
        title="Could not load alerts"
        action={
          <Button variant="outline" size="sm" onClick={() => void list.refetch()}>
            <RotateCw aria-hidden="true" />
            Retry
          </Button>
        }
      >
        {errorMessage(list.error)}
      </Callout>
    );
  }

  return (
    <>
      <AlertsTable
        alerts={list.data?.items}
        loading={list.isFetching && (list.isPlaceholderData || !list.data)}
        canAct={user.can("operator")}
        empty={empty}
        onShowHistory={(alert) => setHistoryOf(alert.id)}
        onAction={(action, alert) => {
          setPending((p) => ({ action, alert, seq: (p?.seq ?? 0) + 1 }));
          setDialogOpen(true);
        }}
      />
      {list.data && (pages.hasPrevious || list.data.nextCursor) ? (
        <CursorPagination
          pages={pages}
          nextCursor={list.data?.nextCursor}
          pageSize={PAGE_SIZE}
          itemCount={list.data.items.length}
          disabled={list.isFetching && list.isPlaceholderData}
          itemLabel="alerts"
        />
      ) : null}
      {historyOf ? <AlertHistorySheet alertId={historyOf} open onOpenChange={(o) => !o && setHistoryOf(null)} /> : null}
      {pending ? (
        <AlertActionDialog key={pending.seq} alert={pending.alert} action={pending.action} open={dialogOpen} onOpenChange={setDialogOpen} />
      ) : null}
    </>
  );
}
