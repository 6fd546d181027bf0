"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { Ban, CircleCheck, KeyRound, MoreHorizontal, Trash2, UserCog } from "lucide-react";

import { formatDateTime, formatRelative } from "@/lib/format";
import type { AppRouter } from "@/server/trpc/root";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusDot } from "@/components/ui/status-dot";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { RoleBadge } from "@/components/ui/role-badge";

export type UserDto = inferRouterOutputs<AppRouter>["users"]["list"]["items"][number];
export type UserAction = "role" | "password" | "disable" | "enable" | "delete";

const COLUMNS = ["Username", "Role", "Status", "Last login", "Created"] as const;

function When({ iso, fallback, relative = false }: { iso: string | null; fallback: string; relative?: boolean }) {
  if (!iso) return <span className="text-muted-foreground">{fallback}</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)} className="whitespace-nowrap">
      {relative ? formatRelative(iso) : formatDateTime(iso)}
    </time>
  );
}

export type UsersTableProps = {
  users: UserDto[] | undefined;
  loading: boolean;
  currentUserId: string;
  /** Id of the user a row action is running for (its menu is disabled meanwhile). */
  busyId?: string | null;
  onAction: (action: UserAction, user: UserDto) => void;
};

export function UsersTable({ users, loading, currentUserId, busyId, onAction }: UsersTableProps) {
  return (
    <div className="overflow-hidden rounded-lg border bg-card">
      <Table aria-label="Users" aria-busy={loading || undefined}>
        <TableHeader className="bg-muted/40">
          <TableRow className="hover:bg-transparent">
            {COLUMNS.map((c) => (
              <TableHead key={c}>{c}</TableHead>
            ))}
            <TableHead className="w-12">
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody className={loading && users ? "opacity-60 transition-opacity" : undefined}>
          {!users
            ? Array.from({ length: 5 }, (_, i) => (
                <TableRow key={i} className="hover:bg-transparent">
                  {[...COLUMNS, "actions"].map((c) => (
                    <TableCell key={c}>
                      <Skeleton className="h-4 w-full max-w-32" />
                    </TableCell>
                  ))}
                </TableRow>
              ))
            : users.map((user) => {
                const self = user.id === currentUserId;
                return (
                  <TableRow key={user.id} data-disabled={user.disabled || undefined}>
                    <TableCell className="font-medium whitespace-nowrap">
                      <span className={user.disabled ? "text-muted-foreground" : undefined}>{user.username}</span>
                      {self ? (
                        <Badge variant="outline" className="ml-2">
                          you
                        </Badge>
                      ) : null}
                    </TableCell>
                    <TableCell>
                      <RoleBadge role={user.role} />
                    </TableCell>
                    <TableCell className="whitespace-nowrap">
                      {user.disabled ? (
                        <StatusDot tone="muted" label="Disabled" showLabel />
                      ) : (
                        <StatusDot tone="success" label="Active" showLabel />
                      )}
                    </TableCell>
                    <TableCell>
                      <When iso={user.lastLoginAt} fallback="Never" relative />
                    </TableCell>
                    <TableCell>
                      <When iso={user.createdAt} fallback="—" />
                    </TableCell>
                    <TableCell className="text-right">
                      <DropdownMenu>
                        <DropdownMenuTrigger asChild>
                          <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${user.username}`} disabled={busyId === user.id}>
                            <MoreHorizontal aria-hidden="true" />
                          </Button>
                        </DropdownMenuTrigger>
                        <DropdownMenuContent align="end">
                          <DropdownMenuLabel>{user.username}</DropdownMenuLabel>
                          <DropdownMenuItem onSelect={() => onAction("role", user)}>
                            <UserCog aria-hidden="true" />
                            Change role…
                          </DropdownMenuItem>
                          <DropdownMenuItem onSelect={() => onAction("password", user)}>
                            <KeyRound aria-hidden="true" />
                            Reset password…
                          </DropdownMenuItem>
                          {self ? null : (
                            <>
                              <DropdownMenuSeparator />
                              {user.disabled ? (
                                <DropdownMenuItem onSelect={() => onAction("enable", user)}>
                                  <CircleCheck aria-hidden="true" />
                                  Enable
                                </DropdownMenuItem>
                              ) : (
                                <DropdownMenuItem onSelect={() => onAction("disable", user)}>
                                  <Ban aria-hidden="true" />
                                  Disable…
                                </DropdownMenuItem>
                              )}
                              <DropdownMenuItem variant="destructive" onSelect={() => onAction("delete", user)}>
                                <Trash2 aria-hidden="true" />
                                Delete…
                              </DropdownMenuItem>
                            </>
                          )}
                        </DropdownMenuContent>
                      </DropdownMenu>
                    </TableCell>
                  </TableRow>
                );
              })}
        </TableBody>
      </Table>
    </div>
  );
}
