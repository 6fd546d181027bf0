/** Roles, lowest to highest. Every permission check in HFM compares ranks through `hasRole`. */
export const ROLES = ["viewer", "operator", "admin"] as const;
export type RoleName = (typeof ROLES)[number];

const RANK: Record<RoleName, number> = { viewer: 0, operator: 1, admin: 2 };

export function hasRole(actual: RoleName, required: RoleName): boolean {
  return RANK[actual] >= RANK[required];
}

/** What each role may do, for the UI to show or hide actions (the server enforces it in tRPC middleware). */
export function permissionsOf(role: RoleName) {
  return {
    read: true,
    edit: hasRole(role, "operator"),
    sync: hasRole(role, "operator"),
    acknowledgeAlerts: hasRole(role, "operator"),
    admin: hasRole(role, "admin"),
  };
}
export type Permissions = ReturnType<typeof permissionsOf>;
