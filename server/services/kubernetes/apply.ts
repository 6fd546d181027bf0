/**
 * Direct apply (fabrics in `direct` mode): the pending change set goes to the cluster by server-side apply with the
 * field manager `hedgehog-fabric-manager` (force only when the user asks), deletions by DELETE. `previewApply` sends
 * the same requests with dryRun=All: the cluster validates and defaults, nothing changes. Per-object results carry
 * the 422 causes and the SSA conflicts with the owning manager.
 */
import * as k8s from "@kubernetes/client-node";
import { FABRIC_KINDS, findKind, splitApiVersion, type KindInfo } from "@/lib/hedgehog/registry";
import type { HhObject } from "@/lib/hedgehog/types";
import type { ChangeSetItem, Fabric, Prisma, PrismaClient } from "@/server/db";
import { recordAudit, type Actor } from "@/server/services/audit";
import { DomainError, notFound } from "@/server/services/errors";
import { withFabricClient, type KubeClient } from "./client";
import { FIELD_MANAGER } from "./config";
import { KubeError, toKubeError, type StatusCause } from "./errors";
import { storeLive, toLiveRow, type KubeListObject } from "./live";
import { qualifiedResource } from "./discovery";
import { resourceKey, type VersionRow } from "@/server/services/resources";

export type ApplyOutcome = "created" | "configured" | "unchanged" | "deleted" | "absent" | "conflict" | "invalid" | "forbidden" | "error";

export interface FieldConflict {
  manager: string;
  field: string | null;
  message: string;
}

export interface ApplyItemResult {
  kind: string;
  namespace: string;
  name: string;
  action: "create" | "update" | "delete";
  ok: boolean;
  outcome: ApplyOutcome;
  message: string;
  causes?: StatusCause[];
  conflicts?: FieldConflict[];
}

export interface ApplyResult {
  changeSetId: string | null;
  dryRun: boolean;
  ok: boolean;
  /** pending (nothing applied or all failed), submitted (all applied); `appliedChangeSetId` when split. */
  status: string;
  appliedChangeSetId: string | null;
  counts: { total: number; ok: number; failed: number };
  items: ApplyItemResult[];
}

function requireDirect(fabric: Fabric): void {
  if (fabric.applyMode !== "direct") {
    throw new DomainError(
      "CONFLICT",
      `fabric ${fabric.name} is in GitOps mode: changes reach the cluster through Git — submit the change set instead, or switch the fabric to direct mode`,
    );
  }
}

function kindOf(item: Pick<ChangeSetItem, "kind">, obj: HhObject | null): KindInfo {
  const info = (obj ? findKind(obj.kind) : undefined) ?? findKind(item.kind);
  if (!info) throw new DomainError("BAD_REQUEST", `unknown Hedgehog kind ${item.kind}`);
  return info;
}

/** The apply configuration: the desired object without server fields or status. */
function applyBody(obj: HhObject, k: KindInfo, namespace: string): Record<string, unknown> {
  const { status, ...rest } = obj as HhObject & { status?: unknown };
  void status;
  const md = { ...(obj.metadata ?? {}) } as Record<string, unknown>;
  for (const f of ["uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink", "deletionTimestamp"]) delete md[f];
  md.namespace = namespace;
  return { ...rest, apiVersion: k.apiVersion, kind: k.kind, metadata: md };
}

function conflictsOf(causes: StatusCause[] | undefined, message: string): FieldConflict[] {
  const list = (causes ?? []).filter((c) => c.reason === "FieldManagerConflict");
  const parse = (text: string, field: string | null): FieldConflict => {
    const m = /conflict with "([^"]+)"/.exec(text);
    return { manager: m?.[1] ?? "another manager", field, message: text };
  };
  if (list.length > 0) return list.map((c) => parse(c.message ?? "", c.field ?? null));
  return /conflict with "/.test(message) ? [parse(message, null)] : [];
}

type ApplyTarget = Pick<ChangeSetItem, "kind" | "namespace" | "name" | "action" | "after">;

function failure(item: ApplyTarget, err: KubeError): ApplyItemResult {
  const base = { kind: item.kind, namespace: item.namespace, name: item.name, action: item.action, ok: false };
  const causes = err.status?.details?.causes;
  if (err.httpStatus === 409) {
    const conflicts = conflictsOf(causes, err.status?.message ?? err.message);
    if (conflicts.length > 0) {
      const managers = [...new Set(conflicts.map((c) => c.manager))].join(", ");
      return {
        ...base,
        outcome: "conflict",
        conflicts,
        message: `fields owned by ${managers}: ${conflicts.map((c) => c.field ?? "?").join(", ")} — apply with force to take them over, or change the object to leave them alone`,
      };
    }
  }
  if (err.httpStatus === 422) return { ...base, outcome: "invalid", causes, message: err.status?.message ?? err.message };
  if (err.reason === "forbidden") return { ...base, outcome: "forbidden", message: err.message };
  return { ...base, outcome: "error", message: err.message };
}

interface ItemRun {
  result: ApplyItemResult;
  live?: KubeListObject;
  deletedKey?: string;
}

async function applyItem(client: KubeClient, fabric: Fabric, item: ApplyTarget, opts: { dryRun: boolean; force: boolean }): Promise<ItemRun> {
  const after = item.after as HhObject | null;
  const k = kindOf(item, after);
  const { group, version } = splitApiVersion(k.apiVersion);
  const namespace = item.namespace || fabric.kubernetesNamespace;
  const base = { kind: k.kind, namespace, name: item.name, action: item.action };
  const dryRun = opts.dryRun ? "All" : undefined;
  const what = `${item.action === "delete" ? "delete" : "apply"} ${qualifiedResource(k)} ${namespace}/${item.name}`;
  try {
    if (item.action === "delete") {
      try {
        await client.call(what, () => client.custom.deleteNamespacedCustomObject({ group, version, namespace, plural: k.plural, name: item.name, dryRun }));
      } catch (e) {
        if (e instanceof KubeError && e.httpStatus === 404) return { result: { ...base, ok: true, outcome: "absent", message: "already absent from the cluster" }, deletedKey: resourceKey({ kind: k.kind, namespace, name: item.name }) };
        throw e;
      }
      return {
        result: { ...base, ok: true, outcome: "deleted", message: opts.dryRun ? "would be deleted" : "deleted" },
        deletedKey: resourceKey({ kind: k.kind, namespace, name: item.name }),
      };
    }
    if (!after) throw new DomainError("BAD_REQUEST", `change set item ${k.kind}/${item.name} has no desired object`);
    const body = applyBody(after, k, namespace);
    const res = await client.call(what, () =>
      client.custom.patchNamespacedCustomObjectWithHttpInfo(
        { group, version, namespace, plural: k.plural, name: item.name, body, dryRun, fieldManager: FIELD_MANAGER, force: opts.force || undefined },
        k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.ServerSideApply),
      ),
    );
    const obj = res.data as KubeListObject;
    const outcome: ApplyOutcome = res.httpStatusCode === 201 ? "created" : "configured";
    const verb = outcome === "created" ? "created" : "configured";
    return { result: { ...base, ok: true, outcome, message: opts.dryRun ? `would be ${verb}` : verb }, live: obj };
  } catch (e) {
    const err = e instanceof KubeError ? e : e instanceof DomainError ? null : toKubeError(e, client.target.server, what);
    if (!err) throw e;
    // The cluster being down is not a per-object result: stop and report it.
    if (err.unavailable || err.reason === "breaker-open" || err.reason === "unauthorized") throw err;
    return { result: failure(item, err) };
  }
}

async function loadPending(db: PrismaClient, fabricId: string, changeSetId?: string) {
  const set = await db.changeSet.findFirst({
    where: { fabricId, status: "pending", ...(changeSetId ? { id: changeSetId } : {}) },
    include: { items: { orderBy: [{ kind: "asc" }, { namespace: "asc" }, { name: "asc" }] } },
  });
  if (!set && changeSetId) {
    const exists = await db.changeSet.findFirst({ where: { id: changeSetId, fabricId }, select: { status: true } });
    if (!exists) throw notFound("Change set");
    throw new DomainError("CONFLICT", `the change set is ${exists.status}, not pending: only the pending change set can be applied`);
  }
  return set;
}

/**
 * Applies in dependency order: creates/updates in the registry's kind order (wiring, then VPC, then gateway kinds —
 * what an object references comes first), deletions last in reverse.
 */
function ordered(items: ChangeSetItem[]): ChangeSetItem[] {
  const rank = new Map(FABRIC_KINDS.map((k, i) => [k.kind, i]));
  const of = (i: ChangeSetItem) => rank.get(i.kind) ?? FABRIC_KINDS.length;
  const writes = items.filter((i) => i.action !== "delete").sort((a, b) => of(a) - of(b));
  const deletes = items.filter((i) => i.action === "delete").sort((a, b) => of(b) - of(a));
  return [...writes, ...deletes];
}

function summarize(changeSetId: string | null, dryRun: boolean, items: ApplyItemResult[], status: string, appliedChangeSetId: string | null = null): ApplyResult {
  const ok = items.filter((i) => i.ok).length;
  return { changeSetId, dryRun, ok: ok === items.length, status, appliedChangeSetId, counts: { total: items.length, ok, failed: items.length - ok }, items };
}

/** Server-side apply with dryRun=All of the whole pending change set: what the cluster would say; nothing changes. */
export async function previewApply(db: PrismaClient, fabricId: string, opts: { force?: boolean } = {}): Promise<ApplyResult> {
  const fabric = await db.fabric.findUnique({ where: { id: fabricId } });
  if (!fabric) throw notFound("Fabric");
  requireDirect(fabric);
  const set = await loadPending(db, fabricId);
  if (!set || set.items.length === 0) return summarize(set?.id ?? null, true, [], "pending");
  const results = await withFabricClient(db, fabricId, async (client) => {
    const out: ApplyItemResult[] = [];
    for (const item of ordered(set.items)) out.push((await applyItem(client, fabric, item, { dryRun: true, force: opts.force ?? false })).result);
    return out;
  });
  return summarize(set.id, true, results, "pending");
}

/**
 * Applies the pending change set for real. All applied: the set becomes `submitted` (mode direct). Some failed: the
 * applied items move to a new submitted change set, the failed ones stay pending with the reasons in `error`. Then
 * the live versions of the touched objects are stored and their states recomputed.
 */
export async function applyChangeSet(db: PrismaClient, fabricId: string, changeSetId: string, actor: Actor, opts: { force?: boolean } = {}): Promise<ApplyResult> {
  const fabric = await db.fabric.findUnique({ where: { id: fabricId } });
  if (!fabric) throw notFound("Fabric");
  requireDirect(fabric);
  const set = await loadPending(db, fabricId, changeSetId);
  if (!set || set.items.length === 0) throw new DomainError("CONFLICT", "the change set has no changes to apply");
  const runs: Array<{ item: ChangeSetItem; run: ItemRun }> = [];
  let aborted: KubeError | null = null;
  await withFabricClient(db, fabricId, async (client) => {
    for (const item of ordered(set.items)) {
      try {
        runs.push({ item, run: await applyItem(client, fabric, item, { dryRun: false, force: opts.force ?? false }) });
      } catch (e) {
        if (e instanceof KubeError) {
          aborted = e;
          break;
        }
        throw e;
      }
    }
  });
  const stopped = aborted as KubeError | null;
  const results = runs.map((r) => r.run.result);
  const appliedIds = runs.filter((r) => r.run.result.ok).map((r) => r.item.id);
  const failedText = [
    ...runs.filter((r) => !r.run.result.ok).map((r) => `${r.item.kind}/${r.item.namespace}/${r.item.name}: ${r.run.result.message}`),
    ...(stopped ? [`stopped: ${stopped.message}`] : []),
  ].join("; ");
  const now = new Date();
  const submitted = { status: "submitted" as const, mode: "direct" as const, submittedBy: actor.username, submittedAt: now };
  let status = "pending";
  let appliedChangeSetId: string | null = null;
  await db.$transaction(async (tx) => {
    if (appliedIds.length === set.items.length) {
      await tx.changeSet.update({ where: { id: set.id }, data: { ...submitted, error: null } });
      status = "submitted";
      appliedChangeSetId = set.id;
    } else if (appliedIds.length > 0) {
      const applied = await tx.changeSet.create({ data: { fabricId, ...submitted, message: set.message, createdBy: set.createdBy } });
      await tx.changeSetItem.updateMany({ where: { id: { in: appliedIds } }, data: { changeSetId: applied.id } });
      await tx.changeSet.update({ where: { id: set.id }, data: { error: failedText } });
      appliedChangeSetId = applied.id;
    } else {
      await tx.changeSet.update({ where: { id: set.id }, data: { error: failedText } });
    }
    await recordAudit(tx, actor, {
      action: "changeset.apply",
      objectType: "ChangeSet",
      objectId: set.id,
      fabricId,
      after: { force: opts.force ?? false, results, ...(stopped ? { stopped: stopped.message } : {}) } as unknown as Prisma.InputJsonValue,
    });
  });
  // Re-read: the apply responses are the objects as the cluster now holds them.
  const liveRows: VersionRow[] = [];
  const deleted = new Set<string>();
  for (const { item, run } of runs) {
    if (!run.result.ok) continue;
    if (run.live) liveRows.push(toLiveRow(kindOf(item, item.after as HhObject | null), run.live, fabric.kubernetesNamespace));
    if (run.deletedKey) deleted.add(run.deletedKey);
  }
  if (liveRows.length > 0 || deleted.size > 0) {
    await storeLive(db, fabricId, liveRows, { full: false, deletedKeys: deleted, actor: actor.username ?? undefined, jobId: set.id });
  }
  if (stopped && results.length === 0) throw stopped;
  return summarize(set.id, false, results, status, appliedChangeSetId);
}

/**
 * Restores objects to the given versions (self-heal: Git's version of drifted or missing objects). Server-side apply
 * cannot remove fields another manager added, so an existing object is replaced (spec and user metadata from the
 * given version, on the current resourceVersion); a missing one is created. What the cluster answers is stored as
 * the live version.
 */
export async function applyObjects(
  db: PrismaClient,
  fabricId: string,
  objects: readonly HhObject[],
  actor: Actor,
): Promise<Array<{ kind: string; name: string; ok: boolean; error?: string }>> {
  const fabric = await db.fabric.findUnique({ where: { id: fabricId } });
  if (!fabric) throw notFound("Fabric");
  requireDirect(fabric);
  const results: Array<{ kind: string; name: string; ok: boolean; error?: string }> = [];
  const liveRows: VersionRow[] = [];
  await withFabricClient(db, fabricId, async (client) => {
    for (const obj of objects) {
      const k = kindOf({ kind: obj.kind }, obj);
      const { group, version } = splitApiVersion(k.apiVersion);
      const namespace = obj.metadata.namespace ?? fabric.kubernetesNamespace;
      const name = obj.metadata.name;
      const ref = { group, version, namespace, plural: k.plural, name };
      const what = `restore ${qualifiedResource(k)} ${namespace}/${name}`;
      try {
        let current: KubeListObject | null = null;
        try {
          current = (await client.call(what, () => client.custom.getNamespacedCustomObject(ref))) as KubeListObject;
        } catch (e) {
          if (!(e instanceof KubeError && e.httpStatus === 404)) throw e;
        }
        const body = applyBody(obj, k, namespace) as Record<string, unknown> & { metadata: Record<string, unknown> };
        const saved = current
          ? await client.call(what, () =>
              client.custom.replaceNamespacedCustomObject({
                ...ref,
                body: { ...body, metadata: { ...body.metadata, resourceVersion: current!.metadata?.resourceVersion }, status: current!.status },
                fieldManager: FIELD_MANAGER,
              }),
            )
          : await client.call(what, () => client.custom.createNamespacedCustomObject({ group, version, namespace, plural: k.plural, body, fieldManager: FIELD_MANAGER }));
        liveRows.push(toLiveRow(k, saved as KubeListObject, fabric.kubernetesNamespace));
        results.push({ kind: k.kind, name, ok: true });
      } catch (e) {
        const err = e instanceof KubeError ? e : toKubeError(e, client.target.server, what);
        if (err.unavailable || err.reason === "breaker-open" || err.reason === "unauthorized") throw err;
        results.push({ kind: k.kind, name, ok: false, error: err.message });
      }
    }
  });
  if (liveRows.length) await storeLive(db, fabricId, liveRows, { full: false, actor: actor.username ?? undefined, jobId: "self-heal" });
  return results;
}
