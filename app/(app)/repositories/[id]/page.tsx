import type { Metadata } from "next";
import { RepositoryDetail } from "@/components/repositories/repository-detail";

export const metadata: Metadata = { title: "Git repository" };

export default async function RepositoryPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RepositoryDetail id={id} />;
}
