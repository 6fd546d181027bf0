import type { Metadata } from "next";
import { IgnoreRulesView } from "@/components/drift/ignore-rules-view";

export const metadata: Metadata = { title: "Ignore rules" };

export default function IgnoreRulesPage() {
  return <IgnoreRulesView />;
}
