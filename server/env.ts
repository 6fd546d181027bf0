import path from "node:path";
import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

/**
 * The validated environment. Every variable HFM reads is declared here (and in the README's table).
 * Read lazily through `env` so that `next build` never needs runtime configuration.
 */
export const env = createEnv({
  server: {
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL (leave it unset for the embedded database)")
      .optional(),
    HFM_DATA_DIR: z.string().min(1).default("./.data"),
    HFM_ADMIN_USERNAME: z.string().min(1).default("admin"),
    HFM_ADMIN_PASSWORD: z.string().min(8, "HFM_ADMIN_PASSWORD must have at least 8 characters").optional(),
    HFM_ENCRYPTION_KEY: z
      .string()
      .regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, "HFM_ENCRYPTION_KEY must be 32 bytes, as 64 hex digits or base64")
      .optional(),
    AUTH_SECRET: z.string().min(16).optional(),
    HFM_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    HFM_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
    HFM_LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(10).default(300),
    HFM_METRICS_TOKEN: z.string().min(8).optional(),
    HFM_LOG_FILE: z.string().min(1).optional(),
    HFM_MISSING_GRACE_SECONDS: z.coerce.number().int().min(0).optional(),
    HFM_WORKFLOWS: z.enum(["on", "off"]).optional(),
    INNGEST_BASE_URL: z.string().url().optional(),
    INNGEST_SIGNING_KEY: z.string().min(1).optional(),
    INNGEST_EVENT_KEY: z.string().min(1).optional(),
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  },
  client: {},
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
  skipValidation: process.env.HFM_SKIP_ENV_VALIDATION === "1",
});

/** Absolute path of the data directory (embedded database, generated keys, Git working copies). */
export function dataDir(): string {
  return path.resolve(env.HFM_DATA_DIR);
}
