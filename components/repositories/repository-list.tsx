"use client";

import { useQuery } from "@tanstack/react-query";
import { GitBranch, Plus } from "lucide-react";
import Link from "next/link";
import { useCursorPages } from "@/components/hooks/use-cursor-pages";
import { useCurrentUser } from "@/components/providers/current-user";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { CursorPagination } from "@/components/ui/cursor-pagination";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusDot } from "@/components/ui/status-dot";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatRelative } from "@/lib/format";

const PAGE_SIZE = 25;
const AUTH_LABEL = { none: "Anonymous", basic: "Username + password", token: "Token" } as const;

export function RepositoryList() {
  const trpc = useTRPC();
  const user = useCurrentUser();
  const pages = useCursorPages();
  const query = useQuery(trpc.repositories.list.queryOptions({ limit: PAGE_SIZE, cursor: pages.cursor }));
  const items = query.data?.items ?? [];
  const newButton = user.can("admin") ? (
    <Button asChild>
      <Link href="/repositories/new">
        <Plus /> New repository
      </Link>
    </Button>
  ) : null;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Git repositories" description="Repositories that hold fabric configuration. Credentials are stored encrypted and never shown again." actions={newButton} />
      {query.isError ? <Callout variant="error" title="Could not load repositories">{query.error.message}</Callout> : null}
      {query.isPending ? (
        <Skeleton className="h-32 w-full" />
      ) : items.length === 0 && !pages.hasPrevious ? (
        <EmptyState
          icon={<GitBranch />}
          title="No Git repositories yet"
          description={user.can("admin") ? "Add the repository where your fabric YAML lives; then point a fabric at a directory in it." : "An administrator has to add a repository."}
          action={newButton}
        />
      ) : (
        <>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>URL</TableHead>
                <TableHead>Branch</TableHead>
                <TableHead>Authentication</TableHead>
                <TableHead>Status</TableHead>
                <TableHead className="text-right">Fabrics</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((r) => (
                <TableRow key={r.id}>
                  <TableCell className="font-medium">
                    <Link href={`/repositories/${r.id}`} className="hover:underline">
                      {r.name}
                    </Link>
                  </TableCell>
                  <TableCell className="max-w-72 truncate font-mono text-xs">{r.url}</TableCell>
                  <TableCell className="font-mono text-xs">{r.branch}</TableCell>
                  <TableCell>
                    <Badge variant="outline">{AUTH_LABEL[r.authType]}</Badge>
                  </TableCell>
                  <TableCell>
                    {r.status === "unknown" ? (
                      <StatusDot tone="muted" label="Not tested" showLabel />
                    ) : (
                      <StatusDot tone={r.status === "ok" ? "success" : "danger"} label={r.status === "ok" ? `Reachable · ${formatRelative(r.lastTestedAt)}` : "Failing"} showLabel />
                    )}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{r.fabricCount}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <CursorPagination
            pages={pages}
            nextCursor={query.data?.nextCursor}
            pageSize={PAGE_SIZE}
            itemCount={items.length}
            itemLabel="repositories"
          />
        </>
      )}
    </div>
  );
}
