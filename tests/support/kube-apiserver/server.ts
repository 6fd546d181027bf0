/**
 * A Kubernetes API server for tests, good enough that the unmodified `@kubernetes/client-node` cannot tell it from a
 * real one for what HFM does: TLS with its own CA, bearer tokens with per-token RBAC-like rules, discovery, list
 * (selectors, pagination, resourceVersion), watch (resume, bookmarks, 410), get/create/replace/merge patch/JSON
 * patch/server-side apply (managedFields, conflicts, force)/delete (finalizers), dry-run, fieldValidation, CRD schema
 * pruning and validation, the Hedgehog defaulting webhook (lib/hedgehog/defaults.ts), SelfSubjectAccessReview, and
 * fault injection. node:https only.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { parse as parseYaml } from "yaml";
import { applyDefaults } from "@/lib/hedgehog/defaults";
import type { HhObject } from "@/lib/hedgehog/types";
import {
  applyConfig,
  ApplyConflictError,
  conflictMessage,
  pruneManagedFields,
  updateManagedFields,
  type FieldScope,
  type ManagedFieldsEntry,
  type Who,
} from "./fields";
import { pruneAndDefault, validateMeta, validateSchema } from "./openapi";
import { jsonPatch, mergePatch } from "./patch";
import {
  BUILTIN_RESOURCES,
  bundledCrds,
  CRDS,
  crdObject,
  crdResource,
  isRecord,
  loadCrdsDir,
  NAMESPACES,
  ResourceRegistry,
  type CrdSource,
  type ResourceDef,
} from "./resources";
import { selectorMatcher, type Matcher } from "./selectors";
import {
  alreadyExists,
  badRequest,
  conflict,
  expired,
  faultStatus,
  internal,
  invalid,
  notFound,
  qualified,
  resourceNotFound,
  STALE,
  status,
  StatusError,
  unauthorized,
  type StatusCause,
} from "./status";
import { objKey, Store, type KubeObject, type StoredEvent } from "./store";
import { testTls, type TlsMaterial } from "./tls";

type Obj = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------------------
// Public types

/** One RBAC-like rule. Omitted lists and "*" match everything. */
export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  /** Plurals, or `plural/subresource`. */
  resources?: string[];
  namespaces?: string[];
  resourceNames?: string[];
}

export interface TokenPolicy {
  /** Username in messages and reviews (default: `admin` for the default token, else the token's key). */
  user?: string;
  groups?: string[];
  /** What the token may do; omitted = everything (cluster-admin). */
  rules?: PolicyRule[];
  /** Exceptions to `rules` (e.g. `{ verbs: ["list"], resources: ["vpcs"] }`). */
  deny?: PolicyRule[];
  /** An expired token gets 401 like an unknown one. */
  expired?: boolean;
}

export interface KubeApiServerOptions {
  /** 0 (default) = a free port. Always on 127.0.0.1. */
  port?: number;
  /** Extra tokens; the default admin token (`handle.token`) is always present. */
  tokens?: Record<string, TokenPolicy>;
  /** The default admin token's value (default `hfm-test-admin-token`). */
  adminToken?: string;
  /**
   * Where the CRDs come from: omitted = the Hedgehog CRDs bundled in lib/hedgehog/crd-schemas.json (with the fabric
   * v0.129.1 overlay); a directory of CRD YAML files; or `false` = no Hedgehog CRDs ("not a Hedgehog cluster").
   */
  crdsDir?: string | false;
  /** Only load the CRDs of these groups (e.g. without `gateway.githedgehog.com`). */
  crdGroups?: string[];
  /** Objects present at start (written through the normal pipeline: defaulting, server fields). */
  objects?: object[];
  /** Run the Hedgehog defaulting webhook (applyDefaults) on every write (default true). */
  defaulting?: boolean;
  /** Watch events kept for resuming watches and continuing lists (default 10,000). */
  historyLimit?: number;
  /** How often watches with allowWatchBookmarks get a BOOKMARK (default 1,000 ms). */
  bookmarkIntervalMs?: number;
  /** Reuse TLS material (dev cluster); default: a CA generated once per process. */
  tls?: TlsMaterial;
  /** Fields of /version to override. */
  version?: Partial<VersionInfo>;
  /** Namespaces present at start (default: default, kube-system, kube-public, kube-node-lease, fab). */
  namespaces?: string[];
}

export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Kube verb (get, list, watch, create, update, patch, delete, deletecollection) for resource requests. */
  verb?: string;
  user?: string;
  /** Response status (0 while a watch is streaming or when the socket was dropped). */
  status: number;
  fault?: "fail" | "drop";
  time: number;
}

export interface FaultMatch {
  method?: string;
  /** Exact path or a pattern tested against the path. */
  path?: string | RegExp;
}

export interface Faults {
  /** The next `n` matching requests get `status` (503 ServiceUnavailable, 429 TooManyRequests + Retry-After, 500, 504). */
  failNext(n: number, status?: number, opts?: { retryAfterSeconds?: number; match?: FaultMatch }): void;
  /** Every request waits `ms` first (0 = off); with `count`, only the next `count` requests. */
  delay(ms: number, count?: number): void;
  /** The next `n` matching requests have their socket destroyed without a response. */
  dropNext(n: number, opts?: { match?: FaultMatch }): void;
  /** The token gets 401 from now on. */
  expireToken(token: string): void;
  /** Clears every pending fault. */
  reset(): void;
}

/** Direct access to the stored objects (kinds by Kind, plural or short name, e.g. `VPC`, `vpcs`). */
export interface StoreHandle {
  /** The current resourceVersion (global counter). */
  readonly resourceVersion: string;
  /** The resourceVersion below which watches and continue tokens get 410. */
  readonly oldestResourceVersion: string;
  readonly historySize: number;
  get(kind: string, name: string, namespace?: string): KubeObject | undefined;
  list(kind: string, namespace?: string): KubeObject[];
  /** Creates or replaces an object as the server would (defaulting, validation, server fields, watch event). */
  put(obj: object): KubeObject;
  delete(kind: string, name: string, namespace?: string): boolean;
  /** Forgets the event history up to `resourceVersion` (default: everything so far). */
  compact(resourceVersion?: string | number): void;
  setHistoryLimit(n: number): void;
}

export interface KubeConfigOptions {
  clusters: Array<{ name: string; server: string; caData: string; skipTLSVerify: boolean }>;
  users: Array<{ name: string; token: string }>;
  contexts: Array<{ name: string; cluster: string; user: string; namespace: string }>;
  currentContext: string;
}

export interface KubeApiServer {
  url: string;
  port: number;
  caPem: string;
  /** The admin token. */
  token: string;
  store: StoreHandle;
  faults: Faults;
  requests: RequestLogEntry[];
  clearRequests(): void;
  /** Adds or changes a token at runtime. */
  setToken(token: string, policy: TokenPolicy): void;
  /** Options for `KubeConfig.loadFromOptions` (admin token unless given). */
  kubeConfig(token?: string): KubeConfigOptions;
  /** The same as a kubeconfig YAML document. */
  kubeConfigYaml(token?: string): string;
  /** Sends a BOOKMARK to every watch that asked for bookmarks. */
  bookmarkNow(): void;
  /** Ends every open watch from the server side. */
  closeWatches(): void;
  readonly openWatches: number;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------

const DEFAULT_ADMIN_TOKEN = "hfm-test-admin-token";
const MAX_BODY = 3 * 1024 * 1024;
const HEDGEHOG_DEFAULTED_GROUPS = new Set(["vpc.githedgehog.com", "wiring.githedgehog.com", "gateway.githedgehog.com"]);

const DEFAULT_VERSION: VersionInfo = {
  major: "1",
  minor: "33",
  gitVersion: "v1.33.5+k3s1",
  gitCommit: "ee7e3cd3c9b4d4e1b7b6b4e4f2d2f5b3c1a0e9d8",
  gitTreeState: "clean",
  buildDate: "2026-09-10T10:00:00Z",
  goVersion: "go1.24.6",
  compiler: "gc",
  platform: "linux/amd64",
};

interface User {
  name: string;
  groups: string[];
  policy?: TokenPolicy;
  anonymous: boolean;
}

interface Attrs {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

function matchList(list: string[] | undefined, v: string): boolean {
  return list === undefined || list.includes("*") || list.includes(v);
}

function ruleMatches(r: PolicyRule, a: Attrs): boolean {
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  return (
    matchList(r.verbs, a.verb) &&
    matchList(r.apiGroups, a.group) &&
    (matchList(r.resources, res) || (r.resources !== undefined && r.resources.includes(`${a.resource}/*`))) &&
    (r.namespaces === undefined || (a.namespace !== undefined && matchList(r.namespaces, a.namespace))) &&
    (r.resourceNames === undefined || (a.name !== undefined && matchList(r.resourceNames, a.name)))
  );
}

function allowed(user: User, a: Attrs): boolean {
  if (user.anonymous) return false;
  const p = user.policy ?? {};
  const ok = p.rules === undefined || p.rules.some((r) => ruleMatches(r, a));
  return ok && !(p.deny ?? []).some((r) => ruleMatches(r, a));
}

function forbidden(user: User, a: Attrs): StatusError {
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const target = a.name ? `${qualified(a.resource, a.group)} "${a.name}"` : qualified(a.resource, a.group);
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : "at the cluster scope";
  const message = `${target} is forbidden: User "${user.name}" cannot ${a.verb} resource "${res}" in API group "${a.group}" ${scope}`;
  return new StatusError(status(403, "Forbidden", message, { ...(a.name ? { name: a.name } : {}), group: a.group, kind: a.resource }));
}

function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}

function sortKeysDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeysDeep);
  if (!isRecord(v)) return v;
  const out: Obj = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeysDeep(v[k]);
  return out;
}

function stripVolatile(o: Obj): string {
  const md = isRecord(o.metadata) ? { ...o.metadata } : {};
  delete md.resourceVersion;
  if (Array.isArray(md.managedFields)) {
    md.managedFields = (md.managedFields as ManagedFieldsEntry[]).map((e) => {
      const copy: Partial<ManagedFieldsEntry> = { ...e };
      delete copy.time;
      return copy;
    });
  }
  return JSON.stringify(sortKeysDeep({ ...o, metadata: md }));
}

function specPart(o: Obj): string {
  const { metadata, status: st, ...rest } = o;
  void metadata;
  void st;
  return JSON.stringify(sortKeysDeep(rest));
}

function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv, start })).toString("base64");
}

function decodeContinue(token: string): { rv: number; start: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
    if (isRecord(v) && v.v === "meta.k8s.io/v1" && typeof v.rv === "number" && typeof v.start === "string") return { rv: v.rv, start: v.start };
  } catch {
    // fall through
  }
  throw badRequest(`continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)`);
}

const EXPIRED_CONTINUE =
  "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

interface ActiveWatch {
  bookmarks: boolean;
  bookmark(): void;
  end(): void;
}

interface Query {
  [k: string]: string | undefined;
}

// ---------------------------------------------------------------------------------------------------------------

export async function startKubeApiServer(opts: KubeApiServerOptions = {}): Promise<KubeApiServer> {
  const tls = opts.tls ?? (await testTls());
  const adminToken = opts.adminToken ?? DEFAULT_ADMIN_TOKEN;
  const tokens = new Map<string, TokenPolicy>();
  tokens.set(adminToken, { user: "admin", groups: ["system:masters"] });
  for (const [t, p] of Object.entries(opts.tokens ?? {})) tokens.set(t, { ...p });
  const defaulting = opts.defaulting ?? true;
  const bookmarkIntervalMs = opts.bookmarkIntervalMs ?? 1000;
  const versionInfo: VersionInfo = { ...DEFAULT_VERSION, ...opts.version };

  let crds: CrdSource[] = [];
  if (opts.crdsDir === undefined) crds = bundledCrds(opts.crdGroups);
  else if (opts.crdsDir !== false) crds = await loadCrdsDir(opts.crdsDir, opts.crdGroups);
  const bundled = opts.crdsDir === undefined;
  const registry = new ResourceRegistry([...BUILTIN_RESOURCES, ...crds.flatMap((c) => crdResource(c, bundled))]);
  const store = new Store(1000, opts.historyLimit ?? 10_000);
  const resKey = (d: ResourceDef): string => `${d.group}/${d.plural}`;

  const requests: RequestLogEntry[] = [];
  const watches = new Set<ActiveWatch>();
  const sockets = new Set<Socket>();

  // ---- faults ----
  interface PendingFault {
    kind: "fail" | "drop";
    left: number;
    code: number;
    retryAfterSeconds: number;
    match?: FaultMatch;
  }
  let pending: PendingFault[] = [];
  let delayMs = 0;
  let delayLeft = Infinity;
  const faults: Faults = {
    failNext(n, code = 503, o = {}) {
      pending.push({ kind: "fail", left: n, code, retryAfterSeconds: o.retryAfterSeconds ?? 1, match: o.match });
    },
    delay(ms, count) {
      delayMs = ms;
      delayLeft = count ?? Infinity;
    },
    dropNext(n, o = {}) {
      pending.push({ kind: "drop", left: n, code: 0, retryAfterSeconds: 0, match: o.match });
    },
    expireToken(token) {
      const p = tokens.get(token);
      if (p) p.expired = true;
      else tokens.set(token, { expired: true });
    },
    reset() {
      pending = [];
      delayMs = 0;
      delayLeft = Infinity;
    },
  };
  const faultMatches = (m: FaultMatch | undefined, method: string, path: string): boolean => {
    if (!m) return true;
    if (m.method && m.method.toUpperCase() !== method) return false;
    if (m.path instanceof RegExp) return m.path.test(path);
    if (typeof m.path === "string") return m.path === path;
    return true;
  };

  // ---- the write pipeline ----

  interface WriteArgs {
    def: ResourceDef;
    namespace?: string;
    name: string;
    live?: KubeObject;
    next: Obj;
    query: Query;
    who: Who;
    scope: FieldScope;
    /** Apply computes managedFields itself. */
    managedFields?: ManagedFieldsEntry[];
    warnings: string[];
  }

  const isDryRun = (q: Query): boolean => {
    if (q.dryRun === undefined) return false;
    if (q.dryRun !== "All") throw badRequest(`dryRun: Unsupported value: ${JSON.stringify(q.dryRun)}: supported values: "All"`);
    return true;
  };

  function decode(def: ResourceDef, obj: Obj, q: Query, warnings: string[]): void {
    if (!def.custom) return;
    const unknown = pruneAndDefault(obj, def.schema);
    if (unknown.length === 0) return;
    const mode = q.fieldValidation ?? "Warn";
    if (mode === "Strict") {
      const list = unknown.map((u) => `unknown field "${u}"`).join(", ");
      throw badRequest(`${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: strict decoding error: ${list}`);
    }
    if (mode === "Warn") for (const u of unknown) warnings.push(`unknown field "${u}"`);
  }

  function admit(def: ResourceDef, obj: Obj): Obj {
    if (!defaulting || !def.custom || !HEDGEHOG_DEFAULTED_GROUPS.has(def.group)) return obj;
    return applyDefaults(obj as unknown as HhObject, undefined) as unknown as Obj;
  }

  function namespaceExists(ns: string): boolean {
    return store.get(resKey(NAMESPACES), objKey("", ns)) !== undefined;
  }

  function write(a: WriteArgs): { object: KubeObject; created: boolean } {
    const { def, live } = a;
    const dryRun = isDryRun(a.query);
    let next: Obj = a.next;
    next.apiVersion = def.apiVersion;
    next.kind = def.kind;
    const md: Obj = isRecord(next.metadata) ? { ...next.metadata } : {};
    md.name = a.name;
    if (def.namespaced) md.namespace = a.namespace;
    else delete md.namespace;
    delete md.resourceVersion;
    delete md.selfLink;
    if (live) {
      const lmd = live.metadata;
      for (const k of ["uid", "creationTimestamp", "generation", "deletionTimestamp", "deletionGracePeriodSeconds"]) {
        if (lmd[k] === undefined) delete md[k];
        else md[k] = lmd[k];
      }
      if (a.scope === "status") next = { ...structuredClone(live), status: next.status, metadata: { ...structuredClone(lmd) } };
    } else {
      md.uid = randomUUID();
      md.creationTimestamp = now();
      delete md.deletionTimestamp;
      delete md.deletionGracePeriodSeconds;
      delete md.generation;
    }
    if (a.scope !== "status") next.metadata = md;
    // The status of a resource with a status subresource only changes through /status.
    if (a.scope === "main") {
      if (live) {
        if (live.status === undefined) delete next.status;
        else next.status = structuredClone(live.status);
      } else if (def.custom) next.status = {};
    } else if (!live && def.custom && next.status === undefined) next.status = {};

    decode(def, next, a.query, a.warnings);
    next = admit(def, next);
    if (def === NAMESPACES) {
      const nmd = next.metadata as Obj;
      nmd.labels = { ...(isRecord(nmd.labels) ? nmd.labels : {}), "kubernetes.io/metadata.name": a.name };
      if (!live) {
        next.spec = { finalizers: ["kubernetes"] };
        next.status = { phase: "Active" };
      }
    }
    const causes: StatusCause[] = [...validateMeta(next, def.namespaced, def === NAMESPACES), ...validateSchema(next, def.schema)];
    if (causes.length > 0) throw invalid(def.kind, def.group, a.name, causes);

    const nmd = next.metadata as Obj;
    const prevManaged = live && Array.isArray(live.metadata.managedFields) ? (live.metadata.managedFields as ManagedFieldsEntry[]) : [];
    nmd.managedFields = a.managedFields
      ? pruneManagedFields(a.managedFields, next)
      : updateManagedFields(prevManaged, live, next, a.who, a.scope);
    if (Array.isArray(nmd.managedFields) && nmd.managedFields.length === 0) delete nmd.managedFields;
    if (def.custom) {
      if (!live) nmd.generation = 1;
      else {
        const gen = typeof live.metadata.generation === "number" ? live.metadata.generation : 1;
        nmd.generation = specPart(live) === specPart(next) ? gen : gen + 1;
      }
    }
    const shaped = (def.custom ? sortKeysDeep(next) : next) as KubeObject;
    if (live && stripVolatile(live) === stripVolatile(shaped)) return { object: live, created: false };
    if (dryRun) {
      const out = structuredClone(shaped);
      if (live) out.metadata.resourceVersion = live.metadata.resourceVersion;
      return { object: out, created: !live };
    }
    const key = objKey(a.namespace, a.name);
    const fin = shaped.metadata.finalizers;
    if (live && shaped.metadata.deletionTimestamp !== undefined && (!Array.isArray(fin) || fin.length === 0)) {
      return { object: store.commit(resKey(def), "DELETED", key, shaped).object, created: false };
    }
    return { object: store.commit(resKey(def), live ? "MODIFIED" : "ADDED", key, shaped).object, created: !live };
  }

  function managerOf(q: Query, req: IncomingMessage | undefined): string {
    if (q.fieldManager) return q.fieldManager;
    const ua = req?.headers["user-agent"];
    return (typeof ua === "string" && ua !== "" ? ua.split("/")[0] : "unknown").slice(0, 128);
  }

  function who(def: ResourceDef, manager: string, subresource?: string): Who {
    return { manager, apiVersion: def.apiVersion, time: now(), ...(subresource ? { subresource } : {}) };
  }

  function scopeOf(def: ResourceDef, subresource?: string): FieldScope {
    if (subresource === "status") return "status";
    return def.statusSubresource ? "main" : "main+status";
  }

  function checkBodyIdentity(def: ResourceDef, body: Obj, namespace: string | undefined, urlName?: string): void {
    if (body.apiVersion !== undefined && body.apiVersion !== def.apiVersion) {
      throw badRequest(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${def.apiVersion})`);
    }
    if (body.kind !== undefined && body.kind !== def.kind) {
      throw badRequest(`the kind in the data (${String(body.kind)}) does not match the expected kind (${def.kind})`);
    }
    const md = isRecord(body.metadata) ? body.metadata : {};
    if (def.namespaced && typeof md.namespace === "string" && md.namespace !== "" && md.namespace !== namespace) {
      throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
    if (urlName !== undefined && typeof md.name === "string" && md.name !== "" && md.name !== urlName) {
      throw badRequest(`the name of the object (${md.name}) does not match the name on the URL (${urlName})`);
    }
  }

  function requireNamespace(def: ResourceDef, namespace: string | undefined): void {
    if (def.namespaced && namespace !== undefined && !namespaceExists(namespace)) throw notFound("namespaces", "", namespace);
  }

  function create(def: ResourceDef, namespace: string | undefined, body: Obj, q: Query, req: IncomingMessage | undefined, warnings: string[]): KubeObject {
    checkBodyIdentity(def, body, namespace);
    const md = isRecord(body.metadata) ? body.metadata : {};
    let name = typeof md.name === "string" ? md.name : "";
    if (name === "" && typeof md.generateName === "string" && md.generateName !== "") {
      name = md.generateName + randomUUID().replace(/-/g, "").slice(0, 5);
    }
    if (name === "") {
      throw invalid(def.kind, def.group, "", [{ reason: "FieldValueRequired", message: "Required value: name or generateName is required", field: "metadata.name" }]);
    }
    if (md.resourceVersion !== undefined && md.resourceVersion !== "") throw internal("resourceVersion should not be set on objects to be created");
    requireNamespace(def, namespace);
    if (store.get(resKey(def), objKey(namespace, name))) throw alreadyExists(def.plural, def.group, name);
    return write({
      def,
      namespace,
      name,
      next: structuredClone(body),
      query: q,
      who: who(def, managerOf(q, req)),
      scope: scopeOf(def),
      warnings,
    }).object;
  }

  function getLive(def: ResourceDef, namespace: string | undefined, name: string): KubeObject {
    const live = store.get(resKey(def), objKey(namespace, name));
    if (!live) throw notFound(def.plural, def.group, name);
    return live;
  }

  function update(def: ResourceDef, namespace: string | undefined, name: string, sub: string | undefined, body: Obj, q: Query, req: IncomingMessage | undefined, warnings: string[]): KubeObject {
    checkBodyIdentity(def, body, namespace, name);
    const md = isRecord(body.metadata) ? body.metadata : {};
    const rv = typeof md.resourceVersion === "string" ? md.resourceVersion : "";
    const live = getLive(def, namespace, name);
    if (rv === "" && def.custom) {
      throw invalid(def.kind, def.group, name, [{ reason: "FieldValueInvalid", message: "Invalid value: 0x0: must be specified for an update", field: "metadata.resourceVersion" }]);
    }
    if (rv !== "" && rv !== live.metadata.resourceVersion) throw conflict(def.plural, def.group, name, STALE);
    return write({
      def,
      namespace,
      name,
      live,
      next: structuredClone(body),
      query: q,
      who: who(def, managerOf(q, req), sub),
      scope: scopeOf(def, sub),
      warnings,
    }).object;
  }

  function patch(
    def: ResourceDef,
    namespace: string | undefined,
    name: string,
    sub: string | undefined,
    contentType: string,
    raw: string,
    q: Query,
    req: IncomingMessage | undefined,
    warnings: string[],
  ): { object: KubeObject; created: boolean } {
    const ct = contentType.split(";")[0].trim().toLowerCase();
    const patchOptionsInvalid = (field: string, reason: string, message: string): StatusError =>
      invalid("PatchOptions", "meta.k8s.io", "", [{ reason, message, field }]);
    if (ct === "application/apply-patch+yaml" || ct === "application/apply-patch+cbor") {
      if (!q.fieldManager) throw patchOptionsInvalid("fieldManager", "FieldValueRequired", "Required value: is required for apply patch");
      let config: unknown;
      try {
        config = JSON.parse(raw);
      } catch {
        try {
          config = parseYaml(raw);
        } catch (e) {
          throw badRequest(`error decoding YAML: ${(e as Error).message}`);
        }
      }
      if (!isRecord(config)) throw badRequest("error decoding patch: the body must be an object");
      if (config.apiVersion === undefined || config.kind === undefined) {
        throw badRequest(`invalid object type: ${String(config.apiVersion ?? "")}, Kind=${String(config.kind ?? "")}`);
      }
      checkBodyIdentity(def, config, namespace, name);
      const cmd = isRecord(config.metadata) ? config.metadata : {};
      const live = store.get(resKey(def), objKey(namespace, name));
      if (typeof cmd.resourceVersion === "string" && cmd.resourceVersion !== "" && live && cmd.resourceVersion !== live.metadata.resourceVersion) {
        throw conflict(def.plural, def.group, name, STALE);
      }
      if (!live) {
        if (sub) throw notFound(def.plural, def.group, name);
        requireNamespace(def, namespace);
      }
      const cfg = structuredClone(config);
      if (isRecord(cfg.metadata)) {
        delete cfg.metadata.resourceVersion;
        delete cfg.metadata.managedFields;
      }
      decode(def, cfg, q, warnings);
      const scope = scopeOf(def, sub);
      const w = who(def, q.fieldManager, sub);
      let applied: { object: Obj; managedFields: ManagedFieldsEntry[] };
      try {
        applied = applyConfig(live, cfg, w, q.force === "true", scope);
      } catch (e) {
        if (!(e instanceof ApplyConflictError)) throw e;
        const causes = e.conflicts.map((c) => ({ reason: "FieldManagerConflict", message: `conflict with ${c.printed}`, field: c.path }));
        throw new StatusError(status(409, "Conflict", conflictMessage(e.conflicts), { causes }));
      }
      return write({
        def,
        namespace,
        name,
        live,
        next: applied.object,
        query: q,
        who: w,
        scope,
        managedFields: applied.managedFields,
        warnings,
      });
    }
    if (q.force !== undefined) throw patchOptionsInvalid("force", "FieldValueForbidden", "Forbidden: may not be specified for non-apply patch");
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch (e) {
      throw badRequest(`error decoding patch: ${(e as Error).message}`);
    }
    const live = getLive(def, namespace, name);
    let next: unknown;
    if (ct === "application/merge-patch+json") {
      if (!isRecord(body)) throw badRequest("error decoding patch: the body must be an object");
      const pmd = isRecord(body.metadata) ? body.metadata : {};
      if (typeof pmd.resourceVersion === "string" && pmd.resourceVersion !== live.metadata.resourceVersion) {
        throw conflict(def.plural, def.group, name, STALE);
      }
      next = mergePatch(live, body);
    } else if (ct === "application/json-patch+json") {
      next = jsonPatch(live, body);
      const nmd = isRecord(next) && isRecord(next.metadata) ? next.metadata : {};
      if (nmd.resourceVersion !== live.metadata.resourceVersion) throw conflict(def.plural, def.group, name, STALE);
    } else if (ct === "application/strategic-merge-patch+json" && !def.custom) {
      next = mergePatch(live, body);
    } else {
      throw new StatusError(
        status(
          415,
          "UnsupportedMediaType",
          `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
        ),
      );
    }
    if (!isRecord(next)) throw badRequest("the patched object is not an object");
    checkBodyIdentity(def, next, namespace, name);
    return write({
      def,
      namespace,
      name,
      live,
      next,
      query: q,
      who: who(def, managerOf(q, req), sub),
      scope: scopeOf(def, sub),
      warnings,
    });
  }

  function remove(def: ResourceDef, namespace: string | undefined, name: string, body: Obj, q: Query): KubeObject {
    const live = getLive(def, namespace, name);
    const pre = isRecord(body.preconditions) ? body.preconditions : {};
    if (typeof pre.resourceVersion === "string" && pre.resourceVersion !== live.metadata.resourceVersion) {
      throw conflict(def.plural, def.group, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${String(live.metadata.resourceVersion)}`);
    }
    if (typeof pre.uid === "string" && pre.uid !== live.metadata.uid) {
      throw conflict(def.plural, def.group, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${String(live.metadata.uid)}`);
    }
    const dryRun = isDryRun(q) || (Array.isArray(body.dryRun) && body.dryRun.includes("All"));
    const fin = live.metadata.finalizers;
    const key = objKey(namespace, name);
    if (Array.isArray(fin) && fin.length > 0) {
      if (live.metadata.deletionTimestamp !== undefined || dryRun) return live;
      const marked = structuredClone(live);
      marked.metadata.deletionTimestamp = now();
      marked.metadata.deletionGracePeriodSeconds = 0;
      return store.commit(resKey(def), "MODIFIED", key, marked).object;
    }
    if (dryRun) return live;
    if (def === NAMESPACES) {
      for (const d of registry.all) {
        if (!d.namespaced) continue;
        for (const o of store.list(resKey(d), name)) store.commit(resKey(d), "DELETED", objKey(name, String(o.metadata.name)), o);
      }
    }
    return store.commit(resKey(def), "DELETED", key, live).object;
  }

  // ---- seeding ----
  for (const ns of opts.namespaces ?? ["default", "kube-system", "kube-public", "kube-node-lease", "fab"]) {
    write({ def: NAMESPACES, name: ns, next: { metadata: { name: ns } }, query: {}, who: who(NAMESPACES, "k3s"), scope: "main", warnings: [] });
  }
  for (const c of crds) {
    const o = crdObject(c);
    write({ def: CRDS, name: c.name, next: o, query: {}, who: who(CRDS, "k3s"), scope: "main", warnings: [] });
  }

  function defOfObject(obj: Obj): ResourceDef {
    const def = registry.byKind(String(obj.apiVersion), String(obj.kind));
    if (!def) throw new Error(`kube-apiserver: no resource serves ${String(obj.apiVersion)} ${String(obj.kind)}`);
    return def;
  }

  function putObject(input: object): KubeObject {
    const obj = structuredClone(input) as Obj;
    const def = defOfObject(obj);
    const md = isRecord(obj.metadata) ? obj.metadata : {};
    const namespace = def.namespaced ? (typeof md.namespace === "string" && md.namespace !== "" ? md.namespace : "default") : undefined;
    const name = String(md.name ?? "");
    if (namespace !== undefined && !namespaceExists(namespace)) {
      write({ def: NAMESPACES, name: namespace, next: { metadata: { name: namespace } }, query: {}, who: who(NAMESPACES, "k3s"), scope: "main", warnings: [] });
    }
    const live = store.get(resKey(def), objKey(namespace, name));
    if (isRecord(obj.metadata)) delete obj.metadata.resourceVersion;
    return write({
      def,
      namespace,
      name,
      live,
      next: obj,
      query: {},
      who: who(def, "hfm-test-seed"),
      scope: "main+status",
      warnings: [],
    }).object;
  }

  for (const o of opts.objects ?? []) putObject(o);

  function kindDef(kind: string): ResourceDef {
    const l = kind.toLowerCase();
    const def = registry.all.find((d) => d.kind.toLowerCase() === l || d.plural === l || d.singular === l || d.shortNames.includes(l));
    if (!def) throw new Error(`kube-apiserver: unknown kind ${kind}`);
    return def;
  }

  // ---- HTTP ----

  const send = (res: ServerResponse, code: number, body: unknown, headers: Record<string, string | string[]> = {}): void => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(code, {
      "Content-Type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json",
      "Cache-Control": "no-cache, private",
      "Audit-Id": randomUUID(),
      "Content-Length": Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  };

  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) {
          reject(new StatusError(status(413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728")));
          req.destroy();
          return;
        }
        chunks.push(c);
      });
      req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      req.on("error", reject);
    });

  const parseJsonBody = (raw: string): Obj => {
    if (raw.trim() === "") return {};
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch (e) {
      throw badRequest(`Object 'Kind' is missing in '${raw.slice(0, 200)}': ${(e as Error).message}`);
    }
    if (!isRecord(v)) throw badRequest("the body of the request must be a JSON object");
    return v;
  };

  function authenticate(req: IncomingMessage): User {
    const h = req.headers.authorization;
    if (h === undefined || h === "") return { name: "system:anonymous", groups: ["system:unauthenticated"], anonymous: true };
    const m = /^Bearer\s+(.+)$/i.exec(h);
    if (!m) throw unauthorized();
    const token = m[1].trim();
    const p = tokens.get(token);
    if (!p || p.expired) throw unauthorized();
    return { name: p.user ?? (token === adminToken ? "admin" : token), groups: [...(p.groups ?? []), "system:authenticated"], policy: p, anonymous: false };
  }

  function discoveryResources(group: string, version: string): Obj {
    const resources: Obj[] = [];
    for (const d of registry.inGroupVersion(group, version)) {
      resources.push({
        name: d.plural,
        singularName: d.singular,
        namespaced: d.namespaced,
        kind: d.kind,
        verbs: d.verbs,
        ...(d.shortNames.length > 0 ? { shortNames: d.shortNames } : {}),
        ...(d.categories.length > 0 ? { categories: d.categories } : {}),
        ...(d.review ? {} : { storageVersionHash: Buffer.from(`${d.group}/${d.plural}`).toString("base64").slice(0, 11) }),
      });
      if (d.statusSubresource) {
        resources.push({ name: `${d.plural}/status`, singularName: "", namespaced: d.namespaced, kind: d.kind, verbs: ["get", "patch", "update"] });
      }
    }
    return { kind: "APIResourceList", apiVersion: "v1", groupVersion: group === "" ? version : `${group}/${version}`, resources };
  }

  function apiGroup(name: string, versions: string[]): Obj {
    const vs = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
    return { name, versions: vs, preferredVersion: vs[0] };
  }

  function listObjects(def: ResourceDef, namespace: string | undefined, q: Query, matcher: Matcher): Obj {
    const res = resKey(def);
    let items: KubeObject[] | undefined;
    let rv = store.rv;
    let start = "";
    if (q.continue) {
      const c = decodeContinue(q.continue);
      items = store.listAt(res, namespace, c.rv);
      if (!items) throw expired(EXPIRED_CONTINUE);
      rv = c.rv;
      start = c.start;
    } else if (q.resourceVersion && q.resourceVersion !== "0" && q.resourceVersionMatch === "Exact") {
      const want = Number(q.resourceVersion);
      if (!Number.isInteger(want)) throw badRequest(`invalid resource version: ${q.resourceVersion}`);
      items = store.listAt(res, namespace, want);
      if (!items) throw expired(`too old resource version: ${want} (${store.oldestRv})`);
      rv = want;
    } else {
      if (q.resourceVersion && q.resourceVersion !== "0") {
        const want = Number(q.resourceVersion);
        if (!Number.isInteger(want)) throw badRequest(`invalid resource version: ${q.resourceVersion}`);
        if (want > store.rv) {
          throw new StatusError(status(504, "Timeout", `Too large resource version: ${want}, current: ${store.rv}`, { causes: [{ reason: "ResourceVersionTooLarge", message: "Too large resource version" }], retryAfterSeconds: 1 }));
        }
      }
      items = store.list(res, namespace);
    }
    const limit = q.limit ? Number(q.limit) : 0;
    const out: KubeObject[] = [];
    let lastKey = "";
    let remaining = 0;
    let more = false;
    for (const o of items) {
      const key = objKey(def.namespaced ? String(o.metadata.namespace) : undefined, String(o.metadata.name));
      if (start !== "" && key < start) continue;
      if (!matcher(o)) continue;
      if (limit > 0 && out.length >= limit) {
        more = true;
        remaining++;
        continue;
      }
      out.push(o);
      lastKey = key;
    }
    const metadata: Obj = { resourceVersion: String(rv) };
    if (more) {
      metadata.continue = encodeContinue(rv, lastKey + "\u0000");
      if (!q.labelSelector && !q.fieldSelector) metadata.remainingItemCount = remaining;
    }
    return { apiVersion: def.apiVersion, items: out, kind: def.listKind, metadata };
  }

  function startWatch(req: IncomingMessage, res: ServerResponse, def: ResourceDef, namespace: string | undefined, q: Query, matcher: Matcher): void {
    const resource = resKey(def);
    const rvParam = q.resourceVersion ?? "";
    const bookmarks = q.allowWatchBookmarks === "true";
    const initial = rvParam === "" || rvParam === "0" || q.sendInitialEvents === "true";
    let since: StoredEvent[] | undefined = [];
    if (!initial) {
      const want = Number(rvParam);
      if (!Number.isInteger(want)) throw badRequest(`invalid resource version: ${rvParam}`);
      since = store.eventsSince(resource, want);
    }
    res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private", "Audit-Id": randomUUID(), "Transfer-Encoding": "chunked" });
    res.flushHeaders();
    const emit = (type: string, object: unknown): void => {
      if (!res.writableEnded) res.write(JSON.stringify({ type, object }) + "\n");
    };
    if (since === undefined) {
      emit("ERROR", status(410, "Expired", `too old resource version: ${rvParam} (${store.oldestRv})`));
      res.end();
      return;
    }
    const inNs = (o: KubeObject): boolean => namespace === undefined || o.metadata.namespace === namespace;
    const bookmark = (annotations?: Record<string, string>): void =>
      emit("BOOKMARK", { kind: def.kind, apiVersion: def.apiVersion, metadata: { resourceVersion: String(store.rv), ...(annotations ? { annotations } : {}) } });
    if (initial) {
      for (const o of store.list(resource, namespace)) if (matcher(o)) emit("ADDED", o);
      if (q.sendInitialEvents === "true" && bookmarks) bookmark({ "k8s.io/initial-events-end": "true" });
    } else {
      for (const e of since) deliver(e);
    }
    function deliver(e: StoredEvent): void {
      if (!inNs(e.object)) return;
      const was = e.prev !== undefined && e.type !== "ADDED" && matcher(e.prev);
      const is = e.type !== "DELETED" && matcher(e.object);
      if (e.type === "DELETED") {
        if (was || matcher(e.object)) emit("DELETED", e.object);
      } else if (is && !was) emit("ADDED", e.object);
      else if (is && was) emit("MODIFIED", e.object);
      else if (!is && was) emit("DELETED", e.object);
    }
    const unsubscribe = store.subscribe((e) => {
      if (e.res === resource) deliver(e);
    });
    const timers: NodeJS.Timeout[] = [];
    const w: ActiveWatch = {
      bookmarks,
      bookmark: () => bookmark(),
      end: () => {
        if (!res.writableEnded) res.end();
        cleanup();
      },
    };
    const cleanup = (): void => {
      unsubscribe();
      for (const t of timers) clearTimeout(t);
      watches.delete(w);
    };
    watches.add(w);
    if (bookmarks && bookmarkIntervalMs > 0) timers.push(setInterval(() => bookmark(), bookmarkIntervalMs));
    const timeout = Number(q.timeoutSeconds ?? "0");
    if (timeout > 0) timers.push(setTimeout(() => w.end(), timeout * 1000));
    req.on("close", cleanup);
    res.on("close", cleanup);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "https://127.0.0.1");
    const method = (req.method ?? "GET").toUpperCase();
    const query: Query = Object.fromEntries(url.searchParams);
    const entry: RequestLogEntry = { method, path: url.pathname, query: { ...(query as Record<string, string>) }, status: 0, time: Date.now() };
    requests.push(entry);
    res.on("finish", () => {
      entry.status = res.statusCode;
    });

    if (delayMs > 0 && delayLeft > 0) {
      delayLeft--;
      await new Promise((r) => setTimeout(r, delayMs));
    }
    const f = pending.find((p) => p.left > 0 && faultMatches(p.match, method, url.pathname));
    if (f) {
      f.left--;
      pending = pending.filter((p) => p.left > 0);
      entry.fault = f.kind;
      if (f.kind === "drop") {
        req.socket.destroy();
        return;
      }
      const headers: Record<string, string> = {};
      if (f.code === 429 || f.code === 503 || f.code === 504) headers["Retry-After"] = String(f.retryAfterSeconds);
      send(res, f.code, faultStatus(f.code, f.retryAfterSeconds), headers);
      return;
    }

    const warnings: string[] = [];
    try {
      const user = authenticate(req);
      entry.user = user.name;
      await route(req, res, url, method, query, user, entry, warnings);
    } catch (e) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (e instanceof StatusError) send(res, e.body.code, e.body, { ...e.headers, ...warningHeader(warnings) });
      else send(res, 500, internal((e as Error).message).body);
    }
  }

  const warningHeader = (warnings: string[]): Record<string, string[]> =>
    warnings.length > 0 ? { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`) } : {};

  async function route(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    method: string,
    q: Query,
    user: User,
    entry: RequestLogEntry,
    warnings: string[],
  ): Promise<void> {
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const segs = path.split("/").filter((s) => s !== "").map(decodeURIComponent);

    // Non-resource URLs.
    const nonResource = (): void => {
      if (user.anonymous && !["/version", "/healthz", "/livez", "/readyz"].includes(path)) {
        throw new StatusError(status(403, "Forbidden", `forbidden: User "system:anonymous" cannot get path "${path}"`, {}));
      }
      if (method !== "GET" && method !== "HEAD") throw new StatusError(status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource"));
    };
    if (path === "/version") {
      nonResource();
      send(res, 200, versionInfo);
      return;
    }
    if (path === "/healthz" || path === "/livez" || path === "/readyz") {
      nonResource();
      send(res, 200, "ok");
      return;
    }
    if (path === "/api") {
      nonResource();
      const host = req.socket.localAddress ?? "127.0.0.1";
      send(res, 200, { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: `${host}:${server.address() ? (server.address() as AddressInfo).port : 0}` }] });
      return;
    }
    if (path === "/apis") {
      nonResource();
      send(res, 200, { kind: "APIGroupList", apiVersion: "v1", groups: registry.groups().map((g) => apiGroup(g.name, g.versions)) });
      return;
    }
    let group: string;
    let version: string;
    let rest: string[];
    if (segs[0] === "api" && segs.length >= 2) {
      group = "";
      version = segs[1];
      rest = segs.slice(2);
    } else if (segs[0] === "apis" && segs.length >= 2) {
      group = segs[1];
      const g = registry.groups().find((x) => x.name === group);
      if (!g) {
        nonResource();
        send(res, 404, "404 page not found\n");
        return;
      }
      if (segs.length === 2) {
        nonResource();
        send(res, 200, { kind: "APIGroup", apiVersion: "v1", ...apiGroup(g.name, g.versions) });
        return;
      }
      version = segs[2];
      if (!g.versions.includes(version)) {
        nonResource();
        send(res, 404, "404 page not found\n");
        return;
      }
      rest = segs.slice(3);
    } else {
      nonResource();
      send(res, 404, "404 page not found\n");
      return;
    }
    if (group === "" && version !== "v1") {
      nonResource();
      send(res, 404, "404 page not found\n");
      return;
    }
    if (rest.length === 0) {
      nonResource();
      send(res, 200, discoveryResources(group, version));
      return;
    }

    // Resource URLs.
    let namespace: string | undefined;
    let plural: string;
    let name: string | undefined;
    let sub: string | undefined;
    if (rest[0] === "namespaces" && rest.length >= 3 && registry.get(group, version, rest[2])?.namespaced) {
      namespace = rest[1];
      plural = rest[2];
      name = rest[3];
      sub = rest[4];
      if (rest.length > 5) throw resourceNotFound();
    } else {
      plural = rest[0];
      name = rest[1];
      sub = rest[2];
      if (rest.length > 3) throw resourceNotFound();
    }
    const def = registry.get(group, version, plural);
    if (!def) throw resourceNotFound();
    if (def.namespaced && name !== undefined && namespace === undefined) throw resourceNotFound();
    if (sub !== undefined && !(sub === "status" && def.statusSubresource)) throw resourceNotFound();

    const watch = q.watch === "true" || q.watch === "1";
    let verb: string;
    switch (method) {
      case "GET":
      case "HEAD":
        verb = name === undefined ? (watch ? "watch" : "list") : "get";
        break;
      case "POST":
        verb = "create";
        break;
      case "PUT":
        verb = "update";
        break;
      case "PATCH":
        verb = "patch";
        break;
      case "DELETE":
        verb = name === undefined ? "deletecollection" : "delete";
        break;
      default:
        throw new StatusError(status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource"));
    }
    entry.verb = verb;
    const contentType = String(req.headers["content-type"] ?? "");
    if ((verb === "create" || verb === "update") && contentType.includes("protobuf")) {
      throw new StatusError(
        status(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`),
      );
    }
    if (def.review) {
      if (verb !== "create" || name !== undefined) throw new StatusError(status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource"));
      const body = parseJsonBody(await readBody(req));
      send(res, 201, review(def, body, user));
      return;
    }
    if (name !== undefined && verb === "create") throw new StatusError(status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource"));
    if (name === undefined && (verb === "update" || verb === "patch")) throw new StatusError(status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource"));
    const attrs: Attrs = { verb, group, resource: plural, ...(sub ? { subresource: sub } : {}), ...(namespace ? { namespace } : {}), ...(name ? { name } : {}) };
    if (!allowed(user, attrs)) throw forbidden(user, attrs);
    if (!def.verbs.includes(verb)) throw new StatusError(status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource"));

    const created = (o: KubeObject): void => send(res, 201, o, warningHeader(warnings));
    const ok = (o: unknown): void => send(res, 200, o, warningHeader(warnings));
    switch (verb) {
      case "get": {
        const live = getLive(def, namespace, name as string);
        ok(live);
        return;
      }
      case "list":
        ok(listObjects(def, namespace, q, selectorMatcher(q.labelSelector, q.fieldSelector, plural)));
        return;
      case "watch":
        startWatch(req, res, def, namespace, q, selectorMatcher(q.labelSelector, q.fieldSelector, plural));
        return;
      case "create": {
        const body = parseJsonBody(await readBody(req));
        const o = create(def, namespace, body, q, req, warnings);
        created(o);
        return;
      }
      case "update": {
        const body = parseJsonBody(await readBody(req));
        ok(update(def, namespace, name as string, sub, body, q, req, warnings));
        return;
      }
      case "patch": {
        const raw = await readBody(req);
        const r = patch(def, namespace, name as string, sub, String(req.headers["content-type"] ?? ""), raw, q, req, warnings);
        if (r.created) created(r.object);
        else ok(r.object);
        return;
      }
      case "delete": {
        const body = parseJsonBody(await readBody(req));
        ok(remove(def, namespace, name as string, body, q));
        return;
      }
      case "deletecollection": {
        const body = parseJsonBody(await readBody(req));
        const matcher = selectorMatcher(q.labelSelector, q.fieldSelector, plural);
        const items = store.list(resKey(def), namespace).filter(matcher);
        const deleted = items.map((o) => remove(def, def.namespaced ? String(o.metadata.namespace) : undefined, String(o.metadata.name), body, q));
        ok({ apiVersion: def.apiVersion, items: deleted, kind: def.listKind, metadata: { resourceVersion: String(store.rv) } });
        return;
      }
    }
  }

  function review(def: ResourceDef, body: Obj, user: User): Obj {
    if (def.review === "self") {
      return {
        kind: "SelfSubjectReview",
        apiVersion: def.apiVersion,
        metadata: { creationTimestamp: null },
        status: { userInfo: { username: user.name, groups: user.groups } },
      };
    }
    const spec = isRecord(body.spec) ? body.spec : {};
    const ra = isRecord(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
    const nra = isRecord(spec.nonResourceAttributes) ? spec.nonResourceAttributes : undefined;
    if (!ra && !nra) {
      throw invalid("SelfSubjectAccessReview", "authorization.k8s.io", "", [
        { reason: "FieldValueRequired", message: "Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified", field: "spec.resourceAttributes" },
      ]);
    }
    let ok: boolean;
    if (ra) {
      const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
      ok = allowed(user, {
        verb: str(ra.verb) ?? "",
        group: str(ra.group) ?? "",
        resource: str(ra.resource) ?? "",
        subresource: str(ra.subresource),
        namespace: str(ra.namespace),
        name: str(ra.name),
      });
    } else ok = !user.anonymous;
    const st: Obj = { allowed: ok };
    if (ok) st.reason = `RBAC: allowed by ClusterRoleBinding "hfm-test" of ClusterRole "hfm-test" to User "${user.name}"`;
    return { kind: "SelfSubjectAccessReview", apiVersion: def.apiVersion, metadata: { creationTimestamp: null }, spec, status: st };
  }

  const server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, internal((e as Error).message).body);
      else res.destroy();
    });
  });
  server.on("secureConnection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `https://127.0.0.1:${port}`;

  const storeHandle: StoreHandle = {
    get resourceVersion() {
      return String(store.rv);
    },
    get oldestResourceVersion() {
      return String(store.oldestRv);
    },
    get historySize() {
      return store.historySize;
    },
    get(kind, name, namespace = "default") {
      const def = kindDef(kind);
      return store.get(resKey(def), objKey(def.namespaced ? namespace : undefined, name));
    },
    list(kind, namespace) {
      const def = kindDef(kind);
      return store.list(resKey(def), def.namespaced ? namespace : undefined);
    },
    put: putObject,
    delete(kind, name, namespace = "default") {
      const def = kindDef(kind);
      const ns = def.namespaced ? namespace : undefined;
      if (!store.get(resKey(def), objKey(ns, name))) return false;
      remove(def, ns, name, {}, {});
      return true;
    },
    compact(rv) {
      store.compact(rv === undefined ? undefined : Number(rv));
    },
    setHistoryLimit(n) {
      store.setHistoryLimit(n);
    },
  };

  const kubeConfig = (token: string = adminToken): KubeConfigOptions => ({
    clusters: [{ name: "hfm-test", server: url, caData: Buffer.from(tls.caPem).toString("base64"), skipTLSVerify: false }],
    users: [{ name: "hfm-test-user", token }],
    contexts: [{ name: "hfm-test", cluster: "hfm-test", user: "hfm-test-user", namespace: "default" }],
    currentContext: "hfm-test",
  });

  return {
    url,
    port,
    caPem: tls.caPem,
    token: adminToken,
    store: storeHandle,
    faults,
    requests,
    clearRequests() {
      requests.length = 0;
    },
    setToken(token, policy) {
      tokens.set(token, { ...policy });
    },
    kubeConfig,
    kubeConfigYaml(token) {
      const k = kubeConfig(token);
      return [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        `- name: ${k.clusters[0].name}`,
        "  cluster:",
        `    server: ${url}`,
        `    certificate-authority-data: ${k.clusters[0].caData}`,
        "users:",
        `- name: ${k.users[0].name}`,
        "  user:",
        `    token: ${k.users[0].token}`,
        "contexts:",
        `- name: ${k.contexts[0].name}`,
        "  context:",
        `    cluster: ${k.contexts[0].cluster}`,
        `    user: ${k.contexts[0].user}`,
        `    namespace: default`,
        `current-context: ${k.currentContext}`,
        "",
      ].join("\n");
    },
    bookmarkNow() {
      for (const w of watches) if (w.bookmarks) w.bookmark();
    },
    closeWatches() {
      for (const w of [...watches]) w.end();
    },
    get openWatches() {
      return watches.size;
    },
    async close() {
      for (const w of [...watches]) w.end();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}
