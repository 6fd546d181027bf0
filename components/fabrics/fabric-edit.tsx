"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { FabricForm } from "./fabric-form";

export function FabricEdit({ id }: { id: string }) {
  const trpc = useTRPC();
  const fabric = useQuery(trpc.fabrics.get.queryOptions({ id }));
  if (fabric.isPending) return <Skeleton className="h-96 w-full" />;
  if (fabric.isError) return <Callout variant="error" title="Could not load the fabric">{fabric.error.message}</Callout>;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        breadcrumbs={[{ label: "Fabrics", href: "/fabrics" }, { label: fabric.data.name, href: `/fabrics/${id}` }, { label: "Edit" }]}
        title={`Edit ${fabric.data.name}`}
      />
      <FabricForm fabric={fabric.data} />
    </div>
  );
}
