import type { Metadata } from "next";
import { Suspense } from "react";
import { ResourceList } from "@/components/resources/resource-list";
import { Skeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Resources" };

/** A fabric's objects; filters live in the URL: ?kind=VPC&state=drifted&q=name-or-label. */
export default async function ResourcesPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense fallback={<Skeleton className="h-96 w-full" />}>
      <ResourceList fabricId={id} />
    </Suspense>
  );
}
