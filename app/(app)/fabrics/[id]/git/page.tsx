import type { Metadata } from "next";
import { FabricGitops } from "@/components/gitops/fabric-gitops";

export const metadata: Metadata = { title: "Fabric · Git" };

export default async function FabricGitPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <FabricGitops fabricId={id} />;
}
