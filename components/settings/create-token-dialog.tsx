"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { TriangleExclamationPoint } from "lucide-react";

import { formatDateTime } from "@/lib/format";
import { errorMessage, fieldErrors } from "@/lib/form-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyButton } from "@/components/ui/copy-button";
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

const EXPIRY_OPTIONS = [
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "never", label: "Never expires" },
] as const;

type Created = { id: string; token: string; expiresAt: string | null; name: string };

/** Create an API token for the signed-in user; the token is then shown once with a copy button. */
export function CreateTokenDialog({ trigger }: { trigger: React.ReactElement }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = React.useState(false);
  const [name, setName] = React.useState("");
  const [expiry, setExpiry] = React.useState<string>("90");
  const [created, setCreated] = React.useState<Created | null>(null);

  const create = useMutation(
    trpc.auth.createMyToken.mutationOptions({
      onSuccess: async (result, input) => {
        setCreated({ ...result, name: input.name });
        await queryClient.invalidateQueries({ queryKey: trpc.auth.listTokens.queryKey() });
      },
    }),
  );

  const onOpenChange = (next: boolean) => {
    if (create.isPending) return;
    setOpen(next);
    if (!next) {
      // Forget the token value as soon as the dialog closes: it is never shown again.
      setCreated(null);
      setName("");
      setExpiry("90");
      create.reset();
    }
  };

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate({ name: name.trim(), expiresInDays: expiry === "never" ? undefined : Number(expiry) });
  };

  const errors = fieldErrors(create.error);
  const formError = create.error && Object.keys(errors).length === 0 ? errorMessage(create.error) : null;

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent
        // Once the token is on screen, only the explicit button closes the dialog (no accidental click-away).
        onInteractOutside={(e) => {
          if (created) e.preventDefault();
        }}
        onEscapeKeyDown={(e) => {
          if (created) e.preventDefault();
        }}
        showCloseButton={!created}
      >
        {created ? (
          <TokenCreated created={created} />
        ) : (
          <form onSubmit={onSubmit} className="grid gap-4" noValidate>
            <DialogHeader>
              <DialogTitle>Create API token</DialogTitle>
              <DialogDescription>The token acts as you, with your role. Name it after where it will be used.</DialogDescription>
            </DialogHeader>
            {formError ? <Callout variant="error" title="The token was not created">{formError}</Callout> : null}
            <FormField label="Name" required error={errors.name} hint="For example “ci-validate” or “grafana”.">
              <Input
                value={name}
                onChange={(e) => setName(e.target.value)}
                maxLength={100}
                autoComplete="off"
                autoFocus
                placeholder="ci-validate"
              />
            </FormField>
            <FormField label="Expires" error={errors.expiresInDays} hint="Shorter-lived tokens limit the damage if one leaks.">
              <Select value={expiry} onChange={(e) => setExpiry(e.target.value)} options={EXPIRY_OPTIONS} />
            </FormField>
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="outline" disabled={create.isPending}>
                  Cancel
                </Button>
              </DialogClose>
              <Button type="submit" disabled={create.isPending || name.trim() === ""}>
                {create.isPending ? <Spinner label={null} className="text-current" /> : null}
                Create token
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

function TokenCreated({ created }: { created: Created }) {
  // Only rendered after a mutation in the browser, never during server rendering.
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  return (
    <>
      <DialogHeader>
        <DialogTitle>Token “{created.name}” created</DialogTitle>
        <DialogDescription>
          {created.expiresAt ? `Valid until ${formatDateTime(created.expiresAt)}.` : "This token does not expire; revoke it when no longer needed."}
        </DialogDescription>
      </DialogHeader>
      <Callout variant="warning" title="Copy it now — it will not be shown again" icon={<TriangleExclamationPoint aria-hidden="true" />}>
        HFM keeps only a hash of the token. If you lose it, revoke it and create a new one. Store it like a password.
      </Callout>
      <div className="grid gap-1.5">
        <label htmlFor="created-token" className="text-sm font-medium">
          Your new API token
        </label>
        <div className="flex items-center gap-2">
          <Input
            id="created-token"
            readOnly
            value={created.token}
            className="font-mono text-[13px]"
            onFocus={(e) => e.currentTarget.select()}
            data-testid="created-token"
          />
          <CopyButton value={created.token} label="Copy token" showLabel variant="outline" size="sm" className="text-foreground" />
        </div>
      </div>
      <CodeBlock
        title="Try it"
        code={`curl -s ${origin}/api/v1/me \\\n  -H "Authorization: Bearer ${created.token}"`}
        wrap
      />
      <DialogFooter>
        <DialogClose asChild>
          <Button>I have copied the token</Button>
        </DialogClose>
      </DialogFooter>
    </>
  );
}
