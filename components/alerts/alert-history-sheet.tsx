"use client";

import { useQuery } from "@tanstack/react-query";

import { errorMessage } from "@/lib/form-errors";
import { formatDateTime, formatRelative } from "@/lib/format";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import { Skeleton } from "@/components/ui/skeleton";
import { StateBadge } from "@/components/ui/state-badge";

const ACTION_LABEL: Record<string, string> = {
  opened: "Opened",
  repeated: "Seen again (changed)",
  acknowledged: "Acknowledged",
  resolved: "Resolved",
  "auto-resolved": "Resolved automatically (condition cleared)",
  reopened: "Reopened",
  comment: "Comment",
};

/** One alert's details and history: who opened, acknowledged and resolved it, when, and with which comment. */
export function AlertHistorySheet({ alertId, open, onOpenChange }: { alertId: string; open: boolean; onOpenChange: (o: boolean) => void }) {
  const trpc = useTRPC();
  const alert = useQuery({ ...trpc.alerts.get.queryOptions({ id: alertId }), enabled: open });
  const a = alert.data;
  const diff = a && a.details && typeof a.details === "object" && Array.isArray((a.details as { diff?: unknown }).diff) ? ((a.details as { diff: Array<{ path: string; git: unknown; live: unknown }> }).diff) : [];
  return (
    <Sheet open={open} onOpenChange={onOpenChange}>
      <SheetContent className="w-full overflow-y-auto sm:max-w-lg">
        <SheetHeader>
          <SheetTitle>{a?.title ?? "Alert"}</SheetTitle>
          <SheetDescription>{a?.message}</SheetDescription>
        </SheetHeader>
        <div className="grid gap-4 px-4 pb-6">
          {alert.isError ? <Callout variant="error">{errorMessage(alert.error)}</Callout> : null}
          {!a ? (
            <Skeleton className="h-40 w-full" />
          ) : (
            <>
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <StateBadge kind="severity" state={a.severity} />
                <StateBadge kind="alert" state={a.state} />
                <span className="text-muted-foreground">
                  {a.type} · seen {a.count}× · first {formatRelative(a.firstSeenAt)} · last {formatRelative(a.lastSeenAt)}
                </span>
              </div>
              <p className="font-mono text-xs break-all text-muted-foreground">{a.fingerprint}</p>
              {diff.length ? (
                <div className="grid gap-1">
                  <h3 className="text-sm font-medium">Differences when last seen</h3>
                  <ul className="grid gap-1 font-mono text-xs">
                    {diff.map((d) => (
                      <li key={d.path} className="rounded border p-2">
                        <div className="font-medium">{d.path}</div>
                        <div>
                          Git: <span className="text-emerald-600">{JSON.stringify(d.git)}</span>
                        </div>
                        <div>
                          Live: <span className="text-amber-600">{JSON.stringify(d.live)}</span>
                        </div>
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              <div className="grid gap-1">
                <h3 className="text-sm font-medium">History</h3>
                <ol className="grid gap-2 border-l pl-4">
                  {a.events.map((e) => (
                    <li key={e.id} className="text-sm">
                      <p>
                        <span className="font-medium">{ACTION_LABEL[e.action] ?? e.action}</span>
                        {e.actor ? <span className="text-muted-foreground"> by {e.actor}</span> : null}
                      </p>
                      <time dateTime={e.createdAt} className="text-xs text-muted-foreground">
                        {formatDateTime(e.createdAt)}
                      </time>
                      {e.comment ? <p className="mt-1 rounded bg-muted p-2 text-sm">{e.comment}</p> : null}
                    </li>
                  ))}
                </ol>
              </div>
            </>
          )}
        </div>
      </SheetContent>
    </Sheet>
  );
}
