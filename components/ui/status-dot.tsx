import * as React from "react";

import { cn } from "@/lib/utils";

export type StatusTone = "success" | "warning" | "danger" | "info" | "muted" | "progress";

const toneClass: Record<StatusTone, string> = {
  success: "bg-success",
  warning: "bg-warning",
  danger: "bg-destructive",
  info: "bg-info",
  muted: "bg-muted-foreground/50",
  progress: "bg-info",
};

export type StatusDotProps = Omit<React.ComponentProps<"span">, "children"> & {
  tone: StatusTone;
  /** Accessible text (e.g. "Cluster reachable"); also shown when `showLabel`. */
  label?: string;
  showLabel?: boolean;
  /** Animated halo for live/ongoing states ("progress" pulses by default). */
  pulse?: boolean;
};

export function StatusDot({ tone, label, showLabel = false, pulse, className, ...props }: StatusDotProps) {
  const animate = pulse ?? tone === "progress";
  return (
    <span data-slot="status-dot" className={cn("inline-flex items-center gap-1.5 text-sm", className)} {...props}>
      <span aria-hidden="true" className="relative inline-flex size-2 shrink-0">
        {animate ? (
          <span className={cn("absolute inline-flex size-full animate-ping rounded-full opacity-60", toneClass[tone])} />
        ) : null}
        <span className={cn("relative inline-flex size-2 rounded-full", toneClass[tone])} />
      </span>
      {label ? <span className={showLabel ? undefined : "sr-only"}>{label}</span> : null}
    </span>
  );
}
