export type { RoleName as UserRole } from "@/lib/roles";
import type { RoleName } from "@/lib/roles";

export type ShellUser = { username: string; role: RoleName };

/** A server action (e.g. wrapping Auth.js signOut) passed down from the layout. */
export type SignOutAction = () => Promise<void>;
