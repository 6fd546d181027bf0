// Shared setup of the Kubernetes integration tests: a migrated test database, fabrics pointing at the test API server.
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import type { PrismaClient } from "@/server/db";
import { encryptSecret, initEncryptionKey } from "@/server/services/crypto";
import { configureKubernetes } from "@/server/services/kubernetes";
import type { KubeApiServer } from "@/tests/support/kube-apiserver";

export const VPC_API = "vpc.githedgehog.com/v1beta1";
export const WIRING_API = "wiring.githedgehog.com/v1beta1";

let keyed = false;

/** Fast retries for tests (the behaviour is the same, the waits are short). */
export function testSettings(): void {
  if (!keyed) {
    initEncryptionKey({ encryptionKey: randomBytes(32).toString("hex"), dataDir: path.join(os.tmpdir(), "hfm-kube-tests") });
    keyed = true;
  }
  configureKubernetes({ backoffBaseMs: 5, backoffMaxMs: 20, retryAfterMaxMs: 50, timeoutMs: 3_000, breakerCooldownMs: 30_000 });
}

export async function createFabric(
  db: PrismaClient,
  srv: KubeApiServer | null,
  opts: { name?: string; token?: string; caPem?: string | null; server?: string; applyMode?: "gitops" | "direct"; namespace?: string } = {},
): Promise<string> {
  const row = await db.fabric.create({
    data: {
      name: opts.name ?? `fab-${randomBytes(4).toString("hex")}`,
      kubernetesServer: opts.server ?? srv?.url ?? null,
      kubernetesTokenEncrypted: encryptSecret(opts.token ?? srv?.token ?? "none"),
      kubernetesCaCert: opts.caPem === undefined ? (srv?.caPem ?? null) : opts.caPem,
      kubernetesNamespace: opts.namespace ?? "default",
      applyMode: opts.applyMode ?? "gitops",
      syncEnabled: false,
    },
  });
  return row.id;
}

export function vpc(name: string, third: number, vlan = 1000 + third) {
  return {
    apiVersion: VPC_API,
    kind: "VPC",
    metadata: { name, namespace: "default" },
    spec: { subnets: { default: { subnet: `10.20.${third}.0/24`, vlan } } },
  };
}

/** A free TCP port with nothing listening (closed). */
export async function closedPort(): Promise<number> {
  const net = await import("node:net");
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
