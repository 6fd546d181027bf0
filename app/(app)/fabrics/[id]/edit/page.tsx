import type { Metadata } from "next";
import { FabricEdit } from "@/components/fabrics/fabric-edit";

export const metadata: Metadata = { title: "Edit fabric" };

export default async function EditFabricPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <FabricEdit id={id} />;
}
