"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";

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
  DialogTrigger,
} from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/toaster";
import { ROLE_OPTIONS } from "@/components/ui/role-badge";

/** Create a user: username, initial password, role. Field errors come from the server's validation. */
export function CreateUserDialog({ trigger }: { trigger: React.ReactElement }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = React.useState(false);
  const [username, setUsername] = React.useState("");
  const [password, setPassword] = React.useState("");
  const [role, setRole] = React.useState<RoleName>("viewer");

  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: async (user) => {
        toast.success(`User ${user.username} created`, { description: `Role: ${user.role}. Share the password with them securely.` });
        await queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
        close();
      },
    }),
  );

  function close() {
    setOpen(false);
    setUsername("");
    setPassword("");
    setRole("viewer");
    create.reset();
  }

  const onOpenChange = (next: boolean) => {
    if (create.isPending) return;
    if (next) setOpen(true);
    else close();
  };

  const errors = fieldErrors(create.error);
  const formError = create.error && Object.keys(errors).length === 0 ? errorMessage(create.error) : errors._form;

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent>
        <form
          className="grid gap-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ username: username.trim(), password, role });
          }}
        >
          <DialogHeader>
            <DialogTitle>Create user</DialogTitle>
            <DialogDescription>They sign in with this username and password; they can create their own API tokens.</DialogDescription>
          </DialogHeader>
          {formError ? <Callout variant="error" title="The user was not created">{formError}</Callout> : null}
          <FormField label="Username" required error={errors.username} hint="Letters, digits and . _ @ - (2–64 characters).">
            <Input
              name="username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              autoFocus
            />
          </FormField>
          <FormField label="Password" required error={errors.password} hint="At least 8 characters.">
            <Input
              name="password"
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="new-password"
            />
          </FormField>
          <FormField label="Role" required error={errors.role}>
            <Select name="role" value={role} onChange={(e) => setRole(e.target.value as RoleName)} options={ROLE_OPTIONS} />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline" disabled={create.isPending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? <Spinner label={null} className="text-current" /> : null}
              Create user
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
