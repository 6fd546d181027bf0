"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { PlugZap } from "lucide-react";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/form-errors";

/** "Test connection": lists the remote's refs with the stored credentials and shows the answer. */
export function TestConnectionButton({ repositoryId }: { repositoryId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const test = useMutation(
    trpc.gitops.testConnection.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.repositories.pathKey() }),
    }),
  );
  return (
    <div className="flex flex-col gap-2">
      <Button variant="outline" onClick={() => test.mutate({ id: repositoryId })} disabled={test.isPending}>
        {test.isPending ? <Spinner className="size-4" /> : <PlugZap />} Test connection
      </Button>
      {test.data ? (
        <Callout variant={test.data.ok ? "success" : "error"} title={test.data.ok ? "Connected" : "Connection failed"} aria-live="polite">
          {test.data.message}
        </Callout>
      ) : null}
      {test.error ? (
        <Callout variant="error" title="Could not test the connection">
          {errorMessage(test.error)}
        </Callout>
      ) : null}
    </div>
  );
}
