"use client";

import { useQuery } from "@tanstack/react-query";
import { Boxes, FileUp, Plus } from "lucide-react";
import Link from "next/link";
import { useCurrentUser } from "@/components/providers/current-user";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { StateBadge } from "@/components/ui/state-badge";
import { LIFECYCLE_STATES, newResourceHref, resourcesHref } from "./shared";

const fmt = new Intl.NumberFormat("en-US");

/** The fabric overview's "Resources" card: object counts by state, links to the list and the import. */
export function FabricResourcesCard({ fabricId }: { fabricId: string }) {
  const trpc = useTRPC();
  const user = useCurrentUser();
  const counts = useQuery(trpc.resources.counts.queryOptions({ id: fabricId }));
  const byState = counts.data?.byState ?? {};
  const present = LIFECYCLE_STATES.filter((s) => (byState[s] ?? 0) > 0);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Resources</CardTitle>
        <CardDescription>The fabric&apos;s Hedgehog objects and their lifecycle state.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {counts.isPending ? (
          <Skeleton className="h-10 w-full" />
        ) : counts.isError ? (
          <p className="text-sm text-destructive">{counts.error.message}</p>
        ) : counts.data.total === 0 ? (
          <p className="text-sm text-muted-foreground">No objects yet: sync the fabric from Git, or create or import objects.</p>
        ) : (
          <div className="flex flex-col gap-2">
            <p className="text-sm">
              <span className="text-2xl font-semibold tabular-nums">{fmt.format(counts.data.total)}</span> objects
            </p>
            <ul className="flex flex-wrap gap-1.5" aria-label="Objects by state">
              {present.map((s) => (
                <li key={s}>
                  <Link href={resourcesHref(fabricId, { state: s })}>
                    <StateBadge kind="lifecycle" state={s} label={`${getLabel(s)} · ${fmt.format(byState[s] ?? 0)}`} />
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        )}
        <div className="flex flex-wrap gap-2">
          <Button variant="outline" size="sm" asChild>
            <Link href={resourcesHref(fabricId)}>
              <Boxes /> Browse resources
            </Link>
          </Button>
          {user.can("operator") ? (
            <>
              <Button variant="outline" size="sm" asChild>
                <Link href={`/fabrics/${fabricId}/import`}>
                  <FileUp /> Import YAML
                </Link>
              </Button>
              <Button variant="outline" size="sm" asChild>
                <Link href={newResourceHref(fabricId)}>
                  <Plus /> New object
                </Link>
              </Button>
            </>
          ) : null}
        </div>
      </CardContent>
    </Card>
  );
}

const getLabel = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
