import type { Metadata } from "next";
import { RepositoryForm } from "@/components/repositories/repository-form";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "New Git repository" };

export default function NewRepositoryPage() {
  return (
    <div className="flex flex-col gap-6">
      <PageHeader breadcrumbs={[{ label: "Git repositories", href: "/repositories" }, { label: "New" }]} title="New Git repository" />
      <RepositoryForm />
    </div>
  );
}
