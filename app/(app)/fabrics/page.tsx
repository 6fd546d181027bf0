import type { Metadata } from "next";
import { FabricList } from "@/components/fabrics/fabric-list";

export const metadata: Metadata = { title: "Fabrics" };

export default function FabricsPage() {
  return <FabricList />;
}
