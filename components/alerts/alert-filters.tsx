"use client";

import { useQuery } from "@tanstack/react-query";

import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";

export const ALERT_STATE_FILTERS = ["open", "acknowledged", "resolved", "all"] as const;
export const ALERT_SEVERITY_FILTERS = ["all", "critical", "warning", "info"] as const;

export type AlertFilterValues = {
  state: (typeof ALERT_STATE_FILTERS)[number];
  severity: (typeof ALERT_SEVERITY_FILTERS)[number];
  /** "" for every fabric. */
  fabricId: string;
};

/** Open alerts first: that is what needs attention. */
export const DEFAULT_FILTERS: AlertFilterValues = { state: "open", severity: "all", fabricId: "" };

function oneOf<T extends string>(values: readonly T[], value: string | null, fallback: T): T {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : fallback;
}

export function filtersFromParams(params: { get(name: string): string | null }): AlertFilterValues {
  return {
    state: oneOf(ALERT_STATE_FILTERS, params.get("state"), DEFAULT_FILTERS.state),
    severity: oneOf(ALERT_SEVERITY_FILTERS, params.get("severity"), DEFAULT_FILTERS.severity),
    fabricId: params.get("fabricId") ?? "",
  };
}

/** Only non-default values go into the URL. */
export function filtersToParams(filters: AlertFilterValues): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.state !== DEFAULT_FILTERS.state) params.set("state", filters.state);
  if (filters.severity !== DEFAULT_FILTERS.severity) params.set("severity", filters.severity);
  if (filters.fabricId) params.set("fabricId", filters.fabricId);
  return params;
}

const STATE_OPTIONS = [
  { value: "open", label: "Open" },
  { value: "acknowledged", label: "Acknowledged" },
  { value: "resolved", label: "Resolved" },
  { value: "all", label: "All states" },
];
const SEVERITY_OPTIONS = [
  { value: "all", label: "All severities" },
  { value: "critical", label: "Critical" },
  { value: "warning", label: "Warning" },
  { value: "info", label: "Info" },
];

export function AlertFilters({ value, onChange }: { value: AlertFilterValues; onChange: (next: AlertFilterValues) => void }) {
  const trpc = useTRPC();
  // The fabric list only feeds the filter; if it fails, the filter falls back to "All fabrics".
  const fabrics = useQuery({ ...trpc.fabrics.list.queryOptions({ limit: 500 }), staleTime: 60_000 });
  const fabricOptions = (fabrics.data?.items ?? []).map((f) => ({ value: f.id, label: f.name }));
  if (value.fabricId && !fabricOptions.some((o) => o.value === value.fabricId)) {
    fabricOptions.unshift({ value: value.fabricId, label: fabrics.isPending ? "Loading…" : "Unknown fabric" });
  }
  const isDefault = value.state === DEFAULT_FILTERS.state && value.severity === DEFAULT_FILTERS.severity && value.fabricId === "";

  return (
    <div role="group" aria-label="Filter alerts" className="flex flex-wrap items-end gap-3">
      <div className="grid w-full gap-1.5 sm:w-44">
        <Label htmlFor="alert-state">State</Label>
        <Select
          id="alert-state"
          value={value.state}
          onChange={(e) => onChange({ ...value, state: e.target.value as AlertFilterValues["state"] })}
          options={STATE_OPTIONS}
        />
      </div>
      <div className="grid w-full gap-1.5 sm:w-44">
        <Label htmlFor="alert-severity">Severity</Label>
        <Select
          id="alert-severity"
          value={value.severity}
          onChange={(e) => onChange({ ...value, severity: e.target.value as AlertFilterValues["severity"] })}
          options={SEVERITY_OPTIONS}
        />
      </div>
      <div className="grid w-full gap-1.5 sm:w-56">
        <Label htmlFor="alert-fabric">Fabric</Label>
        <Select
          id="alert-fabric"
          value={value.fabricId}
          onChange={(e) => onChange({ ...value, fabricId: e.target.value })}
          placeholder="All fabrics"
          options={fabricOptions}
        />
      </div>
      {isDefault ? null : (
        <Button variant="ghost" size="sm" onClick={() => onChange(DEFAULT_FILTERS)}>
          Reset filters
        </Button>
      )}
    </div>
  );
}
