"use client";

import type { useCursorPages } from "@/components/hooks/use-cursor-pages";
import { Pagination, type PaginationProps } from "./pagination";

type CursorPages = ReturnType<typeof useCursorPages>;

/** Prev/next over a server-side cursor list: `pages` from useCursorPages, `nextCursor` from the last answer. */
export function CursorPagination({
  pages,
  nextCursor,
  ...props
}: { pages: CursorPages; nextCursor: string | null | undefined } & Omit<PaginationProps, "page" | "hasPrevious" | "hasNext" | "onPrevious" | "onNext">) {
  return (
    <Pagination
      {...props}
      page={pages.page}
      hasPrevious={pages.hasPrevious}
      hasNext={!!nextCursor}
      onPrevious={pages.previous}
      onNext={() => pages.next(nextCursor)}
    />
  );
}
