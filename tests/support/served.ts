// What an API server returns for an object: defaulted, with server metadata, managedFields, the kubectl
// last-applied annotation and a status — for tests and benchmarks of drift normalization without a server.
import { applyDefaults } from "../../lib/hedgehog/defaults";
import type { HhObject } from "../../lib/hedgehog/types";

export function asServed(obj: HhObject, n = 1): HhObject {
  const d = applyDefaults(obj) as unknown as Record<string, unknown>;
  const md = d.metadata as Record<string, unknown>;
  return {
    ...d,
    metadata: {
      ...md,
      uid: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
      resourceVersion: String(1000 + n),
      generation: 1,
      creationTimestamp: "2026-11-27T07:00:00Z",
      managedFields: [{ manager: "kubectl", operation: "Apply", apiVersion: String(d.apiVersion), fieldsType: "FieldsV1", fieldsV1: { "f:spec": {} } }],
      annotations: { ...((md.annotations as Record<string, string>) ?? {}), "kubectl.kubernetes.io/last-applied-configuration": JSON.stringify(obj) },
    },
    status: { applied: { gen: 1 }, state: {} },
  } as unknown as HhObject;
}
