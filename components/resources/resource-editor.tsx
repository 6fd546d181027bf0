"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Code, FileUp, ListChecks, Lock, LoaderCircle, RotateCcw, Save } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useCurrentUser } from "@/components/providers/current-user";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toaster";
import { toCanonicalYaml } from "@/lib/hedgehog/canonical";
import { findKind } from "@/lib/hedgehog/registry";
import type { HhObject } from "@/lib/hedgehog/types";
import { parseYamlDocuments } from "@/lib/hedgehog/yaml";
import { FindingsList } from "./findings-list";
import { externalAttachmentForm, externalForm, externalPeeringForm } from "./forms/external-forms";
import { baseObject, IssueMap, type FormDefinition } from "./forms/form-kit";
import { ipv4NamespaceForm, vlanNamespaceForm } from "./forms/namespace-forms";
import { vpcAttachmentForm, vpcPeeringForm } from "./forms/vpc-link-forms";
import { vpcForm } from "./forms/vpc-form";
import { ResourceYamlEditor, type EditorTarget, type SavedObject } from "./resource-yaml-editor";
import { FABRIC_KIND_LIST, FORM_KINDS, hasTypedForm, isStaleVersion, newResourceHref, resourceHref, resourcesHref, writeIssues, type FormKind } from "./shared";

/** A starting document for the YAML editor of a kind without an object yet. */
function skeletonYaml(kind: string): string {
  const info = findKind(kind);
  if (!info) return "";
  return `apiVersion: ${info.apiVersion}\nkind: ${info.kind}\nmetadata:\n  name: \nspec: {}\n`;
}

/** Create (`name` undefined) or edit one object: a typed form for the VPC API kinds and VLANNamespace, YAML for all. */
export function ResourceEditor({ fabricId, kind, name }: { fabricId: string; kind?: string; name?: string }) {
  const trpc = useTRPC();
  const user = useCurrentUser();
  const fabric = useQuery(trpc.fabrics.get.queryOptions({ id: fabricId }));
  const editing = name !== undefined;
  const resource = useQuery({ ...trpc.resources.get.queryOptions({ id: fabricId, kind: kind ?? "", name: name ?? "" }), enabled: editing && !!kind });
  const fabricName = fabric.data?.name ?? "Fabric";
  const crumbs = [
    { label: "Fabrics", href: "/fabrics" },
    { label: fabricName, href: `/fabrics/${fabricId}` },
    { label: "Resources", href: resourcesHref(fabricId) },
    ...(kind ? [{ label: kind, href: resourcesHref(fabricId, { kind }) }] : []),
    ...(editing && kind ? [{ label: name, href: resourceHref(fabricId, kind, name) }, { label: "Edit" }] : [{ label: "New" }]),
  ];

  if (!user.can("operator")) {
    return (
      <div className="flex flex-col gap-4">
        <PageHeader breadcrumbs={crumbs} title={editing ? `Edit ${name}` : "New object"} />
        <Callout variant="info" title="Operators only">
          Your role can read objects but not change them. Ask an operator or an admin.
        </Callout>
      </div>
    );
  }

  if (!kind) {
    return (
      <div className="flex flex-col gap-4">
        <PageHeader breadcrumbs={crumbs} title="New object" description="Pick a kind. The VPC API kinds and VLANNamespace have a form; every kind can be written as YAML." />
        <KindPicker fabricId={fabricId} />
      </div>
    );
  }

  if (editing) {
    if (resource.isPending) return <Skeleton className="h-96 w-full" />;
    if (resource.isError) {
      return (
        <div className="flex flex-col gap-4">
          <PageHeader breadcrumbs={crumbs} title={`Edit ${name}`} />
          <Callout variant="error" title={`Could not load ${kind} ${name}`}>
            {resource.error.message}
          </Callout>
        </div>
      );
    }
    const r = resource.data;
    if (r.readOnly || r.desired === null) {
      return (
        <div className="flex flex-col gap-4">
          <PageHeader breadcrumbs={crumbs} title={`Edit ${name}`} />
          <Callout variant="info" title="This object cannot be edited here" icon={<Lock aria-hidden="true" />}>
            {r.readOnlyReason ?? "HFM holds no desired version of it (live only, or pending deletion)."}
          </Callout>
        </div>
      );
    }
    return (
      <div className="flex flex-col gap-4">
        <PageHeader breadcrumbs={crumbs} title={`Edit ${kind} ${name}`} description={`Version ${r.version}. Saving makes it a draft in the fabric's pending change set.`} />
        <EditorBody
          key={`${r.version}`}
          fabricId={fabricId}
          kind={r.kind}
          original={r.desired as HhObject}
          target={{ op: "update", kind: r.kind, name: r.name, version: r.version }}
          onReload={() => void resource.refetch()}
        />
      </div>
    );
  }

  const info = findKind(kind);
  if (!info || !info.ingested) {
    return (
      <div className="flex flex-col gap-4">
        <PageHeader breadcrumbs={crumbs} title="New object" />
        <Callout variant="error" title={`Unknown kind “${kind}”`}>
          Pick one of the kinds below.
        </Callout>
        <KindPicker fabricId={fabricId} />
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        breadcrumbs={crumbs}
        title={`New ${info.kind}`}
        description={`${info.apiVersion}. The object is validated against the fabric's objects and saved as a draft in the pending change set.`}
      />
      <EditorBody fabricId={fabricId} kind={info.kind} original={null} target={{ op: "create" }} />
    </div>
  );
}

function KindPicker({ fabricId }: { fabricId: string }) {
  return (
    <div className="flex flex-col gap-4">
      <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-4">
        {FORM_KINDS.map((k) => (
          <Link key={k} href={newResourceHref(fabricId, k)} className="rounded-lg border bg-card p-3 text-sm transition-colors hover:bg-muted/50">
            <span className="font-medium">{k}</span>
            <span className="mt-0.5 flex items-center gap-1 text-xs text-muted-foreground">
              <ListChecks className="size-3.5" /> Form or YAML
            </span>
          </Link>
        ))}
      </div>
      <p className="text-sm text-muted-foreground">
        YAML only:{" "}
        {FABRIC_KIND_LIST.filter((k) => !hasTypedForm(k.kind) && !k.readOnly).map((k, i) => (
          <span key={k.kind}>
            {i > 0 ? ", " : ""}
            <Link className="underline-offset-2 hover:underline" href={newResourceHref(fabricId, k.kind)}>
              {k.kind}
            </Link>
          </span>
        ))}
        . Several objects at once:{" "}
        <Link className="underline-offset-2 hover:underline" href={`/fabrics/${fabricId}/import`}>
          Import YAML
        </Link>
        .
      </p>
    </div>
  );
}

const FORMS: { [K in FormKind]: FormDefinition<never> } = {
  VPC: vpcForm as unknown as FormDefinition<never>,
  VPCAttachment: vpcAttachmentForm as unknown as FormDefinition<never>,
  VPCPeering: vpcPeeringForm as unknown as FormDefinition<never>,
  IPv4Namespace: ipv4NamespaceForm as unknown as FormDefinition<never>,
  VLANNamespace: vlanNamespaceForm as unknown as FormDefinition<never>,
  External: externalForm as unknown as FormDefinition<never>,
  ExternalAttachment: externalAttachmentForm as unknown as FormDefinition<never>,
  ExternalPeering: externalPeeringForm as unknown as FormDefinition<never>,
};

/** Form ⇄ YAML for one object. The form builds the object; "Edit as YAML" hands its canonical YAML to the editor. */
function EditorBody({ fabricId, kind, original, target, onReload }: { fabricId: string; kind: string; original: HhObject | null; target: EditorTarget; onReload?: () => void }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const trpc = useTRPC();
  const typed = hasTypedForm(kind);
  const [mode, setMode] = useState<"form" | "yaml">(typed ? "form" : "yaml");
  const [yamlText, setYamlText] = useState(() => (original ? toCanonicalYaml(original) : skeletonYaml(kind)));
  /** The object the form starts from (re-seeded when coming back from YAML). */
  const [formSeed, setFormSeed] = useState<{ object: HhObject | null; n: number }>({ object: original, n: 0 });
  const [backError, setBackError] = useState<string | null>(null);

  const onSaved = async (saved: SavedObject) => {
    await queryClient.invalidateQueries({ queryKey: trpc.resources.pathKey() });
    const verb = target.op === "create" ? "Created" : "Saved";
    if (saved.warnings.length) toast.warning(`${verb} ${saved.kind} ${saved.name} with ${saved.warnings.length} warning(s)`, { description: saved.warnings[0]!.message });
    else toast.success(`${verb} ${saved.kind} ${saved.name} (draft)`);
    router.push(resourceHref(fabricId, saved.kind, saved.name));
  };

  const backToForm = () => {
    const parsed = parseYamlDocuments(yamlText);
    const doc = parsed.documents[0]?.object;
    if (parsed.errors.length || parsed.documents.length !== 1 || !doc || doc.kind !== kind) {
      setBackError(`The form needs exactly one valid ${kind} document; fix the YAML or keep editing it here.`);
      return;
    }
    setBackError(null);
    setFormSeed((s) => ({ object: doc, n: s.n + 1 }));
    setMode("form");
  };

  if (mode === "yaml" || !typed) {
    return (
      <Card>
        <CardHeader>
          <CardTitle>YAML</CardTitle>
          <CardDescription>Findings appear on their lines as you type; references the fabric already has are not reported.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-3">
          {backError ? <Callout variant="warning">{backError}</Callout> : null}
          <ResourceYamlEditor
            fabricId={fabricId}
            target={target}
            value={yamlText}
            onChange={setYamlText}
            onSaved={onSaved}
            onReload={onReload}
            extraActions={
              <>
                {typed ? (
                  <Button type="button" variant="outline" onClick={backToForm}>
                    <ListChecks /> Back to the form
                  </Button>
                ) : null}
                {target.op === "create" ? (
                  <Button variant="ghost" asChild>
                    <Link href={`/fabrics/${fabricId}/import`}>
                      <FileUp /> Import several
                    </Link>
                  </Button>
                ) : null}
              </>
            }
          />
        </CardContent>
      </Card>
    );
  }

  return (
    <TypedForm
      key={formSeed.n}
      def={FORMS[kind as FormKind]}
      fabricId={fabricId}
      kind={kind}
      original={formSeed.object}
      baseOriginal={original}
      target={target}
      onSaved={onSaved}
      onReload={onReload}
      onEditYaml={(obj) => {
        setYamlText(toCanonicalYaml(obj));
        setMode("yaml");
      }}
    />
  );
}

function TypedForm<V>({
  def,
  fabricId,
  kind,
  original,
  baseOriginal,
  target,
  onSaved,
  onReload,
  onEditYaml,
}: {
  def: FormDefinition<V>;
  fabricId: string;
  kind: string;
  /** The object the form's values start from. */
  original: HhObject | null;
  /** The stored object (fields the form does not manage are kept from `original`, else from it). */
  baseOriginal: HhObject | null;
  target: EditorTarget;
  onSaved: (saved: SavedObject) => void;
  onReload?: () => void;
  onEditYaml: (obj: HhObject) => void;
}) {
  const trpc = useTRPC();
  const [name, setName] = useState(original?.metadata.name ?? "");
  const [values, setValues] = useState<V>(() => def.fromSpec((original?.spec ?? {}) as Record<string, unknown>));
  const create = useMutation(trpc.resources.create.mutationOptions({ onSuccess: onSaved }));
  const update = useMutation(trpc.resources.update.mutationOptions({ onSuccess: onSaved }));
  const mutation = target.op === "create" ? create : update;
  const issues = new IssueMap(writeIssues(mutation.error));
  const apiVersion = findKind(kind)?.apiVersion ?? "";
  const editing = target.op === "update";
  const fixedName = target.op === "update" ? target.name : undefined;

  const build = (): HhObject => {
    const base = baseObject(kind, apiVersion, original ?? baseOriginal, fixedName ?? name.trim());
    return { ...base, spec: def.toSpec(values, (base.spec ?? {}) as Record<string, unknown>) };
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const object = build();
    if (target.op === "create") create.mutate({ id: fabricId, object });
    else update.mutate({ id: fabricId, kind: target.kind, name: target.name, object, version: target.version });
  };

  const unclaimed = issues.unclaimed(["/metadata/name", "/metadata", ...def.paths(values)]);
  const Fields = def.Fields;
  const error = mutation.error;
  const nameHint = kind === "VPC" || kind === "IPv4Namespace" || kind === "External" ? "Lowercase letters, digits and '-'; at most 11 characters." : "Lowercase letters, digits, '-' and '.'.";

  return (
    <form onSubmit={submit} noValidate className="flex max-w-5xl flex-col gap-4" aria-label={`${kind} form`}>
      {isStaleVersion(error) ? (
        <Callout
          variant="warning"
          title="Changed since you opened it — reload"
          action={
            onReload ? (
              <Button type="button" variant="outline" size="sm" onClick={onReload}>
                <RotateCcw /> Reload (discards your edits)
              </Button>
            ) : null
          }
        >
          Someone saved this object after you opened it. Reload to get the current version, then apply your change again.
        </Callout>
      ) : error && issues.issues.length === 0 ? (
        <Callout variant="error" title={target.op === "create" ? `Could not create the ${kind}` : `Could not save the ${kind}`}>
          {error.message}
        </Callout>
      ) : null}
      {issues.issues.length > 0 ? (
        <Callout variant="error" title={`The fabric's rules refused this ${kind}`}>
          {unclaimed.length > 0 ? "Fix the findings below and the fields marked in red." : "Fix the fields marked in red."}
        </Callout>
      ) : null}
      {unclaimed.length > 0 ? <FindingsList items={unclaimed.map((i) => ({ severity: "error", message: i.message, path: i.path, rule: i.rule }))} /> : null}

      <FormField label="Name" required error={issues.at("/metadata/name") ?? issues.at("/metadata")} hint={editing ? "Names cannot change; delete and create to rename." : nameHint}>
        <Input id="resource-name" value={fixedName ?? name} readOnly={editing} onChange={(e) => setName(e.target.value)} autoComplete="off" className="max-w-md" />
      </FormField>

      <Fields values={values} set={setValues} issues={issues} fabricId={fabricId} editing={editing} />

      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? <LoaderCircle className="animate-spin" /> : <Save />} {editing ? "Save" : `Create ${kind}`}
        </Button>
        <Button type="button" variant="outline" onClick={() => onEditYaml(build())}>
          <Code /> Edit as YAML
        </Button>
      </div>
    </form>
  );
}
