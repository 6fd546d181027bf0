"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Pencil, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { useCurrentUser } from "@/components/providers/current-user";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { KeyValue, KeyValueList } from "@/components/ui/key-value-list";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toaster";
import { formatDateTime, formatInterval, formatRelative } from "@/lib/format";
import { FabricResourcesCard } from "@/components/resources/fabric-resources-card";
import { ConnectionStatusDot } from "./fabric-status";

export function FabricDetail({ id, children }: { id: string; children?: ReactNode }) {
  const trpc = useTRPC();
  const user = useCurrentUser();
  const router = useRouter();
  const queryClient = useQueryClient();
  const fabric = useQuery(trpc.fabrics.get.queryOptions({ id }));
  const remove = useMutation(
    trpc.fabrics.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.fabrics.pathKey() });
        toast.success("Fabric deleted");
        router.push("/fabrics");
      },
    }),
  );

  if (fabric.isPending) return <Skeleton className="h-64 w-full" />;
  if (fabric.isError) {
    return (
      <Callout variant="error" title="Could not load the fabric">
        {fabric.error.message}
      </Callout>
    );
  }
  const f = fabric.data;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        breadcrumbs={[{ label: "Fabrics", href: "/fabrics" }, { label: f.name }]}
        title={f.name}
        description={f.description ?? undefined}
        badge={
          <span className="flex gap-1">
            <Badge variant="secondary">{f.applyMode === "direct" ? "Direct apply" : "GitOps"}</Badge>
            {f.simulated ? <Badge variant="outline">simulated cluster</Badge> : null}
          </span>
        }
        actions={
          user.can("admin") ? (
            <>
              <Button variant="outline" asChild>
                <Link href={`/fabrics/${f.id}/edit`}>
                  <Pencil /> Edit
                </Link>
              </Button>
              <ConfirmDialog
                trigger={
                  <Button variant="outline">
                    <Trash2 /> Delete
                  </Button>
                }
                title={`Delete fabric ${f.name}?`}
                description="HFM forgets this fabric, its objects, history and alerts. The Git repository and the cluster are not touched."
                confirmLabel="Delete fabric"
                destructive
                onConfirm={() => remove.mutateAsync({ id: f.id }).then(() => undefined)}
              />
            </>
          ) : null
        }
      />

      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Kubernetes connection</CardTitle>
            <CardDescription>The fabric&apos;s API server, reached with its own token and CA.</CardDescription>
          </CardHeader>
          <CardContent>
            <KeyValueList>
              <KeyValue label="Status">
                <ConnectionStatusDot status={f.connectionStatus} configured={!!f.kubernetesServer} />
              </KeyValue>
              <KeyValue label="API server" mono>
                {f.kubernetesServer ?? "—"}
              </KeyValue>
              <KeyValue label="Namespace" mono>
                {f.kubernetesNamespace}
              </KeyValue>
              <KeyValue label="Token">{f.kubernetesTokenSet ? "set" : "not set"}</KeyValue>
              <KeyValue label="CA certificate">{f.kubernetesCaCertSet ? "set" : "not set"}</KeyValue>
              <KeyValue label="Last check">
                {f.connectionCheckedAt
                  ? `${formatDateTime(f.connectionCheckedAt)}${f.connectionLatencyMs != null ? ` · ${f.connectionLatencyMs} ms` : ""}`
                  : "Never tested"}
              </KeyValue>
              {f.serverVersion ? <KeyValue label="Server version">{f.serverVersion}</KeyValue> : null}
              {f.connectionMessage ? <KeyValue label="Result">{f.connectionMessage}</KeyValue> : null}
            </KeyValueList>
            {f.credentialsExpired ? (
              <Callout variant="error" title="Credentials expired" className="mt-4">
                The cluster rejected the token. An admin has to set a new one (Edit).
              </Callout>
            ) : null}
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Git</CardTitle>
            <CardDescription>The directory HFM reads and commits to.</CardDescription>
          </CardHeader>
          <CardContent>
            <KeyValueList>
              <KeyValue label="Repository">
                {f.gitRepositoryId ? <Link className="hover:underline" href={`/repositories/${f.gitRepositoryId}`}>{f.gitRepositoryName}</Link> : "No repository"}
              </KeyValue>
              <KeyValue label="Directory" mono>
                /{f.gitPath}
              </KeyValue>
              <KeyValue label="Branch" mono>
                {f.gitBranch ?? "(repository default)"}
              </KeyValue>
              <KeyValue label="Last ingest">
                {f.lastIngestAt ? `${formatRelative(f.lastIngestAt)} · ${f.lastIngestCommit?.slice(0, 10) ?? ""}` : "Never ingested"}
              </KeyValue>
            </KeyValueList>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Sync</CardTitle>
            <CardDescription>Git ingest, live state and drift analysis, on a schedule.</CardDescription>
          </CardHeader>
          <CardContent>
            <KeyValueList>
              <KeyValue label="Schedule">{f.syncEnabled ? formatInterval(f.syncIntervalSeconds) : "Off"}</KeyValue>
              <KeyValue label="Last sync">
                {f.lastSyncAt ? `${formatDateTime(f.lastSyncAt)} · ${f.lastSyncStatus ?? ""}` : "Never synced"}
              </KeyValue>
              {f.lastSyncError ? <KeyValue label="Last error">{f.lastSyncError}</KeyValue> : null}
              <KeyValue label="Self-heal">{f.selfHeal ? "On — drift is corrected" : "Off — drift is only reported"}</KeyValue>
              <KeyValue label="Wiring edits">{f.allowObservedEdits ? "Allowed" : "Read-only (observed)"}</KeyValue>
            </KeyValueList>
          </CardContent>
        </Card>
        <FabricResourcesCard fabricId={f.id} />
        {children}
      </div>
    </div>
  );
}
