"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useCurrentUser } from "@/components/providers/current-user";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toaster";
import { errorMessage, fieldErrors } from "@/lib/form-errors";
import type { AppRouter } from "@/server/trpc/root";

type Repository = inferRouterOutputs<AppRouter>["repositories"]["get"];
type AuthType = Repository["authType"];

/** Create or edit a Git repository. Password and token are write-only: empty fields keep the stored values. */
export function RepositoryForm({ repository }: { repository?: Repository }) {
  const trpc = useTRPC();
  const router = useRouter();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const [name, setName] = useState(repository?.name ?? "");
  const [url, setUrl] = useState(repository?.url ?? "");
  const [branch, setBranch] = useState(repository?.branch ?? "main");
  const [authType, setAuthType] = useState<AuthType>(repository?.authType ?? "none");
  const [username, setUsername] = useState(repository?.username ?? "");
  const [password, setPassword] = useState("");
  const [token, setToken] = useState("");
  const [apiUrl, setApiUrl] = useState(repository?.apiUrl ?? "");
  const [caCert, setCaCert] = useState("");

  const onSaved = async (saved: Repository) => {
    await queryClient.invalidateQueries({ queryKey: trpc.repositories.pathKey() });
    toast.success(repository ? `Saved ${saved.name}` : `Added ${saved.name}`);
    router.push(repository ? `/repositories/${saved.id}` : "/repositories");
  };
  const create = useMutation(trpc.repositories.create.mutationOptions({ onSuccess: onSaved }));
  const update = useMutation(trpc.repositories.update.mutationOptions({ onSuccess: onSaved }));
  const mutation = repository ? update : create;
  const errors = fieldErrors(mutation.error);
  const readOnly = !user.can("admin");

  function submit(e: FormEvent) {
    e.preventDefault();
    const input = {
      name: name.trim(),
      url: url.trim(),
      branch: branch.trim() || "main",
      authType,
      username: authType === "basic" ? username.trim() || null : null,
      ...(password ? { password } : {}),
      ...(token ? { token } : {}),
      apiUrl: apiUrl.trim() || null,
      ...(caCert.trim() ? { caCert } : {}),
    };
    if (repository) update.mutate({ id: repository.id, ...input });
    else create.mutate(input);
  }

  return (
    <form onSubmit={submit} className="flex max-w-3xl flex-col gap-6" noValidate>
      {mutation.error && !Object.keys(errors).length ? (
        <Callout variant="error" title="Could not save the repository">
          {errorMessage(mutation.error)}
        </Callout>
      ) : null}
      <Card>
        <CardHeader>
          <CardTitle>Remote</CardTitle>
          <CardDescription>HTTPS URL of the repository. TLS certificates are always verified.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <FormField label="Name" required error={errors.name}>
            <Input id="name" value={name} onChange={(e) => setName(e.target.value)} disabled={readOnly} />
          </FormField>
          <FormField label="URL" required error={errors.url} hint="e.g. https://github.com/acme/fabric-config.git">
            <Input id="url" value={url} onChange={(e) => setUrl(e.target.value)} className="font-mono" disabled={readOnly} />
          </FormField>
          <FormField label="Branch" error={errors.branch}>
            <Input id="branch" value={branch} onChange={(e) => setBranch(e.target.value)} className="font-mono" disabled={readOnly} />
          </FormField>
          <FormField label="GitHub API URL (for pull requests)" error={errors.apiUrl} hint="https://api.github.com, or https://ghe.example.com/api/v3 for GitHub Enterprise. Empty: HFM pushes branches and tells you where to open the request.">
            <Input id="apiUrl" value={apiUrl} onChange={(e) => setApiUrl(e.target.value)} className="font-mono" disabled={readOnly} />
          </FormField>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Credentials</CardTitle>
          <CardDescription>Stored encrypted; never returned by the API or shown again.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <FormField label="Authentication" error={errors.authType}>
            <Select
              id="authType"
              value={authType}
              onChange={(e) => setAuthType(e.target.value as AuthType)}
              disabled={readOnly}
              options={[
                { value: "none", label: "None (public repository)" },
                { value: "basic", label: "Username and password" },
                { value: "token", label: "Access token" },
              ]}
            />
          </FormField>
          {authType === "basic" ? (
            <>
              <FormField label="Username" required error={errors.username}>
                <Input id="username" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" disabled={readOnly} />
              </FormField>
              <FormField label="Password" required={!repository?.passwordSet} error={errors.password} hint={repository?.passwordSet ? "A password is set. Leave empty to keep it." : undefined}>
                <Input id="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" placeholder={repository?.passwordSet ? "•••••••• (set)" : ""} disabled={readOnly} />
              </FormField>
            </>
          ) : null}
          {authType === "token" ? (
            <FormField label="Token" required={!repository?.tokenSet} error={errors.token} hint={repository?.tokenSet ? "A token is set. Leave empty to keep it." : "A personal access token or deploy token with read and write access."}>
              <Input id="token" type="password" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" placeholder={repository?.tokenSet ? "•••••••• (set)" : ""} disabled={readOnly} />
            </FormField>
          ) : null}
          <FormField label="Custom CA certificate (PEM)" error={errors.caCert} hint={repository?.caCertSet ? "A CA is set. Paste a new one to replace it." : "Only for servers with a private CA."}>
            <Textarea id="caCert" rows={3} className="font-mono text-xs" value={caCert} onChange={(e) => setCaCert(e.target.value)} placeholder="-----BEGIN CERTIFICATE-----" disabled={readOnly} />
          </FormField>
        </CardContent>
      </Card>
      {readOnly ? null : (
        <div className="flex gap-2">
          <Button type="submit" disabled={mutation.isPending}>
            {mutation.isPending ? "Saving…" : repository ? "Save changes" : "Add repository"}
          </Button>
          <Button type="button" variant="outline" onClick={() => router.back()}>
            Cancel
          </Button>
        </div>
      )}
    </form>
  );
}
