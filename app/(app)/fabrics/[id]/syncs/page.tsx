import type { Metadata } from "next";
import { SyncHistory } from "@/components/workflows/sync-history";

export const metadata: Metadata = { title: "Sync history" };

export default async function FabricSyncsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <SyncHistory fabricId={id} />;
}
