"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useCursorPages } from "@/components/hooks/use-cursor-pages";
import { useCurrentUser } from "@/components/providers/current-user";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { CursorPagination } from "@/components/ui/cursor-pagination";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";

const PAGE_SIZE = 50;

/** Who changed what (admins). Before/after values are public representations: secrets never appear. */
export function AuditLog() {
  const trpc = useTRPC();
  const user = useCurrentUser();
  const pages = useCursorPages();
  const [actor, setActor] = useState("");
  const [object, setObject] = useState("");
  const query = useQuery({
    ...trpc.audit.list.queryOptions({ limit: PAGE_SIZE, cursor: pages.cursor, actor: actor || undefined, object: object || undefined }),
    enabled: user.can("admin"),
    placeholderData: keepPreviousData,
  });
  const breadcrumbs = [{ label: "Settings", href: "/settings" }, { label: "Audit log" }];
  if (!user.can("admin")) {
    return (
      <div className="flex flex-col gap-6">
        <PageHeader title="Audit log" breadcrumbs={breadcrumbs} />
        <Callout variant="warning" title="You need the admin role">Ask an administrator to review the audit log.</Callout>
      </div>
    );
  }
  const items = query.data?.items ?? [];
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Audit log" description="Every change made through HFM: who, what, when, from where." breadcrumbs={breadcrumbs} />
      <div className="grid max-w-xl gap-2 sm:grid-cols-2">
        <Input aria-label="Filter by user" placeholder="User (exact)" value={actor} onChange={(e) => { setActor(e.target.value); pages.reset(); }} />
        <Input aria-label="Filter by object" placeholder="Object name, id or type" value={object} onChange={(e) => { setObject(e.target.value); pages.reset(); }} />
      </div>
      {query.isError ? <Callout variant="error" title="Could not load the audit log">{query.error.message}</Callout> : null}
      {query.isPending ? (
        <Skeleton className="h-40 w-full" />
      ) : (
        <>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>When</TableHead>
                <TableHead>Who</TableHead>
                <TableHead>Action</TableHead>
                <TableHead>Object</TableHead>
                <TableHead>Address</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.length === 0 ? (
                <TableRow>
                  <TableCell colSpan={5} className="py-8 text-center text-muted-foreground">No entries match.</TableCell>
                </TableRow>
              ) : (
                items.map((e) => (
                  <TableRow key={e.id}>
                    <TableCell className="whitespace-nowrap">{formatDateTime(e.createdAt)}</TableCell>
                    <TableCell>
                      {e.actor ?? "—"} <span className="text-xs text-muted-foreground">({e.actorType})</span>
                    </TableCell>
                    <TableCell className="font-mono text-xs">{e.action}</TableCell>
                    <TableCell>
                      {e.objectType} <span className="font-medium">{e.objectName ?? e.objectId ?? ""}</span>
                    </TableCell>
                    <TableCell className="font-mono text-xs">{e.ip ?? ""}</TableCell>
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
            itemLabel="entries"
          />
        </>
      )}
    </div>
  );
}
