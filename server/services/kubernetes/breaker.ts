/**
 * Per-fabric circuit breaker, persisted on the Fabric row (breakerState, breakerFailures, breakerOpenedAt) so the
 * fabric page and /api/health/ready show it: it opens after `breakerThreshold` consecutive failed calls (the cluster
 * unreachable or failing after retries), refuses calls for `breakerCooldownMs`, then lets one probe through
 * (half-open): success closes it, failure opens it again. Only transitions and failure counts are written.
 */
import type { BreakerState, PrismaClient } from "@/server/db";
import { kubernetesSettings } from "./config";
import { KubeError } from "./errors";

export interface BreakerSnapshot {
  state: BreakerState;
  failures: number;
  openedAt: Date | null;
}

/** Probes in flight in this process (one per fabric in half-open). */
const probing = new Set<string>();

export class FabricBreaker {
  private snap: BreakerSnapshot;

  constructor(
    private readonly db: PrismaClient,
    private readonly fabricId: string,
    private readonly fabricName: string,
    snapshot: BreakerSnapshot,
  ) {
    this.snap = { ...snapshot };
  }

  get snapshot(): BreakerSnapshot {
    return { ...this.snap };
  }

  private async persist(next: BreakerSnapshot): Promise<void> {
    this.snap = next;
    await this.db.fabric.update({
      where: { id: this.fabricId },
      data: { breakerState: next.state, breakerFailures: next.failures, breakerOpenedAt: next.openedAt },
    });
  }

  /** Before a call: throws when the breaker refuses it; returns whether this call is the half-open probe. */
  async admit(): Promise<{ probe: boolean }> {
    const { breakerCooldownMs } = kubernetesSettings();
    if (this.snap.state === "closed") return { probe: false };
    const openedAt = this.snap.openedAt?.getTime() ?? 0;
    const reopenAt = openedAt + breakerCooldownMs;
    if (this.snap.state === "open" && Date.now() < reopenAt) {
      const seconds = Math.max(1, Math.ceil((reopenAt - Date.now()) / 1000));
      throw new KubeError(
        "breaker-open",
        `the cluster of fabric ${this.fabricName} failed ${this.snap.failures} times in a row; HFM pauses calls to it and tries again in ${seconds} s (circuit breaker open) — check that the API server is up, then test the connection`,
        null,
        null,
        seconds * 1000,
      );
    }
    if (probing.has(this.fabricId)) {
      throw new KubeError("breaker-open", `the cluster of fabric ${this.fabricName} is being probed after repeated failures (circuit breaker half-open) — try again in a moment`);
    }
    probing.add(this.fabricId);
    if (this.snap.state !== "half_open") await this.persist({ ...this.snap, state: "half_open" });
    return { probe: true };
  }

  async success(probe: boolean): Promise<void> {
    if (probe) probing.delete(this.fabricId);
    if (this.snap.state === "closed" && this.snap.failures === 0) return;
    await this.persist({ state: "closed", failures: 0, openedAt: null });
  }

  /** A call failed. Only failures that say the cluster is unavailable count; others end a probe without judgement. */
  async failure(probe: boolean, error: KubeError): Promise<void> {
    if (probe) probing.delete(this.fabricId);
    if (!error.unavailable) {
      // The cluster answered (4xx): it is reachable, so the streak of unavailability ends.
      if (this.snap.state !== "closed" || this.snap.failures !== 0) await this.persist({ state: "closed", failures: 0, openedAt: null });
      return;
    }
    const failures = this.snap.failures + 1;
    if (probe || failures >= kubernetesSettings().breakerThreshold) {
      await this.persist({ state: "open", failures, openedAt: new Date() });
    } else {
      await this.persist({ ...this.snap, failures });
    }
  }
}
