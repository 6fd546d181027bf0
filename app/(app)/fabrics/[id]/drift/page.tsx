import type { Metadata } from "next";
import { DriftDashboard } from "@/components/drift/drift-dashboard";

export const metadata: Metadata = { title: "Drift" };

export default async function FabricDriftPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <DriftDashboard fabricId={id} />;
}
