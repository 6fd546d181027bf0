"use client";

import { useCallback, useState } from "react";

/**
 * Server-side cursor pagination state for a list: the cursor of the current page and a stack of the previous
 * ones, so "Previous" needs no offset queries. Reset it when filters change (`reset()`).
 */
export function useCursorPages() {
  const [stack, setStack] = useState<Array<string | undefined>>([undefined]);
  const cursor = stack[stack.length - 1];
  const next = useCallback((nextCursor: string | null | undefined) => {
    if (nextCursor) setStack((s) => [...s, nextCursor]);
  }, []);
  const previous = useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []);
  const reset = useCallback(() => setStack([undefined]), []);
  return { cursor, page: stack.length, hasPrevious: stack.length > 1, next, previous, reset };
}
