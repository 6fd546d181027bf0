import type { Metadata } from "next";
import { ResourceEditor } from "@/components/resources/resource-editor";
import { canonicalKind } from "@/components/resources/shared";

export const metadata: Metadata = { title: "New object" };

/** ?kind=VPC opens the typed form (or the YAML editor for kinds without one); no kind shows a picker. */
export default async function NewResourcePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ kind?: string | string[] }> }) {
  const { id } = await params;
  const { kind } = await searchParams;
  const raw = Array.isArray(kind) ? kind[0] : kind;
  return <ResourceEditor key={raw ?? ""} fabricId={id} kind={canonicalKind(raw) ?? raw} />;
}
