"use client";

import * as React from "react";
import Link from "next/link";
import { BookOpen, ChevronsUpDown, LogOut, Settings } from "lucide-react";

import { cn } from "@/lib/utils";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Spinner } from "@/components/ui/spinner";
import { RoleBadge } from "@/components/ui/role-badge";
import type { ShellUser, SignOutAction } from "@/components/layout/types";

export function UserAvatar({ username, className }: { username: string; className?: string }) {
  return (
    <span
      aria-hidden="true"
      className={cn(
        "flex size-7 shrink-0 items-center justify-center rounded-full bg-muted text-xs font-semibold text-foreground uppercase ring-1 ring-border",
        className,
      )}
    >
      {username.slice(0, 1) || "?"}
    </span>
  );
}

/** Signs out through the server action inside a transition (redirects issued by the action are followed). */
export function useSignOut(signOutAction: SignOutAction) {
  const [pending, startTransition] = React.useTransition();
  const signOut = React.useCallback(() => {
    startTransition(async () => {
      await signOutAction();
    });
  }, [signOutAction]);
  return { pending, signOut };
}

export type UserMenuProps = { user: ShellUser; signOutAction: SignOutAction; className?: string };

/** Bottom-of-sidebar account button: username, role badge, and a menu with Sign out. */
export function UserMenu({ user, signOutAction, className }: UserMenuProps) {
  const { pending, signOut } = useSignOut(signOutAction);
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        className={cn(
          "flex w-full items-center gap-2.5 rounded-md p-1.5 text-left text-sm outline-none hover:bg-sidebar-accent focus-visible:ring-[3px] focus-visible:ring-ring/50 data-[state=open]:bg-sidebar-accent",
          className,
        )}
        aria-label={`Account: ${user.username} (${user.role})`}
      >
        <UserAvatar username={user.username} />
        <span className="flex min-w-0 flex-1 flex-col gap-1">
          <span className="truncate leading-none font-medium">{user.username}</span>
          <RoleBadge role={user.role} className="px-1 py-0 text-[10px] leading-3.5" />
        </span>
        {pending ? (
          <Spinner label="Signing out" />
        ) : (
          <ChevronsUpDown aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
        )}
      </DropdownMenuTrigger>
      <DropdownMenuContent side="top" align="start" className="w-(--radix-dropdown-menu-trigger-width) min-w-56">
        <DropdownMenuLabel className="font-normal">
          <span className="block text-xs text-muted-foreground">Signed in as</span>
          <span className="block truncate text-sm font-medium text-foreground">{user.username}</span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/settings">
            <Settings />
            Settings
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem asChild>
          <Link href="/api-docs">
            <BookOpen />
            API reference
          </Link>
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuItem disabled={pending} onSelect={signOut}>
          <LogOut />
          {pending ? "Signing out…" : "Sign out"}
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
