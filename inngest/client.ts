/**
 * The Inngest client of HFM and the events its workflows react to (typed with zod, validated by the SDK).
 *
 * One client for both engines: with INNGEST_BASE_URL / INNGEST_SIGNING_KEY / INNGEST_EVENT_KEY set, the real
 * Inngest (cloud or self-hosted) drives the functions through `/api/inngest`; without them the embedded executor
 * (server/services/workflows) drives the very same function objects through the SDK's serve protocol in-process.
 */
import { eventType, Inngest } from "inngest";
import { z } from "zod";
import { logger } from "@/server/logger";

export const INNGEST_APP_ID = "hedgehog-fabric-manager";

/** True when a real Inngest is configured (then the embedded executor stays off). */
export function inngestConfigured(environment: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(environment.INNGEST_BASE_URL || environment.INNGEST_SIGNING_KEY || environment.INNGEST_EVENT_KEY);
}

// Schemas must not transform (the SDK requires input = output): optional fields, no defaults.

export const fabricSyncRequested = eventType("fabric/sync.requested", {
  schema: z.object({
    fabricId: z.string().min(1),
    /** An operation created by the caller (POST /fabrics/{id}/sync answers with it); else the workflow creates one. */
    syncOperationId: z.string().min(1).optional(),
    /** manual, schedule, webhook, startup, ... */
    trigger: z.string().min(1),
    requestedBy: z.string().nullable().optional(),
    /** Embedded executor priority in seconds (-600..600): the scheduler favours small fabrics. */
    priority: z.number().int().min(-600).max(600).optional(),
  }),
});

export const changeSetSubmitRequested = eventType("changeset/submit.requested", {
  schema: z.object({
    changeSetId: z.string().min(1),
    /** Concurrency key: one submit per Git repository at a time. */
    repositoryId: z.string().min(1),
    fabricId: z.string().min(1),
    syncOperationId: z.string().min(1),
    requestedBy: z.string().nullable().optional(),
  }),
});

export const applyDirectRequested = eventType("fabric/apply.requested", {
  schema: z.object({
    fabricId: z.string().min(1),
    changeSetId: z.string().min(1),
    requestedBy: z.string().nullable().optional(),
    /** Server-side apply with force (take over fields another manager owns). */
    force: z.boolean().optional(),
  }),
});

export const alertNotifyRequested = eventType("alert/notify.requested", {
  schema: z.object({
    fabricId: z.string().min(1).nullable().optional(),
    /** Alert ids by what happened to them (as the alerts engine reports its changes). */
    opened: z.array(z.string()),
    repeated: z.array(z.string()),
    resolved: z.array(z.string()),
  }),
});

export const workflowEvents = {
  "fabric/sync.requested": fabricSyncRequested,
  "changeset/submit.requested": changeSetSubmitRequested,
  "fabric/apply.requested": applyDirectRequested,
  "alert/notify.requested": alertNotifyRequested,
} as const;

export type WorkflowEventName = keyof typeof workflowEvents;
export type WorkflowEventData<N extends WorkflowEventName> = z.infer<(typeof workflowEvents)[N]["schema"]>;

export const inngest = new Inngest({
  id: INNGEST_APP_ID,
  // Embedded: "dev" mode, so that the in-process serve handler accepts unsigned requests from the executor.
  // Configured: the SDK reads INNGEST_DEV / INNGEST_SIGNING_KEY / INNGEST_BASE_URL itself.
  isDev: inngestConfigured() ? undefined : true,
  // Step and function errors are logged by the SDK: into HFM's structured log (secrets redacted), not the console.
  logger: logger.child({ module: "inngest" }),
});
