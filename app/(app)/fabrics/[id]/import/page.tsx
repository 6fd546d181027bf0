import type { Metadata } from "next";
import { ImportView } from "@/components/resources/import-view";

export const metadata: Metadata = { title: "Import YAML" };

export default async function ImportPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ImportView fabricId={id} />;
}
