"use client";

import * as React from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";

/**
 * Polls a SyncOperation (every second while it is queued or running) and refreshes the GitOps queries once it ends.
 */
export function useOperation(operationId: string | null, onFinished?: (status: string) => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const op = useQuery({
    ...trpc.gitops.syncOperation.queryOptions({ id: operationId ?? "" }),
    enabled: !!operationId,
    refetchInterval: (q) => {
      const s = q.state.data?.status;
      return s === "succeeded" || s === "failed" || s === "cancelled" ? false : 1000;
    },
  });
  const status = op.data?.status;
  const done = status === "succeeded" || status === "failed" || status === "cancelled";
  const notified = React.useRef<string | null>(null);
  React.useEffect(() => {
    if (!operationId || !done || notified.current === operationId) return;
    notified.current = operationId;
    void queryClient.invalidateQueries({ queryKey: trpc.gitops.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.fabrics.pathKey() });
    onFinished?.(status ?? "");
  }, [operationId, done, status, queryClient, trpc, onFinished]);
  return { operation: op.data ?? null, running: !!operationId && !done };
}
