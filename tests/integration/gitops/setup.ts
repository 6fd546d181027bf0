// Shared setup of the GitOps integration tests: a fresh database, a data directory for the working copies, the Git
// test server, and helpers that register repositories and fabrics through the real services.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { PrismaClient } from "@/server/db";
import { type Actor } from "@/server/services/audit";
import { createRepository } from "@/server/services/repositories";
import { createTestDatabase, type TestDatabase } from "../../support/db";
import { startGitServer, type GitServerHandle, type GitServerOptions } from "../../support/git-server";

export const ALICE: Actor = { username: "alice", type: "user" };
export const USER = "hfm-bot";
export const PASSWORD = "hfm-bot-password";

export interface GitopsEnv {
  db: PrismaClient;
  database: TestDatabase;
  server: GitServerHandle;
  dataDir: string;
  repo(name: string, url: string, opts?: { branch?: string; password?: string; token?: string; apiUrl?: string; caCert?: string; authType?: "basic" | "token" | "none" }): Promise<string>;
  fabric(name: string, repositoryId: string, opts?: { gitPath?: string; gitBranch?: string }): Promise<string>;
  close(): Promise<void>;
}

export async function gitopsEnv(serverOpts: GitServerOptions = {}): Promise<GitopsEnv> {
  const database = await createTestDatabase();
  const server = await startGitServer(serverOpts);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "hfm-gitops-test-"));
  // Working copies go to <HFM_DATA_DIR>/git/<repositoryId>; read at call time by the service.
  process.env.HFM_DATA_DIR = dataDir;
  const db = database.prisma;
  return {
    db,
    database,
    server,
    dataDir,
    async repo(name, url, o = {}) {
      const authType = o.authType ?? (o.token ? "token" : "basic");
      const dto = await createRepository(db, ALICE, {
        name,
        url,
        branch: o.branch ?? "main",
        authType,
        username: authType === "basic" ? USER : undefined,
        password: authType === "basic" ? (o.password ?? PASSWORD) : undefined,
        token: o.token,
        apiUrl: o.apiUrl ?? null,
        caCert: o.caCert ?? null,
      });
      return dto.id;
    },
    async fabric(name, repositoryId, o = {}) {
      const f = await db.fabric.create({ data: { name, gitRepositoryId: repositoryId, gitPath: o.gitPath ?? "", gitBranch: o.gitBranch ?? null } });
      return f.id;
    },
    async close() {
      await server.close();
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
