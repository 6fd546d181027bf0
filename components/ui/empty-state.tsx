import * as React from "react";

import { cn } from "@/lib/utils";

export type EmptyStateProps = Omit<React.ComponentProps<"div">, "title"> & {
  /** An icon element, e.g. <Network />; sized automatically. */
  icon?: React.ReactNode;
  title: React.ReactNode;
  description?: React.ReactNode;
  /** A call to action (button or link). */
  action?: React.ReactNode;
  /** Smaller padding, for use inside tables and cards. */
  compact?: boolean;
};

export function EmptyState({ icon, title, description, action, compact = false, className, ...props }: EmptyStateProps) {
  return (
    <div
      data-slot="empty-state"
      className={cn(
        "flex flex-col items-center justify-center gap-1 text-center",
        compact ? "px-4 py-8" : "rounded-lg border border-dashed px-6 py-12",
        className,
      )}
      {...props}
    >
      {icon ? (
        <div
          aria-hidden="true"
          className="mb-2 flex size-10 items-center justify-center rounded-full bg-muted text-muted-foreground [&_svg]:size-5"
        >
          {icon}
        </div>
      ) : null}
      <p className="text-sm font-semibold text-foreground">{title}</p>
      {description ? <div className="max-w-sm text-sm text-balance text-muted-foreground">{description}</div> : null}
      {action ? <div className="mt-3 flex flex-wrap items-center justify-center gap-2">{action}</div> : null}
    </div>
  );
}
