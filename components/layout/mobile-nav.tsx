"use client";

import * as React from "react";
import { LogOut, Menu } from "lucide-react";

import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetTitle, SheetTrigger } from "@/components/ui/sheet";
import { Spinner } from "@/components/ui/spinner";
import { Brand } from "@/components/layout/brand";
import { RoleBadge } from "@/components/ui/role-badge";
import { SidebarNav } from "@/components/layout/sidebar-nav";
import { UserAvatar, useSignOut } from "@/components/layout/user-menu";
import type { ShellUser, SignOutAction } from "@/components/layout/types";

export type MobileTopBarProps = { user: ShellUser; signOutAction: SignOutAction };

/** Top bar for narrow screens: brand + a menu button that opens the navigation in a drawer. */
export function MobileTopBar({ user, signOutAction }: MobileTopBarProps) {
  const [open, setOpen] = React.useState(false);
  const { pending, signOut } = useSignOut(signOutAction);

  return (
    <header className="sticky top-0 z-40 flex h-14 items-center gap-2 border-b bg-background/95 px-3 backdrop-blur supports-[backdrop-filter]:bg-background/80 md:hidden">
      <Sheet open={open} onOpenChange={setOpen}>
        <SheetTrigger asChild>
          <Button variant="ghost" size="icon" aria-label="Open navigation">
            <Menu className="size-5" />
          </Button>
        </SheetTrigger>
        <SheetContent side="left" aria-describedby={undefined} className="bg-sidebar">
          <SheetTitle className="sr-only">Navigation</SheetTitle>
          <div className="flex h-14 shrink-0 items-center border-b px-4">
            <Brand />
          </div>
          <div className="flex-1 overflow-y-auto px-3 py-3">
            <SidebarNav role={user.role} onNavigate={() => setOpen(false)} />
          </div>
          <div className="flex items-center gap-2.5 border-t p-3">
            <UserAvatar username={user.username} />
            <span className="flex min-w-0 flex-1 flex-col gap-1">
              <span className="truncate text-sm leading-none font-medium">{user.username}</span>
              <RoleBadge role={user.role} className="px-1 py-0 text-[10px] leading-3.5" />
            </span>
            <Button variant="outline" size="sm" onClick={signOut} disabled={pending}>
              {pending ? <Spinner label={null} /> : <LogOut />}
              Sign out
            </Button>
          </div>
        </SheetContent>
      </Sheet>
      <Brand />
    </header>
  );
}
