import type { Metadata } from "next";
import { ResourceDetail } from "@/components/resources/resource-detail";

type Params = Promise<{ id: string; kind: string; name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { kind, name } = await params;
  return { title: `${decodeURIComponent(kind)} ${decodeURIComponent(name)}` };
}

export default async function ResourcePage({ params }: { params: Params }) {
  const { id, kind, name } = await params;
  return <ResourceDetail fabricId={id} kind={decodeURIComponent(kind)} name={decodeURIComponent(name)} />;
}
