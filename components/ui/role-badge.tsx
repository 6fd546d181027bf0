import { Eye, PencilLine, ShieldCheck } from "lucide-react";

import type { RoleName } from "@/lib/roles";
import { Badge } from "@/components/ui/badge";

export const ROLE_INFO: Record<RoleName, { label: string; summary: string; can: string[] }> = {
  viewer: {
    label: "Viewer",
    summary: "Reads everything",
    can: ["See fabrics, resources, drift, sync history, Git status and alerts", "Create API tokens for scripts"],
  },
  operator: {
    label: "Operator",
    summary: "Reads, edits desired state, runs syncs, handles alerts",
    can: ["Everything a viewer can", "Edit desired state and submit change sets", "Trigger syncs and connection tests", "Acknowledge and resolve alerts"],
  },
  admin: {
    label: "Admin",
    summary: "Everything, including fabrics, repositories, credentials and users",
    can: ["Everything an operator can", "Create and change fabrics and Git repositories, set credentials", "Manage users and their roles", "Read the audit log"],
  },
};

const ROLE_ICON = { viewer: Eye, operator: PencilLine, admin: ShieldCheck } as const;

export function RoleBadge({ role, className }: { role: RoleName; className?: string }) {
  const Icon = ROLE_ICON[role];
  return (
    <Badge
      variant={role === "admin" ? "warning" : role === "operator" ? "info" : "secondary"}
      title={ROLE_INFO[role].summary}
      className={className}
    >
      <Icon aria-hidden="true" />
      {ROLE_INFO[role].label}
    </Badge>
  );
}

export const ROLE_OPTIONS = (Object.keys(ROLE_INFO) as RoleName[]).map((role) => ({
  value: role,
  label: `${ROLE_INFO[role].label} — ${ROLE_INFO[role].summary.toLowerCase()}`,
}));
