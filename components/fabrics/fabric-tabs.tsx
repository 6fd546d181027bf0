"use client";

import { Activity, Boxes, GitBranch, History, LayoutDashboard, Server } from "lucide-react";
import { NavTabs } from "@/components/ui/nav-tabs";

/** The sections of one fabric. */
export function FabricTabs({ id }: { id: string }) {
  const base = `/fabrics/${id}`;
  return (
    <NavTabs
      aria-label="Fabric sections"
      className="mb-6"
      items={[
        { href: base, label: "Overview", icon: <LayoutDashboard />, exact: true },
        { href: `${base}/resources`, label: "Resources", icon: <Boxes /> },
        { href: `${base}/drift`, label: "Drift", icon: <Activity /> },
        { href: `${base}/git`, label: "Git", icon: <GitBranch /> },
        { href: `${base}/cluster`, label: "Cluster", icon: <Server /> },
        { href: `${base}/syncs`, label: "Sync history", icon: <History /> },
      ]}
    />
  );
}
