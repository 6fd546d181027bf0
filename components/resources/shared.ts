/**
 * Shared types and small pure helpers of the resources UI (list, detail, forms, editor, import).
 */
import type { inferRouterOutputs } from "@trpc/server";
import { findKind, KINDS, type KindInfo } from "@/lib/hedgehog/registry";
import type { AppRouter } from "@/server/trpc/root";

type Outputs = inferRouterOutputs<AppRouter>["resources"];
export type ResourceSummary = Outputs["list"]["items"][number];
export type ResourceDetail = Outputs["get"];
export type ResourceHistoryEntry = Outputs["history"][number];
export type ValidateResult = Outputs["validate"];
export type ValidateFinding = ValidateResult["errors"][number];
export type LifecycleState = ResourceSummary["state"];

export const LIFECYCLE_STATES: readonly LifecycleState[] = ["draft", "committed", "synced", "drifted", "orphaned", "missing", "invalid", "conflict"];

/** A field-level issue from a failed write (`data.issues` of a 422). */
export interface WriteIssue {
  path: string;
  message: string;
  rule?: string;
}

/** The kinds HFM ingests (vpc, wiring, gateway groups), in the registry's order. */
export const FABRIC_KIND_LIST: readonly KindInfo[] = KINDS.filter((k) => k.ingested);

/** Kinds with a typed form; every other kind is edited as YAML. */
export const FORM_KINDS = ["VPC", "VPCAttachment", "VPCPeering", "IPv4Namespace", "VLANNamespace", "External", "ExternalAttachment", "ExternalPeering"] as const;
export type FormKind = (typeof FORM_KINDS)[number];
export const hasTypedForm = (kind: string): kind is FormKind => (FORM_KINDS as readonly string[]).includes(kind);

/** The canonical kind name for a URL segment or query value (`vpcs`, `vpc` → `VPC`), or undefined. */
export function canonicalKind(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const info = findKind(value);
  return info?.ingested ? info.kind : undefined;
}

export const resourcesHref = (fabricId: string, params: { kind?: string; state?: string; q?: string } = {}) => {
  const sp = new URLSearchParams();
  if (params.kind) sp.set("kind", params.kind);
  if (params.state) sp.set("state", params.state);
  if (params.q) sp.set("q", params.q);
  const qs = sp.toString();
  return `/fabrics/${encodeURIComponent(fabricId)}/resources${qs ? `?${qs}` : ""}`;
};
export const resourceHref = (fabricId: string, kind: string, name: string) =>
  `/fabrics/${encodeURIComponent(fabricId)}/resources/${encodeURIComponent(kind)}/${encodeURIComponent(name)}`;
export const newResourceHref = (fabricId: string, kind?: string) =>
  `/fabrics/${encodeURIComponent(fabricId)}/resources/new${kind ? `?kind=${encodeURIComponent(kind)}` : ""}`;

/** The apiVersion of a kind (`vpc.githedgehog.com/v1beta1`). */
export function apiVersionOf(kind: string): string {
  return findKind(kind)?.apiVersion ?? "";
}

interface TrpcErrorShape {
  message?: string;
  data?: { httpStatus?: number; code?: string; issues?: WriteIssue[] } | null;
}

/** The HTTP status of a failed tRPC call, if any. */
export function httpStatusOf(error: unknown): number | undefined {
  return (error as TrpcErrorShape | null)?.data?.httpStatus ?? undefined;
}

/** The field issues (`data.issues`) of a failed write. */
export function writeIssues(error: unknown): WriteIssue[] {
  return (error as TrpcErrorShape | null)?.data?.issues ?? [];
}

export const isStaleVersion = (error: unknown) => httpStatusOf(error) === 409 && /changed since you read it/.test((error as TrpcErrorShape).message ?? "");

/** "Connection \"x\" does not exist" → {kind: "Connection", name: "x"} for a reference finding (`*.missing` rules). */
export function missingReference(f: { rule: string; message: string }): { kind: string; name: string } | null {
  if (!f.rule.endsWith(".missing")) return null;
  const m = /^([A-Za-z0-9]+) "([^"]+)" does not exist/.exec(f.message);
  if (!m) return null;
  const info = findKind(m[1]!);
  return info ? { kind: info.kind, name: m[2]! } : null;
}

/** A JSON pointer shown to people: `/spec/subnets/default/vlan` → `spec.subnets.default.vlan`. */
export function displayPath(pointer: string): string {
  if (!pointer) return "(object)";
  return pointer
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"))
    .join(".");
}

/** A compact rendering of a JSON value for tables (drift, history). */
export function formatValue(v: unknown): string {
  if (v === undefined) return "(absent)";
  if (v === null) return "null";
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}
