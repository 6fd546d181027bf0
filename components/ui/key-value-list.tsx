import * as React from "react";

import { cn } from "@/lib/utils";

export type KeyValueListProps = React.ComponentProps<"dl"> & {
  /** Convenience: render these rows (after any children). Empty/undefined values show an em dash. */
  items?: readonly { label: React.ReactNode; value: React.ReactNode; mono?: boolean }[];
  /** Two label/value columns side by side on wide screens. */
  columns?: 1 | 2;
};

/** Description list for detail pages: label left, value right; stacked on narrow screens. */
export function KeyValueList({ items, columns = 1, className, children, ...props }: KeyValueListProps) {
  return (
    <dl
      data-slot="key-value-list"
      className={cn("grid text-sm", columns === 2 ? "gap-x-8 lg:grid-cols-2" : "grid-cols-1", className)}
      {...props}
    >
      {children}
      {items?.map((item, i) => (
        <KeyValue key={i} label={item.label} mono={item.mono}>
          {item.value}
        </KeyValue>
      ))}
    </dl>
  );
}

export type KeyValueProps = {
  label: React.ReactNode;
  children?: React.ReactNode;
  /** Monospace value (names, IPs, SHAs, URLs). */
  mono?: boolean;
  className?: string;
};

export function KeyValue({ label, children, mono = false, className }: KeyValueProps) {
  const empty = children === undefined || children === null || children === "" || children === false;
  return (
    <div
      data-slot="key-value"
      className={cn(
        "grid gap-0.5 border-b border-border/70 py-2 sm:grid-cols-[minmax(8rem,12rem)_1fr] sm:gap-4",
        className,
      )}
    >
      <dt className="text-muted-foreground">{label}</dt>
      <dd className={cn("min-w-0 break-words text-foreground", mono && "font-mono text-[13px]")}>
        {empty ? <span className="text-muted-foreground">—</span> : children}
      </dd>
    </div>
  );
}
