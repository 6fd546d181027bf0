import { StatusDot, type StatusTone } from "@/components/ui/status-dot";

type ConnectionStatus = "unknown" | "ok" | "error";

const CONNECTION: Record<ConnectionStatus, { tone: StatusTone; label: string }> = {
  unknown: { tone: "muted", label: "Not tested" },
  ok: { tone: "success", label: "Reachable" },
  error: { tone: "danger", label: "Unreachable" },
};

export function ConnectionStatusDot({ status, configured = true }: { status: ConnectionStatus; configured?: boolean }) {
  if (!configured) return <StatusDot tone="muted" label="Not configured" showLabel />;
  const s = CONNECTION[status];
  return <StatusDot tone={s.tone} label={s.label} showLabel />;
}
