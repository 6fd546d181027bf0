/**
 * Live progress bus: an in-process emitter; on PostgreSQL every message is also sent with NOTIFY on the
 * `hfm_events` channel and the messages of other instances arrive through LISTEN, so a browser connected to any
 * instance sees the progress of work running on any other.
 */
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import pg from "pg";
import { z } from "zod";
import { hasRole, type RoleName } from "@/lib/roles";
import { logger } from "@/server/logger";

export const liveMessageSchema = z.object({
  /** sync: step progress of a fabric sync; run: a workflow run changed; alert: alerts changed; changeset: status. */
  topic: z.enum(["sync", "run", "alert", "changeset"]),
  fabricId: z.string().nullable().optional(),
  /** Small payload: ids, names, statuses. Clients refetch details through tRPC. */
  data: z.record(z.string(), z.unknown()),
  at: z.string(),
});
export type LiveMessage = z.infer<typeof liveMessageSchema>;
export type LiveListener = (message: LiveMessage) => void;

const CHANNEL = "hfm_events";

interface BusState {
  emitter: EventEmitter;
  instance: string;
  notifier: pg.Client | null;
  listener: pg.Client | null;
  connecting: Promise<void> | null;
  /** NOTIFYs are sent one after the other on the notifier connection. */
  sending: Promise<unknown>;
}

const holder = globalThis as typeof globalThis & { __hfmLiveBus?: BusState };

function state(): BusState {
  if (!holder.__hfmLiveBus) {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    holder.__hfmLiveBus = { emitter, instance: randomUUID(), notifier: null, listener: null, connecting: null, sending: Promise.resolve() };
  }
  return holder.__hfmLiveBus;
}

/** Publishes a message to this instance's subscribers and, when connected to PostgreSQL, to the other instances. */
export function publish(message: Omit<LiveMessage, "at"> & { at?: string }): void {
  const full: LiveMessage = { ...message, at: message.at ?? new Date().toISOString() };
  const s = state();
  s.emitter.emit("message", full);
  if (s.notifier) {
    const payload = JSON.stringify({ from: s.instance, message: full });
    // NOTIFY payloads are limited to 8000 bytes: larger messages stay local (clients refetch anyway).
    if (Buffer.byteLength(payload) < 7900) {
      const notifier = s.notifier;
      s.sending = s.sending
        .then(() => notifier.query("SELECT pg_notify($1, $2)", [CHANNEL, payload]))
        .catch((err: unknown) => logger.warn({ err }, "live bus: NOTIFY failed"));
    }
  }
}

export function subscribe(listener: LiveListener): () => void {
  const s = state();
  s.emitter.on("message", listener);
  return () => s.emitter.off("message", listener);
}

/** Connects the cross-instance fan-out (PostgreSQL only; idempotent). Failures are logged, never fatal. */
export function connectBus(databaseUrl: string): Promise<void> {
  const s = state();
  s.connecting ??= (async () => {
    try {
      const listener = new pg.Client({ connectionString: databaseUrl });
      const notifier = new pg.Client({ connectionString: databaseUrl });
      await Promise.all([listener.connect(), notifier.connect()]);
      listener.on("notification", (n) => {
        if (n.channel !== CHANNEL || !n.payload) return;
        try {
          const parsed = z.object({ from: z.string(), message: liveMessageSchema }).parse(JSON.parse(n.payload));
          if (parsed.from !== s.instance) s.emitter.emit("message", parsed.message);
        } catch (err) {
          logger.debug({ err }, "live bus: ignored a malformed notification");
        }
      });
      const onError = (err: unknown) => logger.warn({ err }, "live bus: PostgreSQL connection lost; live updates stay local");
      listener.on("error", onError);
      notifier.on("error", onError);
      await listener.query(`LISTEN ${CHANNEL}`);
      s.listener = listener;
      s.notifier = notifier;
    } catch (err) {
      logger.warn({ err }, "live bus: LISTEN/NOTIFY unavailable; live updates stay local to this instance");
      s.connecting = null;
    }
  })();
  return s.connecting;
}

export async function disconnectBus(): Promise<void> {
  const s = state();
  const { listener, notifier } = s;
  s.listener = null;
  s.notifier = null;
  s.connecting = null;
  await Promise.all([listener?.end().catch(() => undefined), notifier?.end().catch(() => undefined)]);
}

/**
 * What a role may receive: every signed-in role (viewer and up) sees progress and statuses of every fabric (roles
 * are installation-wide); the error texts of workflow runs only operators and admins.
 */
export function visibleTo(role: RoleName, message: LiveMessage): LiveMessage | null {
  if (!hasRole(role, "viewer")) return null;
  if (message.topic === "run" && !hasRole(role, "operator") && "error" in message.data) {
    return { ...message, data: { ...message.data, error: message.data.error ? "(hidden)" : null } };
  }
  return message;
}
