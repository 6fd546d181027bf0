"use client";

import * as React from "react";
import { useMutation } from "@tanstack/react-query";

import type { RoleName } from "@/lib/roles";
import { errorMessage, fieldErrors } from "@/lib/form-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/toaster";
import { ROLE_INFO, ROLE_OPTIONS } from "@/components/ui/role-badge";
import type { UserDto } from "./users-table";

type DialogProps = {
  /** The user to change. Mount a fresh dialog (new `key`) per opening, so its fields start empty. */
  user: UserDto;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Called after a successful update with the new user. */
  onDone: (user: UserDto) => void | Promise<void>;
};

/** Change a user's role. The server refuses to demote the last active admin (shown in the dialog). */
export function ChangeRoleDialog({ user, open, onOpenChange, onDone }: DialogProps) {
  const trpc = useTRPC();
  const [role, setRole] = React.useState<RoleName>(user.role);
  const update = useMutation(
    trpc.users.update.mutationOptions({
      onSuccess: (u) => onDone(u),
      onError: (error) => toast.error(`Could not change the role of ${user.username}`, { description: errorMessage(error) }),
    }),
  );
  const errors = fieldErrors(update.error);
  const formError = update.error ? (errors.role ?? errorMessage(update.error)) : null;

  return (
    <Dialog open={open} onOpenChange={(o) => !update.isPending && onOpenChange(o)}>
      <DialogContent>
        <form
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            update.mutate({ id: user.id, role });
          }}
        >
          <DialogHeader>
            <DialogTitle>Change role of {user.username}</DialogTitle>
            <DialogDescription>Takes effect on their next request; sessions and API tokens keep working with the new role.</DialogDescription>
          </DialogHeader>
          {formError ? <Callout variant="error" title="The role was not changed">{formError}</Callout> : null}
          <FormField label="Role" hint={ROLE_INFO[role].can.join(" · ")}>
            <Select value={role} onChange={(e) => setRole(e.target.value as RoleName)} options={ROLE_OPTIONS} />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline" disabled={update.isPending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" disabled={update.isPending || role === user.role}>
              {update.isPending ? <Spinner label={null} className="text-current" /> : null}
              Change role
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** Set a new password for a user (admins do not see the old one). */
export function ResetPasswordDialog({ user, open, onOpenChange, onDone }: DialogProps) {
  const trpc = useTRPC();
  const [password, setPassword] = React.useState("");
  const [confirm, setConfirm] = React.useState("");
  const [mismatch, setMismatch] = React.useState(false);
  const update = useMutation(trpc.users.update.mutationOptions({ onSuccess: (u) => onDone(u) }));
  const errors = fieldErrors(update.error);
  const formError = update.error && Object.keys(errors).length === 0 ? errorMessage(update.error) : null;

  return (
    <Dialog open={open} onOpenChange={(o) => !update.isPending && onOpenChange(o)}>
      <DialogContent>
        <form
          className="grid gap-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (password !== confirm) {
              setMismatch(true);
              return;
            }
            setMismatch(false);
            update.mutate({ id: user.id, password });
          }}
        >
          <DialogHeader>
            <DialogTitle>Reset password of {user.username}</DialogTitle>
            <DialogDescription>Their current password stops working. Their API tokens are not affected.</DialogDescription>
          </DialogHeader>
          {formError ? <Callout variant="error" title="The password was not changed">{formError}</Callout> : null}
          {/* Hidden username for password managers. */}
          <input type="text" name="username" value={user.username} autoComplete="username" readOnly hidden />
          <FormField label="New password" required error={errors.password} hint="At least 8 characters.">
            <Input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" autoFocus />
          </FormField>
          <FormField label="Repeat the new password" required error={mismatch ? "The passwords do not match" : null}>
            <Input type="password" value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="new-password" />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline" disabled={update.isPending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" disabled={update.isPending || password === ""}>
              {update.isPending ? <Spinner label={null} className="text-current" /> : null}
              Set password
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
