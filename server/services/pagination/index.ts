import { z } from "zod";

/** `?limit=` (default 50, max 1000) and `?cursor=`, as every list of the API takes them. */
export const pageInput = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  cursor: z.string().min(1).max(500).optional(),
});
export type PageInput = z.infer<typeof pageInput>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Keyset pagination over rows ordered by a unique `id` tie-breaker: fetch limit+1 rows starting after the cursor
 * row; the extra row tells whether another page exists.
 */
export function pageArgs(page: PageInput) {
  return {
    take: page.limit + 1,
    ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
  };
}

export function toPage<R extends { id: string }, T>(rows: R[], page: PageInput, map: (row: R) => T): Page<T> {
  const more = rows.length > page.limit;
  const slice = more ? rows.slice(0, page.limit) : rows;
  return { items: slice.map(map), nextCursor: more ? slice[slice.length - 1]!.id : null };
}

export const pageOutput = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
