/**
 * Domain errors raised by services. The tRPC layer maps them to HTTP status codes (one place: server/trpc/init.ts),
 * so services stay transport-free.
 */
export type DomainErrorCode =
  | "NOT_FOUND"
  | "CONFLICT"
  | "BAD_REQUEST"
  | "FORBIDDEN"
  | "UNPROCESSABLE"
  | "TOO_MANY_REQUESTS"
  | "UNAUTHORIZED"
  | "UNAVAILABLE";

export interface FieldIssue {
  path: string;
  message: string;
  rule?: string;
}

export class DomainError extends Error {
  constructor(
    public readonly code: DomainErrorCode,
    message: string,
    public readonly details?: { issues?: FieldIssue[]; retryAfterSeconds?: number; [k: string]: unknown },
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (what: string) => new DomainError("NOT_FOUND", `${what} not found`);

/** True for Prisma's unique-constraint violation (P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
