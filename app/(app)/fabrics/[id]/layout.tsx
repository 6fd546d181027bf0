import type { ReactNode } from "react";
import { FabricTabs } from "@/components/fabrics/fabric-tabs";

export default async function FabricLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <>
      <FabricTabs id={id} />
      {children}
    </>
  );
}
