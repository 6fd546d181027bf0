// Shared setup of the drift integration tests: a test database, the Git test server and the Kubernetes test API
// server, fabrics wired to both, and a real @kubernetes/client-node client for changing the cluster behind HFM's back.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as k8s from "@kubernetes/client-node";
import { findKind, splitApiVersion } from "@/lib/hedgehog/registry";
import type { FabricConfig } from "@/lib/hedgehog/types";
import type { PrismaClient } from "@/server/db";
import type { Actor } from "@/server/services/audit";
import { encryptSecret, initEncryptionKey } from "@/server/services/crypto";
import { queueFabricSync, runFabricSync } from "@/server/services/gitops";
import { configureKubernetes } from "@/server/services/kubernetes";
import { createRepository } from "@/server/services/repositories";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { startGitServer, type GitServerHandle } from "@/tests/support/git-server";
import { startKubeApiServer, type KubeApiServer } from "@/tests/support/kube-apiserver";

export const OPERATOR: Actor = { username: "olga", type: "user" };
const GIT_USER = "hfm-bot";
const GIT_PASSWORD = "hfm-bot-password";

export type Obj = Record<string, unknown>;

export interface DriftEnv {
  db: PrismaClient;
  git: GitServerHandle;
  kube: KubeApiServer;
  custom: k8s.CustomObjectsApi;
  /** A repository holding `files` and a fabric reading `dir` of it from Git and the test cluster. */
  fabric(name: string, files: Record<string, string>, opts?: { dir?: string; config?: Partial<FabricConfig>; applyMode?: "gitops" | "direct" }): Promise<string>;
  /** One Git sync (fetch + ingest) of the fabric, through the GitOps service. */
  syncGit(fabricId: string): Promise<void>;
  close(): Promise<void>;
}

export async function driftEnv(): Promise<DriftEnv> {
  initEncryptionKey({ encryptionKey: randomBytes(32).toString("hex"), dataDir: path.join(os.tmpdir(), "hfm-drift-tests") });
  configureKubernetes({ backoffBaseMs: 5, backoffMaxMs: 20, retryAfterMaxMs: 50, timeoutMs: 5_000, breakerCooldownMs: 30_000 });
  const database: TestDatabase = await createTestDatabase();
  const git = await startGitServer();
  const kube = await startKubeApiServer();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "hfm-drift-test-"));
  process.env.HFM_DATA_DIR = dataDir;
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions(kube.kubeConfig());
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  const db = database.prisma;
  return {
    db,
    git,
    kube,
    custom,
    async fabric(name, files, o = {}) {
      await git.createRepo(name, { files });
      const repo = await createRepository(db, OPERATOR, { name, url: git.url(name), branch: "main", authType: "basic", username: GIT_USER, password: GIT_PASSWORD, apiUrl: null, caCert: null });
      const f = await db.fabric.create({
        data: {
          name,
          gitRepositoryId: repo.id,
          gitPath: o.dir ?? "fabric",
          kubernetesServer: kube.url,
          kubernetesTokenEncrypted: encryptSecret(kube.token),
          kubernetesCaCert: kube.caPem,
          kubernetesNamespace: "default",
          fabricConfig: (o.config ?? {}) as object,
          applyMode: o.applyMode ?? "gitops",
          syncEnabled: false,
        },
      });
      return f.id;
    },
    async syncGit(fabricId) {
      const opId = await queueFabricSync(db, fabricId, OPERATOR);
      const result = await runFabricSync(db, fabricId, { operationId: opId, actor: OPERATOR });
      if (!result) throw new Error(`sync failed: ${(await db.syncOperation.findUniqueOrThrow({ where: { id: opId } })).error}`);
    },
    async close() {
      await kube.close();
      await git.close();
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function gvr(apiVersion: string, kind: string): { group: string; version: string; plural: string } {
  const { group, version } = splitApiVersion(apiVersion);
  const info = findKind(kind);
  if (!info) throw new Error(`unknown kind ${kind}`);
  return { group, version, plural: info.plural };
}

/** Creates objects on the test cluster through the real client (the server defaults them and adds its fields). */
export async function createLive(custom: k8s.CustomObjectsApi, objects: readonly Obj[], namespace = "default"): Promise<void> {
  for (const o of objects) {
    const md = (o.metadata ?? {}) as Obj;
    await custom.createNamespacedCustomObject({ ...gvr(String(o.apiVersion), String(o.kind)), namespace: String(md.namespace ?? namespace), body: o });
  }
}
