/** A Kubernetes API server for HFM's tests (see server.ts). */
export {
  startKubeApiServer,
  type FaultMatch,
  type Faults,
  type KubeApiServer,
  type KubeApiServerOptions,
  type KubeConfigOptions,
  type PolicyRule,
  type RequestLogEntry,
  type StoreHandle,
  type TokenPolicy,
  type VersionInfo,
} from "./server";
export type { KubeObject } from "./store";
export type { KubeStatus, StatusCause } from "./status";
export type { ManagedFieldsEntry } from "./fields";
export { generateTls, testTls, type TlsMaterial } from "./tls";
