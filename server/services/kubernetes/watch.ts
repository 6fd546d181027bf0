/**
 * Optional live watch per fabric: after a full read, one watch per kind resumes from the list's resourceVersion
 * (bookmarks keep it fresh); events are stored in small batches; a watch that ends is resumed from the last
 * resourceVersion seen; 410 Gone (history compacted) triggers a full re-list, then the watches start again.
 */
import * as k8s from "@kubernetes/client-node";
import { findKind, type KindInfo } from "@/lib/hedgehog/registry";
import type { PrismaClient } from "@/server/db";
import { logger } from "@/server/logger";
import { resourceKey, type VersionRow } from "@/server/services/resources";
import { openFabricClient, type KubeClient } from "./client";
import { backoffDelay } from "./client";
import { readLiveState, storeLive, toLiveRow, type KubeListObject } from "./live";

export interface LiveWatchStatus {
  running: boolean;
  resourceVersions: Record<string, string>;
  events: number;
  relists: number;
  resumes: number;
  lastError: string | null;
}

interface WatchEventObject extends KubeListObject {
  code?: number;
}

class LiveWatcher {
  private client: KubeClient | null = null;
  private controllers = new Map<string, AbortController>();
  private pendingRows = new Map<string, VersionRow>();
  private pendingDeletes = new Set<string>();
  private flushTimer: NodeJS.Timeout | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private relisting = false;
  readonly status: LiveWatchStatus = { running: false, resourceVersions: {}, events: 0, relists: 0, resumes: 0, lastError: null };

  constructor(
    private readonly db: PrismaClient,
    private readonly fabricId: string,
    private readonly flushMs: number,
  ) {}

  async start(): Promise<void> {
    const { client } = await openFabricClient(this.db, this.fabricId);
    this.client = client;
    await this.listAndWatch();
    this.status.running = true;
  }

  private async listAndWatch(): Promise<void> {
    const result = await readLiveState(this.db, this.fabricId, { actor: "live-watch" });
    this.status.resourceVersions = { ...result.resourceVersions };
    for (const [kind, rv] of Object.entries(result.resourceVersions)) {
      const info = findKind(kind);
      if (info) await this.watchKind(info, rv);
    }
  }

  private async watchKind(k: KindInfo, rv: string): Promise<void> {
    if (this.stopped || !this.client) return;
    const path = `/apis/${k.group}/${k.version}/namespaces/${this.client.target.namespace}/${k.plural}`;
    const watch = new k8s.Watch(this.client.kc);
    const controller = await watch.watch(
      path,
      { resourceVersion: rv, allowWatchBookmarks: true },
      (type: string, obj: WatchEventObject) => this.onEvent(k, type, obj),
      (err: unknown) => this.onDone(k, err),
    );
    this.controllers.set(k.kind, controller);
  }

  private onEvent(k: KindInfo, type: string, obj: WatchEventObject): void {
    if (this.stopped) return;
    if (type === "ERROR") {
      if (obj.code === 410) void this.relist();
      else this.status.lastError = String((obj as { message?: unknown }).message ?? "watch error");
      return;
    }
    const rv = obj.metadata?.resourceVersion;
    if (rv) this.status.resourceVersions[k.kind] = rv;
    if (type === "BOOKMARK") return;
    this.status.events++;
    const row = toLiveRow(k, obj, this.client!.target.namespace);
    const key = resourceKey(row);
    if (type === "DELETED") {
      this.pendingRows.delete(key);
      this.pendingDeletes.add(key);
    } else {
      this.pendingDeletes.delete(key);
      this.pendingRows.set(key, row);
    }
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = null;
      this.queue = this.queue.then(() => this.flush()).catch((e: unknown) => {
        this.status.lastError = e instanceof Error ? e.message : String(e);
      });
    }, this.flushMs);
  }

  private async flush(): Promise<void> {
    if (this.pendingRows.size === 0 && this.pendingDeletes.size === 0) return;
    const rows = [...this.pendingRows.values()];
    const deletedKeys = new Set(this.pendingDeletes);
    this.pendingRows.clear();
    this.pendingDeletes.clear();
    await storeLive(this.db, this.fabricId, rows, { full: false, deletedKeys, actor: "live-watch" });
  }

  private onDone(k: KindInfo, err: unknown): void {
    if (this.stopped || this.relisting) return;
    this.controllers.delete(k.kind);
    const attempt = this.status.resumes % 6;
    this.status.resumes++;
    if (err) this.status.lastError = err instanceof Error ? err.message : String(err);
    // Resume from the last resourceVersion seen (a 410 answer to that turns into a re-list).
    setTimeout(() => {
      void this.watchKind(k, this.status.resourceVersions[k.kind] ?? "0").catch((e: unknown) => {
        this.status.lastError = e instanceof Error ? e.message : String(e);
        this.onDone(k, e);
      });
    }, err ? backoffDelay(attempt, null) : 0);
  }

  private async relist(): Promise<void> {
    if (this.relisting || this.stopped) return;
    this.relisting = true;
    this.status.relists++;
    for (const c of this.controllers.values()) c.abort();
    this.controllers.clear();
    try {
      await this.queue;
      await this.listAndWatch();
    } catch (e) {
      this.status.lastError = e instanceof Error ? e.message : String(e);
      logger.warn({ fabricId: this.fabricId, err: e }, "live watch re-list failed");
    } finally {
      this.relisting = false;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.status.running = false;
    for (const c of this.controllers.values()) c.abort();
    this.controllers.clear();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    await this.queue.catch(() => undefined);
    await this.flush().catch(() => undefined);
    this.client?.close();
  }

  /** Resolves once pending events are stored. */
  async settle(): Promise<void> {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
      this.queue = this.queue.then(() => this.flush());
    }
    await this.queue;
  }
}

const holder = globalThis as typeof globalThis & { __hfmLiveWatches?: Map<string, LiveWatcher> };
const watchers = (holder.__hfmLiveWatches ??= new Map<string, LiveWatcher>());

/** Starts watching a fabric's cluster (a full read first). Idempotent. */
export async function startLiveWatch(db: PrismaClient, fabricId: string, opts: { flushMs?: number } = {}): Promise<LiveWatchStatus> {
  const existing = watchers.get(fabricId);
  if (existing) return existing.status;
  const w = new LiveWatcher(db, fabricId, opts.flushMs ?? 250);
  watchers.set(fabricId, w);
  try {
    await w.start();
  } catch (e) {
    watchers.delete(fabricId);
    await w.stop();
    throw e;
  }
  return w.status;
}

export async function stopLiveWatch(fabricId: string): Promise<void> {
  const w = watchers.get(fabricId);
  watchers.delete(fabricId);
  await w?.stop();
}

export function liveWatchStatus(fabricId: string): LiveWatchStatus | null {
  return watchers.get(fabricId)?.status ?? null;
}

/** Waits until the fabric's buffered watch events are stored (tests, shutdown). */
export async function settleLiveWatch(fabricId: string): Promise<void> {
  await watchers.get(fabricId)?.settle();
}
