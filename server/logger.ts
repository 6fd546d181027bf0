import pino from "pino";

/**
 * Structured logs (JSON lines). Secrets never reach a log line: the known secret fields are redacted by path,
 * and `redactSecrets` scrubs free text (error messages) of every secret value the process knows.
 */
const REDACT_PATHS = [
  "password",
  "token",
  "kubernetesToken",
  "secret",
  "authorization",
  "cookie",
  "*.password",
  "*.token",
  "*.kubernetesToken",
  "*.secret",
  "*.authorization",
  "*.cookie",
  "req.headers.authorization",
  "req.headers.cookie",
  "*.passwordEncrypted",
  "*.tokenEncrypted",
  "*.kubernetesTokenEncrypted",
  "*.secretEncrypted",
];

const knownSecrets = new Set<string>();

/** Registers a secret value so that it is scrubbed from any text passed through `redactSecrets`. */
export function registerSecret(value: string | null | undefined): void {
  if (value && value.length >= 4) knownSecrets.add(value);
}

export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (out.includes(secret)) out = out.split(secret).join("[REDACTED]");
  }
  // Bearer tokens and basic-auth credentials embedded in URLs or headers.
  return out
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/g, "$1[REDACTED]")
    .replace(/(\/\/[^/\s:@]+:)[^@\s/]+@/g, "$1[REDACTED]@");
}

const globalForLogger = globalThis as unknown as { hfmLogger?: pino.Logger };

export const logger: pino.Logger =
  globalForLogger.hfmLogger ??
  pino(
    {
    level: process.env.HFM_LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
    base: { service: "hfm" },
    redact: { paths: REDACT_PATHS, censor: "[REDACTED]" },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((a) => (typeof a === "string" ? redactSecrets(a) : a)) as typeof args;
        method.apply(this, scrubbed);
      },
    },
    formatters: {
      log(object) {
        const err = (object as { err?: unknown }).err;
        if (err instanceof Error) {
          return { ...object, err: { type: err.name, message: redactSecrets(err.message) } };
        }
        return object;
      },
    },
    },
    // HFM_LOG_FILE sends the JSON lines to a file (appended) instead of standard output.
    process.env.HFM_LOG_FILE ? pino.destination({ dest: process.env.HFM_LOG_FILE, sync: true }) : undefined,
  );
globalForLogger.hfmLogger = logger;
