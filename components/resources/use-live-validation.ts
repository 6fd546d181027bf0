"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPCClient } from "@/components/providers/trpc";

/**
 * Validates YAML text with `resources.validate` (no side effects) after the user stops typing. Results of an older
 * text are kept on screen until the newer ones arrive.
 */
export function useLiveValidation(text: string, fabricId: string | undefined, opts: { delayMs?: number; file?: string; enabled?: boolean } = {}) {
  const { delayMs = 400, file, enabled = true } = opts;
  const client = useTRPCClient();
  const [debounced, setDebounced] = useState(text);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(text), delayMs);
    return () => clearTimeout(t);
  }, [text, delayMs]);
  const query = useQuery({
    queryKey: ["resources", "validate", fabricId ?? null, file ?? null, debounced],
    queryFn: () => client.resources.validate.mutate({ yaml: debounced, fabricId, file }),
    enabled: enabled && debounced.trim() !== "",
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
    placeholderData: keepPreviousData,
  });
  return {
    result: debounced.trim() === "" ? undefined : query.data,
    /** The text the result belongs to. */
    validatedText: debounced,
    checking: query.isFetching || debounced !== text,
    error: query.error,
  };
}
