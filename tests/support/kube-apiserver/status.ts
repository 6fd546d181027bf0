/** `metav1.Status` bodies exactly as kube-apiserver writes them (Go field order: kind, apiVersion, metadata, status, message, reason, details, code). */

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface KubeStatus {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure" | "Success";
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

export function status(code: number, reason: string, message: string, details?: StatusDetails): KubeStatus {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: code < 400 ? "Success" : "Failure",
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

/** An error that the request handler turns into a Status response. */
export class StatusError extends Error {
  constructor(
    readonly body: KubeStatus,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

/** Identifies a resource in messages: `vpcs.vpc.githedgehog.com` (core group: `namespaces`). */
export function qualified(plural: string, group: string): string {
  return group === "" ? plural : `${plural}.${group}`;
}

export const unauthorized = (): StatusError => new StatusError(status(401, "Unauthorized", "Unauthorized"));

export function notFound(plural: string, group: string, name: string): StatusError {
  return new StatusError(status(404, "NotFound", `${qualified(plural, group)} "${name}" not found`, { name, group, kind: plural }));
}

export function alreadyExists(plural: string, group: string, name: string): StatusError {
  return new StatusError(status(409, "AlreadyExists", `${qualified(plural, group)} "${name}" already exists`, { name, group, kind: plural }));
}

export function conflict(plural: string, group: string, name: string, why: string): StatusError {
  return new StatusError(
    status(409, "Conflict", `Operation cannot be fulfilled on ${qualified(plural, group)} "${name}": ${why}`, { name, group, kind: plural }),
  );
}

export const STALE = "the object has been modified; please apply your changes to the latest version and try again";

export function badRequest(message: string): StatusError {
  return new StatusError(status(400, "BadRequest", message));
}

export function methodNotSupported(plural: string, group: string, verb: string): StatusError {
  return new StatusError(
    status(405, "MethodNotAllowed", `the server does not allow this method on the requested resource`, { group, kind: plural }),
    { Allow: verb },
  );
}

export function resourceNotFound(): StatusError {
  return new StatusError(status(404, "NotFound", "the server could not find the requested resource", {}));
}

/** 422 Invalid: `VPC.vpc.githedgehog.com "x" is invalid: spec.a: ...` (several causes are listed in brackets). */
export function invalid(kind: string, group: string, name: string, causes: StatusCause[]): StatusError {
  const parts = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const list = parts.length === 1 ? parts[0] : `[${parts.join(", ")}]`;
  const qualifiedKind = group === "" ? kind : `${kind}.${group}`;
  return new StatusError(status(422, "Invalid", `${qualifiedKind} "${name}" is invalid: ${list}`, { name, group, kind, causes }));
}

export function expired(message: string): StatusError {
  return new StatusError(status(410, "Expired", message));
}

export function internal(message: string): StatusError {
  return new StatusError(status(500, "InternalError", `Internal error occurred: ${message}`, { causes: [{ reason: "", message }] }));
}

/** The canned bodies of `faults.failNext(n, code)`. */
export function faultStatus(code: number, retryAfterSeconds: number): KubeStatus {
  switch (code) {
    case 429:
      return status(429, "TooManyRequests", "Too many requests, please try again later.", { retryAfterSeconds });
    case 500:
      return status(500, "InternalError", "Internal error occurred: injected fault", { causes: [{ reason: "", message: "injected fault" }] });
    case 503:
      return status(503, "ServiceUnavailable", "the server is currently unable to handle the request");
    case 504:
      return status(504, "Timeout", "Timeout: request did not complete within requested timeout - context deadline exceeded", { retryAfterSeconds });
    default:
      return status(code, "Unknown", `injected fault ${code}`);
  }
}
