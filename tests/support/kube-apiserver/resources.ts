/**
 * The resources the test API server serves: the CRDs it was started with (by default the Hedgehog CRDs committed in
 * lib/hedgehog/crd-schemas.json, with the fabric v0.129.1 overlay the real fabric serves) plus a few built-ins
 * (namespaces, customresourcedefinitions, the review endpoints).
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { CRD_DATA, getKindSchema, type CrdSpec, type JsonSchema } from "@/lib/hedgehog/schema";

export const ALL_VERBS = ["delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"];

export interface ResourceDef {
  group: string;
  version: string;
  /** `group/version`, or `v1` for the core group. */
  apiVersion: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  categories: string[];
  namespaced: boolean;
  verbs: string[];
  /** Structural schema of a custom resource (pruning, defaults, validation). */
  schema?: JsonSchema;
  statusSubresource: boolean;
  /** A custom resource (CRD semantics: pruning, no unconditional update, delete returns the object). */
  custom: boolean;
  /** Create-only review endpoints. */
  review?: "access" | "self";
}

export interface CrdSource {
  name: string;
  spec: CrdSpec;
}

export function apiVersionOf(group: string, version: string): string {
  return group === "" ? version : `${group}/${version}`;
}

/** The bundled Hedgehog CRDs (optionally only some groups). */
export function bundledCrds(groups?: readonly string[]): CrdSource[] {
  return Object.entries(CRD_DATA.crds)
    .filter(([, spec]) => !groups || groups.includes(spec.group))
    .map(([name, spec]) => ({ name, spec }));
}

/** Every CustomResourceDefinition in the *.yaml / *.yml / *.json files of a directory. */
export async function loadCrdsDir(dir: string, groups?: readonly string[]): Promise<CrdSource[]> {
  const out: CrdSource[] = [];
  for (const file of (await readdir(dir)).sort()) {
    if (!/\.(ya?ml|json)$/.test(file)) continue;
    const text = await readFile(path.join(dir, file), "utf8");
    for (const doc of parseAllDocuments(text)) {
      const v: unknown = doc.toJS();
      if (!isRecord(v) || v.kind !== "CustomResourceDefinition" || !isRecord(v.spec) || !isRecord(v.metadata)) continue;
      const spec = v.spec as unknown as CrdSpec;
      if (groups && !groups.includes(spec.group)) continue;
      out.push({ name: String(v.metadata.name), spec });
    }
  }
  return out;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The served version of a CRD as a resource. Bundled CRDs get the lib overlay (the fabric v0.129.1 fields). */
export function crdResource(crd: CrdSource, bundled: boolean): ResourceDef[] {
  const { spec } = crd;
  return spec.versions
    .filter((v) => v.served)
    .map((v) => {
      const apiVersion = apiVersionOf(spec.group, v.name);
      const schema = (bundled ? getKindSchema(apiVersion, spec.names.kind) : undefined) ?? v.schema?.openAPIV3Schema;
      return {
        group: spec.group,
        version: v.name,
        apiVersion,
        kind: spec.names.kind,
        listKind: spec.names.listKind ?? `${spec.names.kind}List`,
        plural: spec.names.plural,
        singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
        shortNames: spec.names.shortNames ?? [],
        categories: spec.names.categories ?? [],
        namespaced: spec.scope === "Namespaced",
        verbs: ALL_VERBS,
        schema,
        statusSubresource: v.subresources !== undefined && "status" in v.subresources,
        custom: true,
      };
    });
}

/** The CustomResourceDefinition object served at /apis/apiextensions.k8s.io/v1/customresourcedefinitions. */
export function crdObject(crd: CrdSource): Record<string, unknown> {
  const storage = crd.spec.versions.find((v) => v.storage) ?? crd.spec.versions[0];
  const names = { ...crd.spec.names, listKind: crd.spec.names.listKind ?? `${crd.spec.names.kind}List` };
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: crd.name, annotations: { "controller-gen.kubebuilder.io/version": "v0.20.0" } },
    spec: { group: crd.spec.group, names, scope: crd.spec.scope, versions: crd.spec.versions, conversion: { strategy: "None" } },
    status: {
      acceptedNames: names,
      conditions: [
        { type: "NamesAccepted", status: "True", reason: "NoConflicts", message: "no conflicts found" },
        { type: "Established", status: "True", reason: "InitialNamesAccepted", message: "the initial names have been accepted" },
      ],
      storedVersions: storage ? [storage.name] : [],
    },
  };
}

function builtin(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  extra: Partial<ResourceDef> = {},
): ResourceDef {
  return {
    group,
    version,
    apiVersion: apiVersionOf(group, version),
    kind,
    listKind: `${kind}List`,
    plural,
    singular: kind.toLowerCase(),
    shortNames: [],
    categories: [],
    namespaced,
    verbs: ALL_VERBS,
    statusSubresource: false,
    custom: false,
    ...extra,
  };
}

export const NAMESPACES = builtin("", "v1", "Namespace", "namespaces", false, {
  shortNames: ["ns"],
  verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
  statusSubresource: true,
});
export const CRDS = builtin("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, {
  shortNames: ["crd", "crds"],
  categories: ["api-extensions"],
  statusSubresource: true,
});
export const SSAR = builtin("authorization.k8s.io", "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews", false, {
  verbs: ["create"],
  review: "access",
});
export const SSR = builtin("authentication.k8s.io", "v1", "SelfSubjectReview", "selfsubjectreviews", false, {
  verbs: ["create"],
  review: "self",
});
export const BUILTIN_RESOURCES: readonly ResourceDef[] = [NAMESPACES, CRDS, SSAR, SSR];

/** Fast lookups over the served resources. */
export class ResourceRegistry {
  private readonly byGvr = new Map<string, ResourceDef>();
  private readonly byGvk = new Map<string, ResourceDef>();
  readonly all: ResourceDef[] = [];

  constructor(defs: readonly ResourceDef[]) {
    for (const d of defs) {
      this.all.push(d);
      this.byGvr.set(`${d.group}/${d.version}/${d.plural}`, d);
      this.byGvk.set(`${d.apiVersion}|${d.kind}`, d);
    }
  }

  get(group: string, version: string, plural: string): ResourceDef | undefined {
    return this.byGvr.get(`${group}/${version}/${plural}`);
  }

  byKind(apiVersion: string, kind: string): ResourceDef | undefined {
    return this.byGvk.get(`${apiVersion}|${kind}`);
  }

  /** Groups in discovery order (core excluded), each with its versions. */
  groups(): Array<{ name: string; versions: string[] }> {
    const out = new Map<string, string[]>();
    for (const d of this.all) {
      if (d.group === "") continue;
      const vs = out.get(d.group) ?? [];
      if (!vs.includes(d.version)) vs.push(d.version);
      out.set(d.group, vs);
    }
    return [...out].map(([name, versions]) => ({ name, versions }));
  }

  inGroupVersion(group: string, version: string): ResourceDef[] {
    return this.all.filter((d) => d.group === group && d.version === version);
  }
}
