export { hashCanonical, hashObject } from "./hash";
export { upsertVersions, clearAbsent, clearVersions, resourceKey, BATCH_SIZE, BULK_TRANSACTION, type Side, type VersionRow } from "./store";
export { recomputeStates, computeState, MISSING_GRACE_SECONDS, type StateCounts, type StateInput, type StateResult } from "./state";
export { pendingChangeSet, recordChange } from "./changes";
export {
  LIFECYCLE_STATES,
  lifecycleStateSchema,
  resourceListInput,
  resourceSummaryOutput,
  resourceOutput,
  resourceWriteInput,
  listResources,
  resourceCounts,
  getResource,
  resourceHistory,
  writeResource,
  deleteResource,
  validateChange,
  desiredObjects,
  kindPolicy,
  type ResourceDto,
  type WriteResult,
} from "./crud";
