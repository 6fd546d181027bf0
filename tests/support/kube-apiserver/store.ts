/**
 * The object store: one global resourceVersion counter (like etcd's revision), objects per resource, and a bounded
 * history of watch events from which watches resume and consistent list snapshots (continue tokens) are rebuilt.
 */
export type KubeObject = Record<string, unknown> & { metadata: Record<string, unknown> };

export type EventType = "ADDED" | "MODIFIED" | "DELETED";

export interface StoredEvent {
  rv: number;
  type: EventType;
  /** `group/plural`. */
  res: string;
  /** `namespace/name` (`/name` for cluster-scoped objects). */
  key: string;
  object: KubeObject;
  /** The object before this event (MODIFIED, DELETED). */
  prev?: KubeObject;
}

export type Listener = (ev: StoredEvent) => void;

export function objKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ""}/${name}`;
}

export class Store {
  private revision: number;
  private readonly data = new Map<string, Map<string, KubeObject>>();
  private readonly sorted = new Map<string, string[]>();
  private history: StoredEvent[] = [];
  /** Watches and snapshots need every event after their resourceVersion: possible only from here on. */
  private compactedRv: number;
  private readonly listeners = new Set<Listener>();

  constructor(
    startRv: number,
    private historyLimit: number,
  ) {
    this.revision = startRv;
    this.compactedRv = startRv;
  }

  get rv(): number {
    return this.revision;
  }

  get oldestRv(): number {
    return this.compactedRv;
  }

  get historySize(): number {
    return this.history.length;
  }

  setHistoryLimit(n: number): void {
    this.historyLimit = n;
    this.trim();
  }

  private bucket(res: string): Map<string, KubeObject> {
    let b = this.data.get(res);
    if (!b) {
      b = new Map();
      this.data.set(res, b);
    }
    return b;
  }

  get(res: string, key: string): KubeObject | undefined {
    return this.data.get(res)?.get(key);
  }

  private keys(res: string): string[] {
    let k = this.sorted.get(res);
    if (!k) {
      k = [...this.bucket(res).keys()].sort();
      this.sorted.set(res, k);
    }
    return k;
  }

  /** Current objects of a resource in key order (namespace, then name), optionally within one namespace. */
  list(res: string, namespace?: string): KubeObject[] {
    const b = this.bucket(res);
    const prefix = namespace === undefined ? undefined : `${namespace}/`;
    const out: KubeObject[] = [];
    for (const k of this.keys(res)) if (prefix === undefined || k.startsWith(prefix)) out.push(b.get(k) as KubeObject);
    return out;
  }

  /** Objects as they were at `rv`, or undefined when the history needed to rebuild that state is gone. */
  listAt(res: string, namespace: string | undefined, rv: number): KubeObject[] | undefined {
    if (rv >= this.revision) return this.list(res, namespace);
    if (rv < this.compactedRv) return undefined;
    const later = this.history.filter((e) => e.rv > rv && e.res === res);
    if (later.length === 0) return this.list(res, namespace);
    const state = new Map(this.bucket(res));
    for (let i = later.length - 1; i >= 0; i--) {
      const e = later[i];
      if (e.type === "ADDED") state.delete(e.key);
      else if (e.prev) state.set(e.key, e.prev);
    }
    const prefix = namespace === undefined ? undefined : `${namespace}/`;
    return [...state.keys()]
      .filter((k) => prefix === undefined || k.startsWith(prefix))
      .sort()
      .map((k) => state.get(k) as KubeObject);
  }

  /** Events after `rv` for a resource, or undefined when `rv` is older than the retained history. */
  eventsSince(res: string, rv: number): StoredEvent[] | undefined {
    if (rv < this.compactedRv) return undefined;
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.history[mid].rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.history.slice(lo).filter((e) => e.res === res);
  }

  /** Stores a new state of an object (or deletes it), stamping the next resourceVersion; returns the event. */
  commit(res: string, type: EventType, key: string, object: KubeObject): StoredEvent {
    const b = this.bucket(res);
    const prev = b.get(key);
    this.revision++;
    // Custom resources are served as unstructured JSON: keys sorted, as Go's map encoding does.
    const md: Record<string, unknown> = { ...object.metadata, resourceVersion: String(this.revision) };
    const metadata: Record<string, unknown> = {};
    for (const k of Object.keys(md).sort()) metadata[k] = md[k];
    const stamped: KubeObject = { ...object, metadata };
    if (type === "DELETED") {
      b.delete(key);
      this.sorted.delete(res);
    } else {
      if (!prev) this.sorted.delete(res);
      b.set(key, stamped);
    }
    const ev: StoredEvent = { rv: this.revision, type, res, key, object: stamped, ...(prev ? { prev } : {}) };
    this.history.push(ev);
    this.trim();
    for (const l of this.listeners) l(ev);
    return ev;
  }

  private trim(): void {
    if (this.history.length <= this.historyLimit) return;
    const drop = this.history.length - this.historyLimit;
    this.compactedRv = this.history[drop - 1].rv;
    this.history = this.history.slice(drop);
  }

  /** Forgets the history up to `rv` (default: all of it): older resourceVersions then get 410 Expired. */
  compact(rv: number = this.revision): void {
    const keep = this.history.filter((e) => e.rv > rv);
    this.compactedRv = Math.max(this.compactedRv, Math.min(rv, this.revision));
    this.history = keep;
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}
