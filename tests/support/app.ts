// The app's server side in this process, configured the way `npm start` configures it (environment variables),
// on a fresh database of the kind HFM_TEST_DB selects. REST calls go through the real route handler.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createEmptyTestTarget, type EmptyTestTarget } from "./db";

export const ADMIN_PASSWORD = "admin-test-password";

export interface TestApp {
  dataDir: string;
  logFile: string;
  /** Calls `/api/v1/<path>` through the app's REST route handler. */
  rest(method: string, apiPath: string, opts?: { token?: string; body?: unknown; ip?: string }): Promise<{ status: number; headers: Headers; json: unknown; text: string }>;
  close(): Promise<void>;
}

export async function startTestApp(): Promise<TestApp> {
  const target: EmptyTestTarget = await createEmptyTestTarget();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "hfm-test-app-"));
  const logFile = path.join(dataDir, "hfm.log");
  process.env.HFM_DATA_DIR = "databaseUrl" in target.options ? dataDir : target.options.dataDir;
  if ("databaseUrl" in target.options) process.env.DATABASE_URL = target.options.databaseUrl;
  else delete process.env.DATABASE_URL;
  process.env.HFM_ADMIN_PASSWORD = ADMIN_PASSWORD;
  process.env.HFM_LOG_FILE = logFile;
  process.env.HFM_LOG_LEVEL = "debug";

  const { startServer } = await import("@/server/startup");
  await startServer();
  // The app's durable workflows run on the embedded executor, as in `npm start` (cron off: tests trigger work).
  const { startWorkflowEngine } = await import("@/server/services/workflows");
  await startWorkflowEngine({ force: true, cron: false });
  const route = await import("@/app/api/v1/[...path]/route");
  const handlers: Record<string, (req: Request) => Promise<Response>> = {
    GET: route.GET,
    POST: route.POST,
    PUT: route.PUT,
    PATCH: route.PATCH,
    DELETE: route.DELETE,
  };

  return {
    dataDir: process.env.HFM_DATA_DIR,
    logFile,
    async rest(method, apiPath, opts = {}) {
      const headers = new Headers({ "x-forwarded-for": opts.ip ?? "10.9.8.7" });
      if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
      if (opts.body !== undefined) headers.set("content-type", "application/json");
      const req = new Request(`http://127.0.0.1:3000/api/v1${apiPath}`, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      });
      const res = await handlers[method]!(req);
      const text = await res.text();
      let json: unknown = undefined;
      try {
        json = JSON.parse(text);
      } catch {
        // not JSON: the assertion will show `text`
      }
      return { status: res.status, headers: res.headers, json, text };
    },
    async close() {
      const { stopWorkflowEngine } = await import("@/server/services/workflows");
      await stopWorkflowEngine();
      const { closeDb } = await import("@/server/db");
      await closeDb();
      await target.dispose();
      if (!process.env.HFM_KEEP_TEST_DATA) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
