import * as React from "react";
import {
  Ban,
  CircleCheck,
  CircleDashed,
  CircleDot,
  CircleQuestionMark,
  CircleX,
  Clock,
  Eye,
  GitCommitHorizontal,
  GitCompareArrows,
  GitMerge,
  GitPullRequestArrow,
  GitPullRequestClosed,
  Info,
  LoaderCircle,
  OctagonExclamationPoint,
  PencilLine,
  TriangleExclamationPoint,
  Undo2,
  Unlink,
  type LucideIcon,
} from "lucide-react";

import { cn } from "@/lib/utils";

export type LifecycleState = "draft" | "committed" | "synced" | "drifted" | "orphaned" | "missing" | "invalid" | "conflict";
export type ConnectionStatus = "unknown" | "ok" | "error";
export type OperationStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";
export type AlertSeverity = "info" | "warning" | "critical";
export type AlertState = "open" | "acknowledged" | "resolved";
export type ChangeSetStatus = "pending" | "submitting" | "submitted" | "merged" | "closed" | "failed" | "reverted";

type Tone = "neutral" | "blue" | "green" | "amber" | "orange" | "red" | "violet" | "fuchsia";

/** Tinted badge colours; text keeps >= 4.5:1 contrast in both colour schemes. */
const toneClass: Record<Tone, string> = {
  neutral:
    "border-zinc-500/25 bg-zinc-100 text-zinc-700 dark:border-zinc-400/25 dark:bg-zinc-400/10 dark:text-zinc-300",
  blue: "border-blue-600/20 bg-blue-50 text-blue-700 dark:border-blue-400/25 dark:bg-blue-400/10 dark:text-blue-300",
  green:
    "border-emerald-600/20 bg-emerald-50 text-emerald-700 dark:border-emerald-400/25 dark:bg-emerald-400/10 dark:text-emerald-300",
  amber:
    "border-amber-600/25 bg-amber-50 text-amber-800 dark:border-amber-400/25 dark:bg-amber-400/10 dark:text-amber-300",
  orange:
    "border-orange-600/20 bg-orange-50 text-orange-700 dark:border-orange-400/25 dark:bg-orange-400/10 dark:text-orange-300",
  red: "border-red-600/20 bg-red-50 text-red-700 dark:border-red-400/25 dark:bg-red-400/10 dark:text-red-300",
  violet:
    "border-violet-600/20 bg-violet-50 text-violet-700 dark:border-violet-400/25 dark:bg-violet-400/10 dark:text-violet-300",
  fuchsia:
    "border-fuchsia-600/20 bg-fuchsia-50 text-fuchsia-700 dark:border-fuchsia-400/25 dark:bg-fuchsia-400/10 dark:text-fuchsia-300",
};

export type StateMeta = {
  label: string;
  /** One sentence for legends and tooltips. */
  description: string;
  tone: Tone;
  icon: LucideIcon;
  /** Spin the icon (work in progress). */
  spin?: boolean;
};

export const LIFECYCLE_META: Record<LifecycleState, StateMeta> = {
  draft: { label: "Draft", description: "Changed in HFM, not yet in Git.", tone: "neutral", icon: PencilLine },
  committed: { label: "Committed", description: "In Git, not yet seen live.", tone: "blue", icon: GitCommitHorizontal },
  synced: { label: "Synced", description: "Live matches Git.", tone: "green", icon: CircleCheck },
  drifted: { label: "Drifted", description: "Live differs from Git.", tone: "amber", icon: GitCompareArrows },
  orphaned: { label: "Orphaned", description: "Exists live only, not in Git.", tone: "violet", icon: Unlink },
  missing: {
    label: "Missing",
    description: "In Git, absent live after the grace period.",
    tone: "orange",
    icon: CircleDashed,
  },
  invalid: { label: "Invalid", description: "Fails validation.", tone: "red", icon: CircleX },
  conflict: {
    label: "Conflict",
    description: "Changed in HFM and in Git since the last sync.",
    tone: "fuchsia",
    icon: GitMerge,
  },
};

export const CONNECTION_META: Record<ConnectionStatus, StateMeta> = {
  unknown: { label: "Unknown", description: "Not checked yet.", tone: "neutral", icon: CircleQuestionMark },
  ok: { label: "OK", description: "Reachable and authenticated.", tone: "green", icon: CircleCheck },
  error: { label: "Error", description: "The last check failed.", tone: "red", icon: CircleX },
};

export const OPERATION_META: Record<OperationStatus, StateMeta> = {
  queued: { label: "Queued", description: "Waiting to start.", tone: "neutral", icon: Clock },
  running: { label: "Running", description: "In progress.", tone: "blue", icon: LoaderCircle, spin: true },
  succeeded: { label: "Succeeded", description: "Finished without errors.", tone: "green", icon: CircleCheck },
  failed: { label: "Failed", description: "Stopped with an error.", tone: "red", icon: CircleX },
  cancelled: { label: "Cancelled", description: "Stopped before it finished.", tone: "neutral", icon: Ban },
};

export const SEVERITY_META: Record<AlertSeverity, StateMeta> = {
  info: { label: "Info", description: "For information; no action needed.", tone: "blue", icon: Info },
  warning: { label: "Warning", description: "Needs attention soon.", tone: "amber", icon: TriangleExclamationPoint },
  critical: {
    label: "Critical",
    description: "Needs action now.",
    tone: "red",
    icon: OctagonExclamationPoint,
  },
};

export const ALERT_STATE_META: Record<AlertState, StateMeta> = {
  open: { label: "Open", description: "Not yet handled.", tone: "orange", icon: CircleDot },
  acknowledged: { label: "Acknowledged", description: "Someone is on it.", tone: "blue", icon: Eye },
  resolved: { label: "Resolved", description: "The condition cleared.", tone: "green", icon: CircleCheck },
};

export const CHANGE_SET_META: Record<ChangeSetStatus, StateMeta> = {
  pending: { label: "Pending", description: "Drafts not yet submitted.", tone: "neutral", icon: PencilLine },
  submitting: { label: "Submitting", description: "Writing to Git.", tone: "blue", icon: LoaderCircle, spin: true },
  submitted: {
    label: "Submitted",
    description: "Committed or pull request opened.",
    tone: "violet",
    icon: GitPullRequestArrow,
  },
  merged: { label: "Merged", description: "In the tracked branch.", tone: "green", icon: GitMerge },
  closed: { label: "Closed", description: "Pull request closed without merging.", tone: "neutral", icon: GitPullRequestClosed },
  failed: { label: "Failed", description: "Submission failed.", tone: "red", icon: CircleX },
  reverted: { label: "Reverted", description: "Rolled back by a revert commit.", tone: "amber", icon: Undo2 },
};

const metaByKind = {
  lifecycle: LIFECYCLE_META,
  connection: CONNECTION_META,
  operation: OPERATION_META,
  severity: SEVERITY_META,
  alert: ALERT_STATE_META,
  changeSet: CHANGE_SET_META,
} as const;

export type StateKind = keyof typeof metaByKind;

type StateOf = {
  lifecycle: LifecycleState;
  connection: ConnectionStatus;
  operation: OperationStatus;
  severity: AlertSeverity;
  alert: AlertState;
  changeSet: ChangeSetStatus;
};

/** Look up label/description/colour for a state; unknown values (e.g. a newer server) get a neutral fallback. */
export function getStateMeta<K extends StateKind>(kind: K, state: StateOf[K] | (string & {})): StateMeta {
  const table = metaByKind[kind] as Record<string, StateMeta>;
  return (
    table[state] ?? {
      label: state.charAt(0).toUpperCase() + state.slice(1).replace(/_/g, " "),
      description: "",
      tone: "neutral",
      icon: CircleDot,
    }
  );
}

type BaseProps = Omit<React.ComponentProps<"span">, "children"> & {
  /** Hide the icon (the label stays; colour is never the only signal). */
  hideIcon?: boolean;
  /** Override the visible label (e.g. "Drifted · 3 fields"). */
  label?: React.ReactNode;
  size?: "sm" | "md";
};

export type StateBadgeProps = BaseProps &
  (
    | { kind: "lifecycle"; state: LifecycleState | (string & {}) }
    | { kind: "connection"; state: ConnectionStatus | (string & {}) }
    | { kind: "operation"; state: OperationStatus | (string & {}) }
    | { kind: "severity"; state: AlertSeverity | (string & {}) }
    | { kind: "alert"; state: AlertState | (string & {}) }
    | { kind: "changeSet"; state: ChangeSetStatus | (string & {}) }
  );

/**
 * Coloured badge with icon + label for lifecycle states, connection status, operation status, alert severity,
 * alert state and change-set status. The description is exposed as a native tooltip (title).
 */
export function StateBadge({ kind, state, hideIcon = false, label, size = "sm", className, ...props }: StateBadgeProps) {
  const meta = getStateMeta(kind, state);
  const Icon = meta.icon;
  return (
    <span
      data-slot="state-badge"
      data-kind={kind}
      data-state={state}
      title={meta.description || undefined}
      className={cn(
        "inline-flex w-fit shrink-0 items-center gap-1 rounded-md border font-medium whitespace-nowrap",
        size === "sm" ? "px-1.5 py-0.5 text-xs leading-4" : "px-2 py-1 text-sm leading-4",
        toneClass[meta.tone],
        className,
      )}
      {...props}
    >
      {hideIcon ? null : (
        <Icon aria-hidden="true" className={cn("shrink-0", size === "sm" ? "size-3" : "size-3.5", meta.spin && "animate-spin")} />
      )}
      {label ?? meta.label}
    </span>
  );
}
