import { ZodError } from "zod";
import { DomainError, type DomainErrorCode } from "@/server/errors";
import { BodyTooLargeError } from "@/server/http/read-body";
import { InvalidJsonError, UnsafeInputError } from "@/server/http/read-json";
import { RateLimitedError } from "@/server/services/api-keys/rate-limit";
import { PublishBlockedError } from "@/server/services/releases/publish-release";

// The hosted API's error contract: `{ error: { code, message } }` with these stable codes.
export const apiErrorCodes = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  message_too_long: 413,
  invalid_request: 422,
  invalid_text: 422,
  nesting_too_deep: 422,
  history_too_long: 422,
  rate_limited: 429,
  internal_error: 500,
} as const;
export type ApiErrorCode = keyof typeof apiErrorCodes;

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const fromDomain: Record<DomainErrorCode, ApiErrorCode> = {
  not_found: "not_found",
  forbidden: "forbidden",
  conflict: "conflict",
  invalid: "invalid_request",
  unauthorized: "unauthorized",
  rate_limited: "rate_limited",
};

/** One place that turns anything a handler throws into the API's JSON error; unknown errors stay on the server. */
export function errorResponse(error: unknown, headers: Record<string, string> = {}): Response {
  let e: ApiError;
  if (error instanceof ApiError) e = error;
  else if (error instanceof BodyTooLargeError) e = new ApiError("payload_too_large", error.message);
  else if (error instanceof InvalidJsonError) e = new ApiError("invalid_request", error.message);
  else if (error instanceof UnsafeInputError) e = new ApiError(error.unsafe.reason === "depth" ? "nesting_too_deep" : "invalid_text", error.message);
  else if (error instanceof RateLimitedError) e = new ApiError("rate_limited", error.message, { "retry-after": String(error.retryAfterSeconds) });
  else if (error instanceof PublishBlockedError) e = new ApiError("conflict", error.message);
  else if (error instanceof DomainError) e = new ApiError(fromDomain[error.code], error.message);
  else if (error instanceof ZodError) {
    const issue = error.issues[0];
    e = new ApiError("invalid_request", issue ? `${issue.path.length ? `${issue.path.join(".")}: ` : ""}${issue.message}` : "Invalid request body");
  } else {
    console.error("hosted API:", error);
    e = new ApiError("internal_error", "Something went wrong on our side; the error was logged");
  }
  return Response.json({ error: { code: e.code, message: e.message } }, { status: apiErrorCodes[e.code], headers: { ...headers, ...e.headers } });
}
