import type { Metadata } from "next";
import { RepositoryList } from "@/components/repositories/repository-list";

export const metadata: Metadata = { title: "Git repositories" };

export default function RepositoriesPage() {
  return <RepositoryList />;
}
