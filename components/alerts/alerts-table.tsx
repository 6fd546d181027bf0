"use client";

import type { ReactNode } from "react";
import Link from "next/link";
import type { inferRouterOutputs } from "@trpc/server";
import { CircleCheck, Eye } from "lucide-react";

import { formatDateTime, formatRelative } from "@/lib/format";
import type { AppRouter } from "@/server/trpc/root";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { StateBadge } from "@/components/ui/state-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AlertAction } from "./alert-action-dialog";

export type AlertDto = inferRouterOutputs<AppRouter>["alerts"]["list"]["items"][number];

const COLUMNS = ["Severity", "Alert", "Fabric", "Resource", "Count", "First seen", "Last seen", "State"] as const;

function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)} className="whitespace-nowrap">
      {formatRelative(iso)}
    </time>
  );
}

function handledBy(alert: AlertDto): string | null {
  if (alert.state === "resolved" && alert.resolvedAt) {
    return `by ${alert.resolvedBy ?? "the system"} ${formatRelative(alert.resolvedAt)}`;
  }
  if (alert.state === "acknowledged" && alert.acknowledgedAt) {
    return `by ${alert.acknowledgedBy ?? "unknown"} ${formatRelative(alert.acknowledgedAt)}`;
  }
  return null;
}

export type AlertsTableProps = {
  alerts: AlertDto[] | undefined;
  loading: boolean;
  /** Show acknowledge/resolve buttons (operators and admins). */
  canAct: boolean;
  onAction: (action: AlertAction, alert: AlertDto) => void;
  /** Opens the alert's details and history. */
  onShowHistory?: (alert: AlertDto) => void;
  /** Rendered in the body when there are no rows. */
  empty: ReactNode;
};

export function AlertsTable({ alerts, loading, canAct, onAction, onShowHistory, empty }: AlertsTableProps) {
  const columnCount = COLUMNS.length + (canAct ? 1 : 0);
  return (
    <div className="overflow-hidden rounded-lg border bg-card">
      <Table aria-label="Alerts" aria-busy={loading || undefined}>
        <TableHeader className="bg-muted/40">
          <TableRow className="hover:bg-transparent">
            {COLUMNS.map((c) => (
              <TableHead key={c} className={c === "Count" ? "text-right" : undefined}>
                {c}
              </TableHead>
            ))}
            {canAct ? (
              <TableHead className="text-right">
                <span className="sr-only">Actions</span>
              </TableHead>
            ) : null}
          </TableRow>
        </TableHeader>
        <TableBody className={loading && alerts ? "opacity-60 transition-opacity" : undefined}>
          {!alerts ? (
            Array.from({ length: 6 }, (_, i) => (
              <TableRow key={i} className="hover:bg-transparent">
                {Array.from({ length: columnCount }, (_, j) => (
                  <TableCell key={j}>
                    <Skeleton className={j === 1 ? "h-4 w-48" : "h-4 w-16"} />
                  </TableCell>
                ))}
              </TableRow>
            ))
          ) : alerts.length === 0 ? (
            <TableRow className="hover:bg-transparent">
              <TableCell colSpan={columnCount} className="p-0">
                {empty}
              </TableCell>
            </TableRow>
          ) : (
            alerts.map((alert) => {
              const by = handledBy(alert);
              return (
                <TableRow key={alert.id} data-state={alert.state}>
                  <TableCell>
                    <StateBadge kind="severity" state={alert.severity} />
                  </TableCell>
                  <TableCell className="max-w-md min-w-56">
                    {onShowHistory ? (
                      <button type="button" className="text-left font-medium hover:underline" onClick={() => onShowHistory(alert)} title="Details and history">
                        {alert.title}
                      </button>
                    ) : (
                      <p className="font-medium">{alert.title}</p>
                    )}
                    {alert.message ? (
                      <p className="line-clamp-2 text-xs text-muted-foreground" title={alert.message}>
                        {alert.message}
                      </p>
                    ) : null}
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    {alert.fabricId ? (
                      <Link href={`/fabrics/${alert.fabricId}`} className="font-medium hover:underline">
                        {alert.fabricName ?? alert.fabricId}
                      </Link>
                    ) : (
                      <span className="text-muted-foreground">—</span>
                    )}
                  </TableCell>
                  <TableCell className="font-mono text-[13px] whitespace-nowrap">
                    {alert.resourceKind || alert.resourceName ? (
                      <>
                        {alert.resourceKind ? <span className="text-muted-foreground">{alert.resourceKind}/</span> : null}
                        {alert.resourceName ?? ""}
                      </>
                    ) : (
                      <span className="font-sans text-muted-foreground">—</span>
                    )}
                  </TableCell>
                  <TableCell className="text-right tabular-nums" title={`Seen ${alert.count} time${alert.count === 1 ? "" : "s"}`}>
                    {alert.count.toLocaleString()}
                  </TableCell>
                  <TableCell>
                    <When iso={alert.firstSeenAt} />
                  </TableCell>
                  <TableCell>
                    <When iso={alert.lastSeenAt} />
                  </TableCell>
                  <TableCell>
                    <div className="grid gap-0.5">
                      <StateBadge kind="alert" state={alert.state} />
                      {by ? <span className="text-xs whitespace-nowrap text-muted-foreground">{by}</span> : null}
                    </div>
                  </TableCell>
                  {canAct ? (
                    <TableCell className="text-right">
                      <div className="flex justify-end gap-1">
                        {alert.state === "open" ? (
                          <Button variant="outline" size="xs" onClick={() => onAction("acknowledge", alert)} aria-label={`Acknowledge: ${alert.title}`}>
                            <Eye aria-hidden="true" />
                            Acknowledge
                          </Button>
                        ) : null}
                        {alert.state !== "resolved" ? (
                          <Button variant="outline" size="xs" onClick={() => onAction("resolve", alert)} aria-label={`Resolve: ${alert.title}`}>
                            <CircleCheck aria-hidden="true" />
                            Resolve
                          </Button>
                        ) : null}
                      </div>
                    </TableCell>
                  ) : null}
                </TableRow>
              );
            })
          )}
        </TableBody>
      </Table>
    </div>
  );
}
