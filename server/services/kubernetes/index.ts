/**
 * Kubernetes: the per-fabric cluster connection (client, test-connection), the live state (read, watch), direct
 * apply, and resilience (retries, circuit breaker). Everything HFM does with a cluster goes through here.
 */
export { configureKubernetes, kubernetesSettings, DEFAULT_KUBERNETES_SETTINGS, FIELD_MANAGER, USER_AGENT, type KubernetesSettings } from "./config";
export { KubeError, toKubeError, type KubeFailure } from "./errors";
export { fabricTarget, openFabricClient, withFabricClient, KubeClient, type FabricTarget } from "./client";
export { discoverHedgehogKinds, NOT_HEDGEHOG, type Discovery } from "./discovery";
export { testFabricConnection, PROBE_VERBS, type ConnectionResult, type ConnectionDetails, type KindPermission } from "./connection";
export { readLiveState, storeLive, stateCounts, type LiveReadResult } from "./live";
export { previewApply, applyChangeSet, applyObjects, type ApplyResult, type ApplyItemResult, type ApplyOutcome, type FieldConflict } from "./apply";
export { listLiveObjects, liveListInput, liveObjectOutput, clusterSummary, clusterSummaryOutput, openBreakers, statusNote, type LiveObjectDto, type ClusterSummaryDto } from "./views";
export { startLiveWatch, stopLiveWatch, liveWatchStatus, settleLiveWatch, type LiveWatchStatus } from "./watch";
