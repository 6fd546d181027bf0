/** Field-level errors from a tRPC error (zod issues or domain issues), keyed by field path. Pure. */
export function fieldErrors(error: unknown): Record<string, string> {
  const issues = (error as { data?: { issues?: Array<{ path: string; message: string }> } } | null)?.data?.issues;
  const out: Record<string, string> = {};
  for (const issue of issues ?? []) {
    const key = issue.path || "_form";
    out[key] ??= issue.message;
  }
  return out;
}

/** A one-line message for a failed request. */
export function errorMessage(error: unknown): string {
  if (!error) return "";
  const issues = (error as { data?: { issues?: unknown[] } }).data?.issues;
  if (issues?.length) return "Some fields need attention (see below).";
  return error instanceof Error ? error.message : String(error);
}
