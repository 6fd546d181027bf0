"use client";

import * as React from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";

import { cn } from "@/lib/utils";

export type NavTabItem = {
  href: string;
  label: React.ReactNode;
  /** An icon element, e.g. <GitBranch />. */
  icon?: React.ReactNode;
  /** A count or badge after the label. */
  badge?: React.ReactNode;
  /** Active only on an exact pathname match (use for the overview tab whose href prefixes the others). */
  exact?: boolean;
};

/** Underlined link tabs for sub-pages (e.g. a fabric's Overview / Resources / Drift / Sync / Git / Topology). */
export function NavTabs({ items, className, "aria-label": ariaLabel = "Sections" }: {
  items: readonly NavTabItem[];
  className?: string;
  "aria-label"?: string;
}) {
  const pathname = usePathname() ?? "";
  return (
    <nav aria-label={ariaLabel} className={cn("-mx-4 overflow-x-auto border-b px-4 sm:mx-0 sm:px-0", className)}>
      <ul className="flex min-w-max gap-1">
        {items.map((item) => {
          const active = item.exact
            ? pathname === item.href
            : pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "relative -mb-px flex h-10 items-center gap-1.5 border-b-2 px-2.5 text-sm font-medium whitespace-nowrap transition-colors outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:ring-inset [&_svg]:size-4 [&_svg]:shrink-0",
                  active
                    ? "border-foreground text-foreground"
                    : "border-transparent text-muted-foreground hover:border-border hover:text-foreground",
                )}
              >
                {item.icon}
                {item.label}
                {item.badge}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
