import * as React from "react";
import Link from "next/link";
import { ChevronLeft, ChevronRight } from "lucide-react";

import { cn } from "@/lib/utils";
import { Button } from "@/components/ui/button";

const fmt = new Intl.NumberFormat("en-US");

export type PaginationProps = {
  /** Current page, 1-based. */
  page: number;
  pageSize: number;
  /** Number of rows on the current page. */
  itemCount: number;
  /** Total rows when known (cursor pagination may not know it). */
  total?: number | null;
  /** Defaults to page > 1. */
  hasPrevious?: boolean;
  /** Defaults to "more rows exist": page * pageSize < total, or a full page when total is unknown. */
  hasNext?: boolean;
  /** Link-driven (server pages, searchParams)... */
  previousHref?: string;
  nextHref?: string;
  /** ...or callback-driven (client tables). */
  onPrevious?: () => void;
  onNext?: () => void;
  /** Optional page-size chooser (client only). */
  pageSizeOptions?: readonly number[];
  onPageSizeChange?: (pageSize: number) => void;
  /** Disable the controls, e.g. while the next page loads. */
  disabled?: boolean;
  /** Noun for the summary: "Showing 1–50 of 1,204 objects". */
  itemLabel?: string;
  className?: string;
};

/** Prev/next pagination with "Showing X–Y (of Z)" and "Page N (of M)". */
export function Pagination({
  page,
  pageSize,
  itemCount,
  total,
  hasPrevious,
  hasNext,
  previousHref,
  nextHref,
  onPrevious,
  onNext,
  pageSizeOptions,
  onPageSizeChange,
  disabled = false,
  itemLabel = "items",
  className,
}: PaginationProps) {
  const knownTotal = typeof total === "number";
  const canPrev = !disabled && (hasPrevious ?? page > 1);
  const canNext = !disabled && (hasNext ?? (knownTotal ? page * pageSize < total : itemCount >= pageSize));
  const from = itemCount === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = itemCount === 0 ? 0 : from + itemCount - 1;
  const pageCount = knownTotal ? Math.max(1, Math.ceil(total / pageSize)) : null;

  return (
    <nav
      aria-label="Pagination"
      data-slot="pagination"
      className={cn("flex flex-wrap items-center justify-between gap-x-4 gap-y-2 text-sm", className)}
    >
      <p className="text-muted-foreground" aria-live="polite">
        {itemCount === 0 ? (
          <>No {itemLabel}</>
        ) : (
          <>
            Showing{" "}
            <span className="font-medium text-foreground tabular-nums">
              {fmt.format(from)}–{fmt.format(to)}
            </span>
            {knownTotal ? (
              <>
                {" "}
                of <span className="font-medium text-foreground tabular-nums">{fmt.format(total)}</span>
              </>
            ) : null}{" "}
            {itemLabel}
          </>
        )}
      </p>
      <div className="flex items-center gap-2">
        {pageSizeOptions && onPageSizeChange ? (
          <label className="mr-2 hidden items-center gap-2 text-muted-foreground sm:flex">
            Rows per page
            <select
              className="h-8 rounded-md border border-input bg-background px-2 text-sm text-foreground shadow-xs outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
              value={pageSize}
              disabled={disabled}
              onChange={(e) => onPageSizeChange(Number(e.target.value))}
            >
              {pageSizeOptions.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <PageButton direction="previous" enabled={canPrev} href={previousHref} onClick={onPrevious} />
        <span className="px-1 whitespace-nowrap text-muted-foreground tabular-nums">
          Page <span className="font-medium text-foreground">{fmt.format(page)}</span>
          {pageCount !== null ? <> of {fmt.format(pageCount)}</> : null}
        </span>
        <PageButton direction="next" enabled={canNext} href={nextHref} onClick={onNext} />
      </div>
    </nav>
  );
}

function PageButton({
  direction,
  enabled,
  href,
  onClick,
}: {
  direction: "previous" | "next";
  enabled: boolean;
  href?: string;
  onClick?: () => void;
}) {
  const label = direction === "previous" ? "Previous" : "Next";
  const content =
    direction === "previous" ? (
      <>
        <ChevronLeft aria-hidden="true" />
        <span className="max-sm:sr-only">{label}</span>
      </>
    ) : (
      <>
        <span className="max-sm:sr-only">{label}</span>
        <ChevronRight aria-hidden="true" />
      </>
    );
  if (enabled && href) {
    return (
      <Button asChild variant="outline" size="sm" aria-label={`${label} page`}>
        <Link href={href} rel={direction === "previous" ? "prev" : "next"} scroll={false}>
          {content}
        </Link>
      </Button>
    );
  }
  return (
    <Button
      variant="outline"
      size="sm"
      aria-label={`${label} page`}
      disabled={!enabled || (!href && !onClick)}
      onClick={onClick}
    >
      {content}
    </Button>
  );
}
