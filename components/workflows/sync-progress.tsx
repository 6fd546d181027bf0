"use client";

import { cn } from "@/lib/utils";

/** A progress bar for a running sync: finished steps out of all steps, with the step now running. */
export function SyncProgress({ done, total, current, className }: { done: number; total: number; current?: string | null; className?: string }) {
  const pct = total > 0 ? Math.round((done / total) * 100) : 0;
  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <div
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-label={`Sync progress: ${done} of ${total} steps`}
        className="h-2 w-full overflow-hidden rounded-full bg-muted"
      >
        <div className="h-2 rounded-full bg-info transition-[width] duration-500" style={{ width: `${pct}%` }} />
      </div>
      <p className="text-xs text-muted-foreground">
        {done} of {total} steps{current ? ` · running ${current}` : ""}
      </p>
    </div>
  );
}
