"use client";

import Link from "next/link";
import { Check, ChevronRight, Users, X } from "lucide-react";

import { ROLES } from "@/lib/roles";
import { useCurrentUser } from "@/components/providers/current-user";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { KeyValue, KeyValueList } from "@/components/ui/key-value-list";
import { ROLE_INFO, RoleBadge } from "@/components/ui/role-badge";

/** Who is signed in and what their role allows. */
export function AccountCard() {
  const user = useCurrentUser();
  const info = ROLE_INFO[user.role];
  const rank = ROLES.indexOf(user.role);
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Your account</CardTitle>
        <CardDescription>Roles are assigned by an admin; the server checks them on every request.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <KeyValueList>
          <KeyValue label="Username" mono>
            {user.username}
          </KeyValue>
          <KeyValue label="Role">
            <span className="inline-flex flex-wrap items-center gap-2">
              <RoleBadge role={user.role} />
              <span className="text-muted-foreground">{info.summary}</span>
            </span>
          </KeyValue>
        </KeyValueList>
        <div className="grid gap-2">
          <p className="text-sm font-medium">What each role may do</p>
          <ul className="grid gap-3 sm:grid-cols-3" aria-label="Roles and permissions">
            {ROLES.map((role, i) => {
              const granted = i <= rank;
              return (
                <li
                  key={role}
                  className={
                    role === user.role
                      ? "rounded-md border border-primary/40 bg-primary/5 p-3"
                      : "rounded-md border p-3"
                  }
                >
                  <div className="mb-1.5 flex items-center justify-between gap-2">
                    <RoleBadge role={role} />
                    <span className="inline-flex items-center gap-1 text-xs text-muted-foreground">
                      {granted ? (
                        <Check aria-hidden="true" className="size-3.5 text-success" />
                      ) : (
                        <X aria-hidden="true" className="size-3.5" />
                      )}
                      {role === user.role ? "Your role" : granted ? "Included" : "Not included"}
                    </span>
                  </div>
                  <ul className="list-disc space-y-0.5 pl-4 text-xs text-muted-foreground">
                    {ROLE_INFO[role].can.map((c) => (
                      <li key={c}>{c}</li>
                    ))}
                  </ul>
                </li>
              );
            })}
          </ul>
        </div>
        {user.can("admin") ? (
          <div className="flex flex-wrap items-center justify-between gap-2 rounded-md border bg-muted/30 px-3 py-2">
            <p className="text-sm">
              <span className="font-medium">Administration.</span>{" "}
              <span className="text-muted-foreground">Create users, change roles, reset passwords.</span>
            </p>
            <div className="flex flex-wrap gap-2">
              <Button asChild variant="outline" size="sm">
                <Link href="/settings/users">
                  <Users aria-hidden="true" />
                  Manage users
                  <ChevronRight aria-hidden="true" />
                </Link>
              </Button>
              {[
                ["/settings/audit", "Audit log"],
                ["/settings/webhooks", "Webhooks"],
                ["/settings/ignore-rules", "Drift ignore rules"],
              ].map(([href, label]) => (
                <Button key={href} asChild variant="outline" size="sm">
                  <Link href={href!}>
                    {label}
                    <ChevronRight aria-hidden="true" />
                  </Link>
                </Button>
              ))}
            </div>
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
