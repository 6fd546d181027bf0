"use client";

import * as React from "react";
import {
  flexRender,
  type Cell,
  type Header,
  type Row,
  type RowData,
  type Table as TanstackTable,
} from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ChevronsUpDown } from "lucide-react";

import { cn } from "@/lib/utils";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

declare module "@tanstack/react-table" {
  // Declaration merging must repeat the library's type parameters even though they are unused here.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Classes for this column's <th> (e.g. "w-32", "text-right"). */
    headerClassName?: string;
    /** Classes for this column's <td> cells (e.g. "text-right tabular-nums", "font-mono"). */
    cellClassName?: string;
    /** Accessible header text when the header renders no text (e.g. a checkbox column). */
    label?: string;
  }
}

export type DataTableProps<TData> = {
  /** The table instance from useReactTable (manualPagination / manualSorting for server-side data). */
  table: TanstackTable<TData>;
  /** Fetching: shows skeleton rows when there is no data yet, dims stale rows otherwise. */
  loading?: boolean;
  /** Number of skeleton rows while loading (default 8). */
  loadingRows?: number;
  /** Shown in a full-width row when there are no rows (default "No results."). */
  empty?: React.ReactNode;
  /** Makes rows clickable (and keyboard-activatable with Enter). Prefer a link in the first cell for navigation. */
  onRowClick?: (row: Row<TData>) => void;
  /** Pagination controls or a summary under the table. */
  footer?: React.ReactNode;
  /** Accessible name of the table. */
  caption?: string;
  className?: string;
  /** Sticky header inside a scrolling container (pass a max height with className, e.g. "max-h-[70vh]"). */
  stickyHeader?: boolean;
};

/** Renders a TanStack Table v8 instance: sortable headers with indicators, loading skeleton, empty row. */
export function DataTable<TData>({
  table,
  loading = false,
  loadingRows = 8,
  empty,
  onRowClick,
  footer,
  caption,
  className,
  stickyHeader = false,
}: DataTableProps<TData>) {
  const headerGroups = table.getHeaderGroups();
  const rows = table.getRowModel().rows;
  const columnCount = Math.max(1, table.getVisibleLeafColumns().length);
  const showSkeleton = loading && rows.length === 0;

  return (
    <div data-slot="data-table" className="flex flex-col gap-3">
      <div className={cn("overflow-auto rounded-lg border bg-card", className)}>
        <Table aria-busy={loading || undefined} containerClassName="overflow-visible">
          {caption ? <caption className="sr-only">{caption}</caption> : null}
          <TableHeader className={cn("bg-muted/40", stickyHeader && "sticky top-0 z-10 bg-muted")}>
            {headerGroups.map((headerGroup) => (
              <TableRow key={headerGroup.id} className="hover:bg-transparent">
                {headerGroup.headers.map((header) => (
                  <DataTableHead key={header.id} header={header} />
                ))}
              </TableRow>
            ))}
          </TableHeader>
          <TableBody className={cn(loading && rows.length > 0 && "opacity-60 transition-opacity")}>
            {showSkeleton ? (
              Array.from({ length: loadingRows }, (_, i) => (
                <TableRow key={`skeleton-${i}`} className="hover:bg-transparent">
                  {table.getVisibleLeafColumns().map((column) => (
                    <TableCell key={column.id} className={column.columnDef.meta?.cellClassName}>
                      <Skeleton className="h-4 w-full max-w-40" />
                    </TableCell>
                  ))}
                </TableRow>
              ))
            ) : rows.length === 0 ? (
              <TableRow className="hover:bg-transparent">
                <TableCell colSpan={columnCount} className="h-32 text-center text-sm text-muted-foreground">
                  {empty ?? "No results."}
                </TableCell>
              </TableRow>
            ) : (
              rows.map((row) => (
                <TableRow
                  key={row.id}
                  data-state={row.getIsSelected() ? "selected" : undefined}
                  className={cn(onRowClick && "cursor-pointer focus-visible:bg-muted/60 focus-visible:outline-none")}
                  {...(onRowClick
                    ? {
                        tabIndex: 0,
                        onClick: (e: React.MouseEvent<HTMLTableRowElement>) => {
                          if (isInteractiveTarget(e.target, e.currentTarget)) return;
                          onRowClick(row);
                        },
                        onKeyDown: (e: React.KeyboardEvent<HTMLTableRowElement>) => {
                          if (e.key === "Enter" && e.target === e.currentTarget) onRowClick(row);
                        },
                      }
                    : {})}
                >
                  {row.getVisibleCells().map((cell) => (
                    <DataTableCell key={cell.id} cell={cell} />
                  ))}
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </div>
      {footer}
    </div>
  );
}

function isInteractiveTarget(target: EventTarget, row: HTMLElement): boolean {
  if (!(target instanceof Element)) return false;
  const interactive = target.closest("a, button, input, select, textarea, label, [role=checkbox], [role=menuitem]");
  return interactive !== null && row.contains(interactive);
}

function DataTableHead<TData>({ header }: { header: Header<TData, unknown> }) {
  const meta = header.column.columnDef.meta;
  const canSort = header.column.getCanSort();
  const sorted = header.column.getIsSorted();
  const content = header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext());
  const ariaSort = sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : canSort ? "none" : undefined;

  return (
    <TableHead
      colSpan={header.colSpan}
      aria-sort={ariaSort}
      aria-label={meta?.label}
      className={meta?.headerClassName}
      style={header.column.columnDef.size !== undefined ? { width: header.getSize() } : undefined}
    >
      {canSort && !header.isPlaceholder ? (
        <button
          type="button"
          onClick={header.column.getToggleSortingHandler()}
          className={cn(
            "-mx-1.5 inline-flex h-7 items-center gap-1 rounded-md px-1.5 font-medium outline-none select-none hover:bg-accent hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50",
            sorted && "text-foreground",
          )}
          title={
            header.column.getNextSortingOrder() === "asc"
              ? "Sort ascending"
              : header.column.getNextSortingOrder() === "desc"
                ? "Sort descending"
                : "Clear sorting"
          }
        >
          {content}
          {sorted === "asc" ? (
            <ArrowUp aria-hidden="true" className="size-3.5" />
          ) : sorted === "desc" ? (
            <ArrowDown aria-hidden="true" className="size-3.5" />
          ) : (
            <ChevronsUpDown aria-hidden="true" className="size-3.5 opacity-50" />
          )}
        </button>
      ) : (
        content
      )}
    </TableHead>
  );
}

function DataTableCell<TData>({ cell }: { cell: Cell<TData, unknown> }) {
  return (
    <TableCell className={cell.column.columnDef.meta?.cellClassName}>
      {flexRender(cell.column.columnDef.cell, cell.getContext())}
    </TableCell>
  );
}
