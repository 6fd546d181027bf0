import type { Metadata } from "next";
import { FabricForm } from "@/components/fabrics/fabric-form";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "New fabric" };

export default function NewFabricPage() {
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        breadcrumbs={[{ label: "Fabrics", href: "/fabrics" }, { label: "New" }]}
        title="New fabric"
        description="Register a Hedgehog fabric: its Kubernetes API and the Git directory that holds its configuration."
      />
      <FabricForm />
    </div>
  );
}
