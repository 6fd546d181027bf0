"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toaster";
import { errorMessage, fieldErrors } from "@/lib/form-errors";
import type { AppRouter } from "@/server/trpc/root";

type Fabric = inferRouterOutputs<AppRouter>["fabrics"]["get"];

interface Values {
  name: string;
  description: string;
  kubernetesServer: string;
  kubernetesToken: string;
  clearToken: boolean;
  kubernetesCaCert: string;
  kubernetesNamespace: string;
  gitRepositoryId: string;
  gitPath: string;
  gitBranch: string;
  applyMode: "gitops" | "direct";
  syncEnabled: boolean;
  syncIntervalSeconds: string;
  allowObservedEdits: boolean;
  selfHeal: boolean;
}

function initialValues(f?: Fabric): Values {
  return {
    name: f?.name ?? "",
    description: f?.description ?? "",
    kubernetesServer: f?.kubernetesServer ?? "",
    kubernetesToken: "",
    clearToken: false,
    kubernetesCaCert: "",
    kubernetesNamespace: f?.kubernetesNamespace ?? "default",
    gitRepositoryId: f?.gitRepositoryId ?? "",
    gitPath: f?.gitPath ?? "",
    gitBranch: f?.gitBranch ?? "",
    applyMode: f?.applyMode ?? "gitops",
    syncEnabled: f?.syncEnabled ?? true,
    syncIntervalSeconds: String(f?.syncIntervalSeconds ?? 300),
    allowObservedEdits: f?.allowObservedEdits ?? false,
    selfHeal: f?.selfHeal ?? false,
  };
}

const orNull = (s: string) => (s.trim() === "" ? null : s.trim());

/** Create or edit a fabric. Secrets are write-only: the token field is empty and says whether one is set. */
export function FabricForm({ fabric }: { fabric?: Fabric }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [v, setV] = useState<Values>(() => initialValues(fabric));
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setV((prev) => ({ ...prev, [key]: value }));
  const repos = useQuery(trpc.repositories.list.queryOptions({ limit: 1000 }));

  const onSaved = async (saved: Fabric) => {
    await queryClient.invalidateQueries({ queryKey: trpc.fabrics.pathKey() });
    toast.success(fabric ? `Saved ${saved.name}` : `Created ${saved.name}`);
    router.push(`/fabrics/${saved.id}`);
  };
  const create = useMutation(trpc.fabrics.create.mutationOptions({ onSuccess: onSaved }));
  const update = useMutation(trpc.fabrics.update.mutationOptions({ onSuccess: onSaved }));
  const mutation = fabric ? update : create;
  const errors = fieldErrors(mutation.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    const common = {
      name: v.name.trim(),
      description: orNull(v.description),
      kubernetesServer: orNull(v.kubernetesServer),
      kubernetesNamespace: v.kubernetesNamespace.trim() || "default",
      gitRepositoryId: orNull(v.gitRepositoryId),
      gitPath: v.gitPath,
      gitBranch: orNull(v.gitBranch),
      applyMode: v.applyMode,
      syncEnabled: v.syncEnabled,
      syncIntervalSeconds: Number(v.syncIntervalSeconds),
      allowObservedEdits: v.allowObservedEdits,
      selfHeal: v.selfHeal,
      // Secrets: only sent when typed (or explicitly cleared); an empty field keeps the stored value.
      ...(v.kubernetesToken ? { kubernetesToken: v.kubernetesToken } : v.clearToken ? { kubernetesToken: null } : {}),
      ...(v.kubernetesCaCert.trim() ? { kubernetesCaCert: v.kubernetesCaCert } : {}),
    };
    if (fabric) update.mutate({ id: fabric.id, ...common });
    else create.mutate(common);
  }

  const repoOptions = (repos.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.name} — ${r.url}` }));

  return (
    <form onSubmit={submit} className="flex max-w-3xl flex-col gap-6" noValidate>
      {mutation.error && !Object.keys(errors).length ? (
        <Callout variant="error" title={fabric ? "Could not save the fabric" : "Could not create the fabric"}>
          {errorMessage(mutation.error)}
        </Callout>
      ) : null}
      <Card>
        <CardHeader>
          <CardTitle>Fabric</CardTitle>
          <CardDescription>A name people recognise, e.g. the site or data-centre.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <FormField label="Name" required error={errors.name} hint="Lowercase letters, digits and '-' (like a Kubernetes name).">
            <Input id="name" value={v.name} onChange={(e) => set("name", e.target.value)} autoComplete="off" />
          </FormField>
          <FormField label="Description" error={errors.description}>
            <Input id="description" value={v.description} onChange={(e) => set("description", e.target.value)} />
          </FormField>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Kubernetes API</CardTitle>
          <CardDescription>
            The fabric&apos;s control-node API. HFM never uses a default kubeconfig and always verifies TLS.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <FormField label="API server URL" error={errors.kubernetesServer} hint="e.g. https://172.30.0.1:6443">
            <Input id="kubernetesServer" value={v.kubernetesServer} onChange={(e) => set("kubernetesServer", e.target.value)} placeholder="https://" />
          </FormField>
          <FormField
            label="Bearer token"
            error={errors.kubernetesToken}
            hint={fabric?.kubernetesTokenSet ? "A token is set. Leave empty to keep it." : "A service-account token with access to the Hedgehog kinds."}
          >
            <Input
              id="kubernetesToken"
              type="password"
              autoComplete="off"
              value={v.kubernetesToken}
              onChange={(e) => set("kubernetesToken", e.target.value)}
              placeholder={fabric?.kubernetesTokenSet ? "•••••••• (set)" : ""}
            />
          </FormField>
          {fabric?.kubernetesTokenSet ? (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={v.clearToken} onChange={(e) => set("clearToken", e.target.checked)} />
              Remove the stored token
            </label>
          ) : null}
          <FormField
            label="CA certificate (PEM)"
            error={errors.kubernetesCaCert}
            hint={fabric?.kubernetesCaCertSet ? "A CA certificate is set. Paste a new one to replace it." : "The cluster CA that signed the API server certificate."}
          >
            <Textarea
              id="kubernetesCaCert"
              rows={4}
              className="font-mono text-xs"
              value={v.kubernetesCaCert}
              onChange={(e) => set("kubernetesCaCert", e.target.value)}
              placeholder="-----BEGIN CERTIFICATE-----"
            />
          </FormField>
          <FormField label="Namespace" error={errors.kubernetesNamespace} hint="Hedgehog objects live in “default”.">
            <Input id="kubernetesNamespace" value={v.kubernetesNamespace} onChange={(e) => set("kubernetesNamespace", e.target.value)} />
          </FormField>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Git</CardTitle>
          <CardDescription>Where the fabric&apos;s YAML lives. HFM reads it and commits changes back.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <FormField
            label="Repository"
            error={errors.gitRepositoryId}
            hint={repoOptions.length === 0 && !repos.isPending ? <>No repository yet — <Link className="underline" href="/repositories/new">add one</Link>.</> : undefined}
          >
            <Select id="gitRepositoryId" value={v.gitRepositoryId} onChange={(e) => set("gitRepositoryId", e.target.value)} placeholder="No repository" options={repoOptions} />
          </FormField>
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField label="Directory" error={errors.gitPath} hint="The fabric's folder in the repository; empty = the root.">
              <Input id="gitPath" value={v.gitPath} onChange={(e) => set("gitPath", e.target.value)} placeholder="fabrics/dc1" className="font-mono" />
            </FormField>
            <FormField label="Branch" error={errors.gitBranch} hint="Empty = the repository's branch.">
              <Input id="gitBranch" value={v.gitBranch} onChange={(e) => set("gitBranch", e.target.value)} className="font-mono" />
            </FormField>
          </div>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Behaviour</CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <FormField label="Apply mode" error={errors.applyMode} hint="GitOps: a CD tool (Argo CD, Flux) applies Git. Direct: HFM applies to the cluster itself.">
            <Select
              id="applyMode"
              value={v.applyMode}
              onChange={(e) => set("applyMode", e.target.value as Values["applyMode"])}
              options={[
                { value: "gitops", label: "GitOps (CD tool applies Git)" },
                { value: "direct", label: "Direct (HFM applies)" },
              ]}
            />
          </FormField>
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField label="Scheduled sync" orientation="horizontal" error={errors.syncEnabled}>
              <Switch id="syncEnabled" checked={v.syncEnabled} onCheckedChange={(c) => set("syncEnabled", c)} />
            </FormField>
            <FormField label="Interval (seconds)" error={errors.syncIntervalSeconds} hint="60 to 86400">
              <Input id="syncIntervalSeconds" type="number" min={60} max={86400} value={v.syncIntervalSeconds} onChange={(e) => set("syncIntervalSeconds", e.target.value)} disabled={!v.syncEnabled} />
            </FormField>
          </div>
          <FormField label="Allow editing wiring kinds (Switch, Connection, …)" orientation="horizontal" hint="Off by default: editing wiring can break a running fabric.">
            <Switch id="allowObservedEdits" checked={v.allowObservedEdits} onCheckedChange={(c) => set("allowObservedEdits", c)} />
          </FormField>
          <FormField label="Self-heal drift" orientation="horizontal" hint="When on, drift is corrected by applying Git's version (direct mode). Off: drift is only reported.">
            <Switch id="selfHeal" checked={v.selfHeal} onCheckedChange={(c) => set("selfHeal", c)} />
          </FormField>
        </CardContent>
      </Card>

      <div className="flex gap-2">
        <Button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? "Saving…" : fabric ? "Save changes" : "Create fabric"}
        </Button>
        <Button type="button" variant="outline" onClick={() => router.back()}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
