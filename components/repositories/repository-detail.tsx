"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useCurrentUser } from "@/components/providers/current-user";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusDot } from "@/components/ui/status-dot";
import { toast } from "@/components/ui/toaster";
import { formatDateTime } from "@/lib/format";
import { TestConnectionButton } from "@/components/gitops/test-connection-button";
import { RepositoryForm } from "./repository-form";

export function RepositoryDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const user = useCurrentUser();
  const router = useRouter();
  const queryClient = useQueryClient();
  const repo = useQuery(trpc.repositories.get.queryOptions({ id }));
  const remove = useMutation(
    trpc.repositories.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.repositories.pathKey() });
        toast.success("Repository removed");
        router.push("/repositories");
      },
    }),
  );
  if (repo.isPending) return <Skeleton className="h-96 w-full" />;
  if (repo.isError) return <Callout variant="error" title="Could not load the repository">{repo.error.message}</Callout>;
  const r = repo.data;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        breadcrumbs={[{ label: "Git repositories", href: "/repositories" }, { label: r.name }]}
        title={r.name}
        description={
          <span className="flex flex-wrap items-center gap-3">
            {r.status === "unknown" ? (
              <StatusDot tone="muted" label="Connection not tested yet" showLabel />
            ) : (
              <StatusDot tone={r.status === "ok" ? "success" : "danger"} label={`${r.statusMessage ?? r.status} · ${formatDateTime(r.lastTestedAt)}`} showLabel />
            )}
            <span>Used by {r.fabricCount} fabric(s)</span>
          </span>
        }
        actions={
          user.can("admin") ? (
            <ConfirmDialog
              trigger={
                <Button variant="outline">
                  <Trash2 /> Delete
                </Button>
              }
              title={`Delete repository ${r.name}?`}
              description="HFM forgets this repository and its stored credentials. The remote repository is not touched."
              confirmLabel="Delete"
              destructive
              onConfirm={() => remove.mutateAsync({ id: r.id }).then(() => undefined)}
            />
          ) : null
        }
      />
      {user.can("operator") ? (
        <div className="max-w-xl">
          <TestConnectionButton repositoryId={r.id} />
        </div>
      ) : null}
      <RepositoryForm repository={r} />
    </div>
  );
}
