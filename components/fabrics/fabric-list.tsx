"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Network, Plus, Search } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { useCursorPages } from "@/components/hooks/use-cursor-pages";
import { useCurrentUser } from "@/components/providers/current-user";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { CursorPagination } from "@/components/ui/cursor-pagination";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatInterval, formatRelative } from "@/lib/format";
import { ConnectionStatusDot } from "./fabric-status";

const PAGE_SIZE = 25;

export function FabricList() {
  const trpc = useTRPC();
  const user = useCurrentUser();
  const [q, setQ] = useState("");
  const pages = useCursorPages();
  const query = useQuery({ ...trpc.fabrics.list.queryOptions({ limit: PAGE_SIZE, cursor: pages.cursor, q: q || undefined }), placeholderData: keepPreviousData });
  const items = query.data?.items ?? [];

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Fabrics"
        description="Each fabric is one Hedgehog cluster: its Kubernetes API and the Git directory that holds its configuration."
        actions={
          user.can("admin") ? (
            <Button asChild>
              <Link href="/fabrics/new">
                <Plus /> New fabric
              </Link>
            </Button>
          ) : null
        }
      />
      <div className="relative max-w-sm">
        <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
        <Input
          aria-label="Search fabrics by name"
          placeholder="Search by name"
          className="pl-8"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            pages.reset();
          }}
        />
      </div>
      {query.isError ? <Callout variant="error" title="Could not load fabrics">{query.error.message}</Callout> : null}
      {query.isPending ? (
        <div className="flex flex-col gap-2">
          {Array.from({ length: 4 }, (_, i) => (
            <Skeleton key={i} className="h-10 w-full" />
          ))}
        </div>
      ) : items.length === 0 && !q && !pages.hasPrevious ? (
        <EmptyState
          icon={<Network />}
          title="No fabrics yet"
          description={
            user.can("admin")
              ? "Register a fabric with its Kubernetes API endpoint and the Git repository directory that holds its YAML."
              : "An administrator has to register the first fabric."
          }
          action={
            user.can("admin") ? (
              <Button asChild>
                <Link href="/fabrics/new">
                  <Plus /> Create your first fabric
                </Link>
              </Button>
            ) : null
          }
        />
      ) : (
        <>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Kubernetes</TableHead>
                <TableHead>Git</TableHead>
                <TableHead>Mode</TableHead>
                <TableHead>Sync</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.length === 0 ? (
                <TableRow>
                  <TableCell colSpan={5} className="py-8 text-center text-muted-foreground">
                    No fabric matches “{q}”.
                  </TableCell>
                </TableRow>
              ) : (
                items.map((f) => (
                  <TableRow key={f.id}>
                    <TableCell className="font-medium">
                      <Link href={`/fabrics/${f.id}`} className="hover:underline">
                        {f.name}
                      </Link>
                      {f.simulated ? (
                        <Badge variant="outline" className="ml-2">
                          simulated
                        </Badge>
                      ) : null}
                      {f.description ? <div className="text-xs font-normal text-muted-foreground">{f.description}</div> : null}
                    </TableCell>
                    <TableCell>
                      <ConnectionStatusDot status={f.connectionStatus} configured={!!f.kubernetesServer} />
                      {f.kubernetesServer ? <div className="font-mono text-xs text-muted-foreground">{f.kubernetesServer}</div> : null}
                    </TableCell>
                    <TableCell>
                      {f.gitRepositoryName ? (
                        <>
                          <div>{f.gitRepositoryName}</div>
                          <div className="font-mono text-xs text-muted-foreground">/{f.gitPath}</div>
                        </>
                      ) : (
                        <span className="text-muted-foreground">No repository</span>
                      )}
                    </TableCell>
                    <TableCell>
                      <Badge variant="secondary">{f.applyMode === "direct" ? "Direct apply" : "GitOps"}</Badge>
                    </TableCell>
                    <TableCell className="text-sm">
                      {f.syncEnabled ? formatInterval(f.syncIntervalSeconds) : <span className="text-muted-foreground">Off</span>}
                      <div className="text-xs text-muted-foreground">last {formatRelative(f.lastSyncAt)}</div>
                    </TableCell>
                  </TableRow>
                ))
              )}
            </TableBody>
          </Table>
          <CursorPagination
            pages={pages}
            nextCursor={query.data?.nextCursor}
            pageSize={PAGE_SIZE}
            itemCount={items.length}
            itemLabel="fabrics"
          />
        </>
      )}
    </div>
  );
}
