"use client";

import { StateBadge } from "@/components/ui/state-badge";
import { cn } from "@/lib/utils";
import { formatDuration } from "./format";

export interface TimelineStep {
  key: string;
  name: string;
  /** queued, running, succeeded, failed, cancelled (or sleeping). */
  status: string;
  startedAt: string | null;
  finishedAt: string | null;
  error?: string | null;
  detail?: string | null;
}

const barTone: Record<string, string> = {
  succeeded: "bg-success/70",
  failed: "bg-destructive/80",
  running: "bg-info/70 animate-pulse",
  sleeping: "bg-muted-foreground/40",
  queued: "bg-muted",
  cancelled: "bg-muted",
};

/**
 * Steps on a shared time axis: each bar starts and ends where its step did, relative to the whole run, with its
 * duration and error. Steps that never ran (queued, skipped) show no bar.
 */
/** `now`: the time the data was read (the end of bars still running). */
export function StepTimeline({ steps, now }: { steps: readonly TimelineStep[]; now: number }) {
  const starts = steps.map((s) => (s.startedAt ? Date.parse(s.startedAt) : null)).filter((t): t is number => t !== null);
  const ends = steps.map((s) => (s.finishedAt ? Date.parse(s.finishedAt) : s.startedAt ? now : null)).filter((t): t is number => t !== null);
  const t0 = starts.length ? Math.min(...starts) : now;
  const t1 = ends.length ? Math.max(...ends, t0 + 1) : t0 + 1;
  const span = t1 - t0;
  if (steps.length === 0) return <p className="text-sm text-muted-foreground">No steps recorded yet.</p>;
  return (
    <ol className="flex flex-col gap-1.5" aria-label="Step timeline">
      {steps.map((s) => {
        const start = s.startedAt ? Date.parse(s.startedAt) : null;
        const end = s.finishedAt ? Date.parse(s.finishedAt) : start !== null ? now : null;
        const left = start !== null ? ((start - t0) / span) * 100 : 0;
        const width = start !== null && end !== null ? Math.max(0.8, ((end - start) / span) * 100) : 0;
        return (
          <li key={s.key} className="grid grid-cols-[minmax(7rem,11rem)_1fr_5.5rem] items-center gap-3 text-sm">
            <div className="flex min-w-0 items-center gap-2">
              <StateBadge kind="operation" state={s.status} hideIcon className="shrink-0" />
              <span className="truncate font-mono text-xs" title={s.name}>
                {s.name}
              </span>
            </div>
            <div className="relative h-3 rounded bg-muted/50" aria-hidden="true">
              {width > 0 ? <div className={cn("absolute top-0 h-3 rounded", barTone[s.status] ?? "bg-muted-foreground/50")} style={{ left: `${left}%`, width: `${Math.min(width, 100 - left)}%` }} /> : null}
            </div>
            <span className="text-right text-xs text-muted-foreground tabular-nums">{start !== null && end !== null ? formatDuration(end - start) : "—"}</span>
            {s.error ? <p className="col-span-3 -mt-1 ml-1 text-xs break-words text-destructive">{s.error}</p> : null}
            {s.detail && !s.error ? <p className="col-span-3 -mt-1 ml-1 text-xs text-muted-foreground">{s.detail}</p> : null}
          </li>
        );
      })}
    </ol>
  );
}
