/** The pure half of the lifecycle state machine: which state an object is in, and why. */
import { describe, expect, test } from "vitest";
import type { Finding, HhObject } from "@/lib/hedgehog/types";
import { computeState, type StateInput } from "@/server/services/resources/state";

const vpc = (vlan = 1001): HhObject =>
  ({
    apiVersion: "vpc.githedgehog.com/v1beta1",
    kind: "VPC",
    metadata: { name: "v", namespace: "default" },
    spec: { subnets: { default: { subnet: "10.0.1.0/24", vlan } } },
  }) as unknown as HhObject;

const base = (over: Partial<StateInput> = {}): StateInput => ({
  current: "committed",
  desired: vpc(),
  git: vpc(),
  live: null,
  desiredHash: "h1",
  gitHash: "h1",
  validationErrors: null,
  missingSince: null,
  pending: false,
  liveKnown: true,
  ...over,
});

const NOW = Date.parse("2026-11-27T08:00:00Z");

describe("computeState", () => {
  test("synced when live means the same as Git", () => {
    expect(computeState(base({ live: vpc() }))).toMatchObject({ state: "synced", drift: null });
  });

  test("drifted with the field-level diff and the paths in the reason", () => {
    const r = computeState(base({ live: vpc(7) }));
    expect(r.state).toBe("drifted");
    expect(r.drift).toEqual([{ path: "/spec/subnets/default/vlan", git: 1001, live: 7 }]);
    expect(r.reason).toBe("live differs from Git at 1 field: /spec/subnets/default/vlan");
  });

  test("ignore rules make a drifted object synced", () => {
    expect(computeState(base({ live: vpc(7) }), { ignore: [{ kind: "VPC", path: "/spec/subnets/*/vlan" }] }).state).toBe("synced");
  });

  test("orphaned: live only", () => {
    expect(computeState(base({ git: null, desired: null, gitHash: null, desiredHash: null, live: vpc() })).state).toBe("orphaned");
  });

  test("missing only after the grace period; the period starts when the absence is first seen", () => {
    const first = computeState(base(), { now: NOW, graceSeconds: 60 });
    expect(first).toMatchObject({ state: "committed", startMissing: true });
    const within = computeState(base({ missingSince: new Date(NOW - 30_000) }), { now: NOW, graceSeconds: 60 });
    expect(within.state).toBe("committed");
    expect(within.startMissing).toBeUndefined();
    const after = computeState(base({ missingSince: new Date(NOW - 61_000) }), { now: NOW, graceSeconds: 60 });
    expect(after.state).toBe("missing");
    expect(after.reason).toMatch(/61 s \(grace period 60 s\)/);
    expect(computeState(base(), { now: NOW, graceSeconds: 0 }).state).toBe("missing");
  });

  test("committed while the cluster has not been read", () => {
    expect(computeState(base({ liveKnown: false, missingSince: new Date(0) }), { now: NOW }).state).toBe("committed");
  });

  test("draft when HFM's version differs from Git's and is pending", () => {
    expect(computeState(base({ pending: true, desiredHash: "h2", desired: vpc(5), live: vpc(7) })).state).toBe("draft");
    expect(computeState(base({ git: null, gitHash: null, pending: true, desiredHash: "h2" })).reason).toBe("created in HFM, not yet in Git");
  });

  test("invalid wins over drift; the first failed rule is in the reason", () => {
    const errors: Finding[] = [
      { rule: "vpc.subnet.overlap", severity: "error", message: "overlap", path: "/spec/subnets/default/subnet", kind: "VPC", name: "v", document: null },
      { rule: "vpc.vlan.range", severity: "error", message: "range", path: "/spec/subnets/default/vlan", kind: "VPC", name: "v", document: null },
    ] as unknown as Finding[];
    const r = computeState(base({ live: vpc(7), validationErrors: errors }));
    expect(r).toMatchObject({ state: "invalid", drift: null });
    expect(r.reason).toBe("fails validation: vpc.subnet.overlap at /spec/subnets/default/subnet (and 1 more)");
  });

  test("conflict stays while the change is pending", () => {
    expect(computeState(base({ current: "conflict", pending: true, live: vpc() })).state).toBe("conflict");
    expect(computeState(base({ current: "conflict", pending: false, live: vpc() })).state).toBe("synced");
  });

  test("the diff carries HFM's desired value when it differs from Git's", () => {
    const r = computeState(base({ live: vpc(7), desired: vpc(9) }));
    expect(r.drift).toEqual([{ path: "/spec/subnets/default/vlan", git: 1001, live: 7, desired: 9 }]);
  });
});
