"use client";

import * as React from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { RotateCw, ShieldAlert, UserPlus } from "lucide-react";

import { errorMessage } from "@/lib/form-errors";
import { useCursorPages } from "@/components/hooks/use-cursor-pages";
import { useCurrentUser } from "@/components/providers/current-user";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { CursorPagination } from "@/components/ui/cursor-pagination";
import { toast } from "@/components/ui/toaster";
import { CreateUserDialog } from "./create-user-dialog";
import { RoleBadge } from "@/components/ui/role-badge";
import { ChangeRoleDialog, ResetPasswordDialog } from "./user-dialogs";
import { UsersTable, type UserAction, type UserDto } from "./users-table";

const PAGE_SIZE = 50;
const BREADCRUMBS = [{ label: "Settings", href: "/settings" }, { label: "Users" }] as const;

/** Users administration; non-admins get an explanation instead (the server refuses them anyway). */
export function UsersView() {
  const user = useCurrentUser();
  if (!user.can("admin")) {
    return (
      <div className="mx-auto w-full max-w-5xl">
        <PageHeader title="Users" breadcrumbs={BREADCRUMBS} />
        <EmptyState
          icon={<ShieldAlert />}
          title="You need the admin role"
          description={
            <>
              Only admins manage users. You are signed in as <span className="font-medium text-foreground">{user.username}</span>{" "}
              with the <RoleBadge role={user.role} /> role; ask an admin if you need more access.
            </>
          }
          action={
            <Button asChild variant="outline" size="sm">
              <Link href="/settings">Back to settings</Link>
            </Button>
          }
        />
      </div>
    );
  }
  return <UsersAdmin currentUserId={user.id} />;
}

/** The row action in progress; `seq` remounts its dialog per opening so fields start fresh. */
type Pending = { action: UserAction; user: UserDto; seq: number } | null;

function UsersAdmin({ currentUserId }: { currentUserId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const pages = useCursorPages();
  const list = useQuery({
    ...trpc.users.list.queryOptions({ limit: PAGE_SIZE, cursor: pages.cursor }),
    placeholderData: keepPreviousData,
  });
  const [pending, setPending] = React.useState<Pending>(null);
  // Kept apart from `pending` so a closing dialog keeps its text during the close animation.
  const [dialogOpen, setDialogOpen] = React.useState(false);
  const update = useMutation(trpc.users.update.mutationOptions());
  const remove = useMutation(trpc.users.delete.mutationOptions());

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  };

  /** After a change to the signed-in admin's own account, re-render the shell with the fresh role. */
  const afterChange = async (changed: UserDto) => {
    await refresh();
    if (changed.id === currentUserId) router.refresh();
  };

  const closeDialog = () => setDialogOpen(false);

  const setDisabled = async (target: UserDto, disabled: boolean) => {
    try {
      const changed = await update.mutateAsync({ id: target.id, disabled });
      toast.success(disabled ? `${target.username} disabled` : `${target.username} enabled`, {
        description: disabled ? "They can no longer sign in, and their API tokens stop working." : "They can sign in again.",
      });
      await afterChange(changed);
    } catch (error) {
      toast.error(`Could not ${disabled ? "disable" : "enable"} ${target.username}`, { description: errorMessage(error) });
    }
  };

  const onAction = (action: UserAction, target: UserDto) => {
    if (action === "enable") {
      void setDisabled(target, false);
      return;
    }
    setPending((p) => ({ action, user: target, seq: (p?.seq ?? 0) + 1 }));
    setDialogOpen(true);
  };

  const onDelete = async (target: UserDto) => {
    try {
      await remove.mutateAsync({ id: target.id });
      toast.success(`${target.username} deleted`);
      // Deleting the last row of a later page would leave it empty: go back to the first page.
      if (list.data && list.data.items.length === 1) pages.reset();
      await refresh();
    } catch (error) {
      toast.error(`Could not delete ${target.username}`, { description: errorMessage(error) });
    }
  };

  const busyId = update.isPending || remove.isPending ? (update.variables?.id ?? remove.variables?.id ?? null) : null;

  return (
    <div className="mx-auto flex w-full max-w-5xl flex-col gap-4">
      <PageHeader
        className="mb-2"
        title="Users"
        breadcrumbs={BREADCRUMBS}
        description="Who may sign in, and with which role. Every change is recorded in the audit log."
        actions={
          <CreateUserDialog
            trigger={
              <Button size="sm">
                <UserPlus aria-hidden="true" />
                Create user
              </Button>
            }
          />
        }
      />

      {list.isError ? (
        <Callout
          variant="error"
          title="Could not load users"
          action={
            <Button variant="outline" size="sm" onClick={() => void list.refetch()}>
              <RotateCw aria-hidden="true" />
              Retry
            </Button>
          }
        >
          {errorMessage(list.error)}
        </Callout>
      ) : (
        <>
          <UsersTable
            users={list.data?.items}
            loading={list.isFetching}
            currentUserId={currentUserId}
            busyId={busyId}
            onAction={onAction}
          />
          {list.data && (pages.hasPrevious || list.data.nextCursor) ? (
            <CursorPagination
              pages={pages}
              nextCursor={list.data?.nextCursor}
              pageSize={PAGE_SIZE}
              itemCount={list.data.items.length}
              disabled={list.isFetching}
              itemLabel="users"
            />
          ) : null}
        </>
      )}

      {pending?.action === "role" ? (
        <ChangeRoleDialog
          key={pending.seq}
          user={pending.user}
          open={dialogOpen}
          onOpenChange={(open) => !open && closeDialog()}
          onDone={async (changed) => {
            toast.success(`${changed.username} is now ${changed.role === "admin" ? "an" : "a"} ${changed.role}`);
            closeDialog();
            await afterChange(changed);
          }}
        />
      ) : null}
      {pending?.action === "password" ? (
        <ResetPasswordDialog
          key={pending.seq}
          user={pending.user}
          open={dialogOpen}
          onOpenChange={(open) => !open && closeDialog()}
          onDone={async (changed) => {
            toast.success(`Password of ${changed.username} changed`);
            closeDialog();
            await afterChange(changed);
          }}
        />
      ) : null}
      <ConfirmDialog
        open={dialogOpen && pending?.action === "disable"}
        onOpenChange={(open) => !open && closeDialog()}
        title={`Disable ${pending?.user.username ?? "user"}?`}
        description="They are signed out on their next request and their API tokens stop working. You can enable the account again later."
        confirmLabel="Disable user"
        destructive
        onConfirm={async () => {
          if (pending) await setDisabled(pending.user, true);
        }}
      />
      <ConfirmDialog
        open={dialogOpen && pending?.action === "delete"}
        onOpenChange={(open) => !open && closeDialog()}
        title={`Delete ${pending?.user.username ?? "user"}?`}
        description="The account and its API tokens are removed for good. The audit log keeps what they did. To keep the history of the account, disable it instead."
        confirmLabel="Delete user"
        destructive
        onConfirm={async () => {
          if (pending) await onDelete(pending.user);
        }}
      />
    </div>
  );
}
