"use client";

import { createContext, useContext, type ReactNode } from "react";
import { hasRole, type RoleName } from "@/lib/roles";

export interface CurrentUser {
  id: string;
  username: string;
  role: RoleName;
}

const CurrentUserContext = createContext<CurrentUser | null>(null);

export function CurrentUserProvider({ user, children }: { user: CurrentUser; children: ReactNode }) {
  return <CurrentUserContext.Provider value={user}>{children}</CurrentUserContext.Provider>;
}

/** The signed-in user and what the UI may offer them (the server enforces the same roles). */
export function useCurrentUser() {
  const user = useContext(CurrentUserContext);
  if (!user) throw new Error("useCurrentUser outside CurrentUserProvider");
  return { ...user, can: (role: RoleName) => hasRole(user.role, role) };
}
