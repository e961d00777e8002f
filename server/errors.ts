// Domain errors thrown by services. One place (server/api/trpc.ts, and the hosted API later) maps them
// to transport codes; services never import tRPC or Next.js.
export type DomainErrorCode = "not_found" | "forbidden" | "conflict" | "invalid" | "unauthorized" | "rate_limited";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** The HTTP status of each domain error, for every route that answers in JSON. */
export const httpStatusOf: Record<DomainErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
};

export const notFound = (what: string) => new DomainError("not_found", `${what} not found`);
export const forbidden = (message: string) => new DomainError("forbidden", message);
export const conflict = (message: string) => new DomainError("conflict", message);
export const invalid = (message: string) => new DomainError("invalid", message);
