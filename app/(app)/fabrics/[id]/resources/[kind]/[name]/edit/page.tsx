import type { Metadata } from "next";
import { ResourceEditor } from "@/components/resources/resource-editor";

type Params = Promise<{ id: string; kind: string; name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { kind, name } = await params;
  return { title: `Edit ${decodeURIComponent(kind)} ${decodeURIComponent(name)}` };
}

export default async function EditResourcePage({ params }: { params: Params }) {
  const { id, kind, name } = await params;
  return <ResourceEditor fabricId={id} kind={decodeURIComponent(kind)} name={decodeURIComponent(name)} />;
}
