"use client";

import * as React from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Bell, BookOpen, GitBranch, LayoutDashboard, ListChecks, Network, Settings, Users, type LucideIcon } from "lucide-react";

import { cn } from "@/lib/utils";
import type { UserRole } from "@/components/layout/types";

export type NavItem = { href: string; label: string; icon: LucideIcon; adminOnly?: boolean };

export const PRIMARY_NAV: readonly NavItem[] = [
  { href: "/", label: "Dashboard", icon: LayoutDashboard },
  { href: "/fabrics", label: "Fabrics", icon: Network },
  { href: "/repositories", label: "Git repositories", icon: GitBranch },
  { href: "/alerts", label: "Alerts", icon: Bell },
  { href: "/jobs", label: "Jobs", icon: ListChecks },
];

export const SECONDARY_NAV: readonly NavItem[] = [
  { href: "/settings", label: "Settings", icon: Settings },
  { href: "/settings/users", label: "Users", icon: Users, adminOnly: true },
  { href: "/api-docs", label: "API reference", icon: BookOpen },
];

/** The href of the nav item that owns `pathname`: the longest href equal to it or a parent path of it. */
export function activeNavHref(pathname: string, hrefs: readonly string[]): string | null {
  let best: string | null = null;
  for (const href of hrefs) {
    const matches = href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
    if (matches && (best === null || href.length > best.length)) best = href;
  }
  return best;
}

export type SidebarNavProps = {
  role: UserRole;
  /** Called after a link is activated (the mobile drawer closes itself with it). */
  onNavigate?: () => void;
  className?: string;
};

export function SidebarNav({ role, onNavigate, className }: SidebarNavProps) {
  const pathname = usePathname() ?? "/";
  const visible = (items: readonly NavItem[]) => items.filter((item) => !item.adminOnly || role === "admin");
  const primary = visible(PRIMARY_NAV);
  const secondary = visible(SECONDARY_NAV);
  const active = activeNavHref(pathname, [...primary, ...secondary].map((i) => i.href));

  const renderItem = (item: NavItem) => {
    const isActive = item.href === active;
    const Icon = item.icon;
    return (
      <li key={item.href}>
        <Link
          href={item.href}
          onClick={onNavigate}
          aria-current={isActive ? "page" : undefined}
          className={cn(
            "flex h-8 items-center gap-2.5 rounded-md px-2.5 text-sm font-medium transition-colors outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
            isActive
              ? "bg-sidebar-accent text-sidebar-accent-foreground"
              : "text-sidebar-foreground hover:bg-sidebar-accent/60 hover:text-sidebar-accent-foreground",
          )}
        >
          <Icon aria-hidden="true" className={cn("size-4 shrink-0", isActive ? "text-foreground" : "text-muted-foreground")} />
          <span className="truncate">{item.label}</span>
        </Link>
      </li>
    );
  };

  return (
    <nav aria-label="Main" className={cn("flex flex-col gap-5", className)}>
      <ul className="flex flex-col gap-0.5">{primary.map(renderItem)}</ul>
      <div className="flex flex-col gap-1">
        <p className="px-2.5 text-[11px] font-medium tracking-wider text-muted-foreground uppercase">System</p>
        <ul className="flex flex-col gap-0.5">{secondary.map(renderItem)}</ul>
      </div>
    </nav>
  );
}
