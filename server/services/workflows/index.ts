/**
 * Workflows: the engine abstraction of HFM (see docs/workflows.md).
 *   - `sendEvent(name, data)` starts workflows — through Inngest when configured, else the embedded executor;
 *   - `startWorkflowEngine()` starts the embedded executor once per server process (server/startup.ts);
 *   - `engineHealth()`, `listRuns()`, `getRun()` report queue and runs (health check, jobs page);
 *   - `publish`/`subscribe`: the live progress bus behind /api/events;
 *   - the service functions the workflow steps call (scheduler, sync bookkeeping).
 */
export {
  engineMode,
  engineDisabledReason,
  startWorkflowEngine,
  stopWorkflowEngine,
  embeddedExecutor,
  sendEvent,
  sendEvents,
  type EventToSend,
  engineHealth,
  type EngineMode,
  type EngineHealth,
} from "./engine";
export { EmbeddedExecutor, defaultBackoffMs, queueStats, FUNCTION_FAILED_EVENT, CRON_EVENT, type ExecutorOptions, type QueueStats, type StoredStep } from "./executor";
export { publish, subscribe, visibleTo, connectBus, disconnectBus, liveMessageSchema, type LiveMessage, type LiveListener } from "./bus";
export { type AnyInngestFunction, type FunctionSpec } from "./config";
export { listRuns, getRun, engineOverview, engineOverviewOutput, type EngineOverview, runListInput, runOutput, runStepOutput, runStatusSchema, type RunDto } from "./runs";
export { startDueSyncs, flagStaleSyncs, syncPriority, STALE_FACTOR, type DueSyncs, type StaleSyncs } from "./scheduler";
export { beginFabricSync, trackSyncStep, finishFabricSync, failFabricSync, FULL_SYNC_STEPS, type SyncPlan } from "./sync";
