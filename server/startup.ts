import { ensureAdmin } from "@/server/auth/bootstrap";
import { getDatabase } from "@/server/db";
import { dataDir, env } from "@/server/env";
import { logger } from "@/server/logger";
import { initEncryptionKey } from "@/server/services/crypto";
import { startWorkflowEngine } from "@/server/services/workflows";

const holder = globalThis as typeof globalThis & { __hfmStarted?: Promise<void> };

/**
 * Once per server process (from instrumentation.ts): encryption key, database (migrated), first admin.
 * The generated admin password is printed once, on standard output, and only its hash is stored.
 */
export function startServer(): Promise<void> {
  holder.__hfmStarted ??= (async () => {
    initEncryptionKey({ encryptionKey: env.HFM_ENCRYPTION_KEY, dataDir: dataDir() });
    const db = await getDatabase();
    logger.info({ database: db.kind, applied: db.migrations.applied }, "database ready");
    const admin = await ensureAdmin(db.prisma, { username: env.HFM_ADMIN_USERNAME, password: env.HFM_ADMIN_PASSWORD });
    if (admin.generatedPassword) {
      // Deliberately not through the logger: shown once to the person starting the server, never in log files.
      process.stdout.write(
        [
          "",
          "  ┌─────────────────────────────────────────────────────────────┐",
          `    Hedgehog Fabric Manager: created the admin user "${env.HFM_ADMIN_USERNAME}"`,
          `    Password: ${admin.generatedPassword}`,
          "    It is shown only this once. Change it under Settings → Users.",
          "  └─────────────────────────────────────────────────────────────┘",
          "",
        ].join("\n") + "\n",
      );
    } else if (admin.created) {
      logger.info({ username: env.HFM_ADMIN_USERNAME }, "created the admin user from HFM_ADMIN_PASSWORD");
    }
    // The embedded workflow engine (off with HFM_WORKFLOWS=off, when Inngest is configured, and in tests unless
    // HFM_WORKFLOWS=on). A failure does not stop the server: /api/health/ready reports it as not ready.
    await startWorkflowEngine().catch(() => undefined);
  })();
  holder.__hfmStarted.catch(() => {
    holder.__hfmStarted = undefined;
  });
  return holder.__hfmStarted;
}
