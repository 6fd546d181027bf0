import type { Metadata } from "next";
import { ClusterPage } from "@/components/kubernetes/cluster-page";

export const metadata: Metadata = { title: "Cluster" };

export default async function FabricClusterPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ClusterPage fabricId={id} />;
}
