import type { Metadata } from "next";
import { FabricDetail } from "@/components/fabrics/fabric-detail";

export const metadata: Metadata = { title: "Fabric" };

export default async function FabricPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <FabricDetail id={id} />;
}
