import * as React from "react";

import { Brand } from "@/components/layout/brand";
import { MobileTopBar } from "@/components/layout/mobile-nav";
import { SidebarNav } from "@/components/layout/sidebar-nav";
import { UserMenu } from "@/components/layout/user-menu";
import type { ShellUser, SignOutAction } from "@/components/layout/types";

export type { ShellUser, SignOutAction, UserRole } from "@/components/layout/types";

export type AppShellProps = {
  user: ShellUser;
  /** Server action that signs the user out (and redirects). */
  signOutAction: SignOutAction;
  children: React.ReactNode;
};

/**
 * The signed-in layout: fixed sidebar (brand, navigation, user menu) from the `md` breakpoint,
 * a top bar with a navigation drawer below it, and the page content in a padded, width-capped <main>.
 */
export function AppShell({ user, signOutAction, children }: AppShellProps) {
  return (
    <div className="min-h-svh bg-background">
      <a
        href="#main-content"
        className="sr-only z-50 rounded-md bg-background px-3 py-2 text-sm font-medium shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:ring-[3px] focus:ring-ring/50"
      >
        Skip to content
      </a>
      <aside className="fixed inset-y-0 left-0 z-30 hidden w-60 flex-col border-r border-sidebar-border bg-sidebar md:flex">
        <div className="flex h-14 shrink-0 items-center border-b border-sidebar-border px-4">
          <Brand />
        </div>
        <div className="flex-1 overflow-y-auto px-3 py-4">
          <SidebarNav role={user.role} />
        </div>
        <div className="shrink-0 border-t border-sidebar-border p-2">
          <UserMenu user={user} signOutAction={signOutAction} />
        </div>
      </aside>
      <MobileTopBar user={user} signOutAction={signOutAction} />
      <div className="md:pl-60">
        <main
          id="main-content"
          tabIndex={-1}
          className="mx-auto w-full max-w-7xl px-4 py-5 outline-none sm:px-6 sm:py-6 lg:px-8 lg:py-8"
        >
          {children}
        </main>
      </div>
    </div>
  );
}
