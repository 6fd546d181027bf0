import * as React from "react";
import Link from "next/link";

import { cn } from "@/lib/utils";

/** The HFM mark: a hedgehog in profile whose spines read as a line of network links. Inline SVG, no assets. */
export function HfmMark({ className, ...props }: React.ComponentProps<"svg">) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      className={cn("size-5", className)}
      {...props}
    >
      <path d="M3 17 L3.8 12.6 L5.9 13.4 L6.6 9.2 L8.9 10.6 L10.4 6.6 L12.4 9.4 L14.6 6.9 L15.6 10.2 L17.4 9.9 Q19.6 10.6 21.4 14.4 Q21.6 15.2 20.8 15.5 L18.2 16.4 Q17 17 15.6 17 Z" />
      <path d="M7 17v2M14.5 17v2" />
      <circle cx="17.6" cy="12.6" r="0.9" fill="currentColor" stroke="none" />
    </svg>
  );
}

export function Brand({ className, compact = false }: { className?: string; compact?: boolean }) {
  return (
    <Link
      href="/"
      className={cn(
        "flex min-w-0 items-center gap-2 rounded-md outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
        className,
      )}
      aria-label="Hedgehog Fabric Manager — dashboard"
    >
      <span className="flex size-7 shrink-0 items-center justify-center rounded-md bg-brand text-brand-foreground shadow-xs">
        <HfmMark className="size-[18px]" />
      </span>
      <span className="flex min-w-0 flex-col leading-none">
        <span className="truncate text-sm font-semibold tracking-tight">{compact ? "HFM" : "Hedgehog"}</span>
        {compact ? null : <span className="truncate text-[11px] text-muted-foreground">Fabric Manager</span>}
      </span>
    </Link>
  );
}
