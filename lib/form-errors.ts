import { TRPCClientError } from "@trpc/client";
import { z } from "zod";

export type FieldErrors = Record<string, string | undefined>;

/** The first message per field of a failed zod parse, for inline form messages. */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const flat = z.flattenError(error).fieldErrors as Record<string, string[] | undefined>;
  return Object.fromEntries(Object.entries(flat).map(([field, messages]) => [field, messages?.[0]]));
}

/** Per-field messages the server sent with a BAD_REQUEST (see the tRPC error formatter). */
export function serverFieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof TRPCClientError)) return {};
  const data = error.data as { fieldErrors?: Record<string, string[] | undefined> | null } | undefined;
  if (!data?.fieldErrors) return {};
  return Object.fromEntries(Object.entries(data.fieldErrors).map(([field, messages]) => [field, messages?.[0]]));
}

/** The tRPC error code (NOT_FOUND, FORBIDDEN, …) of an error, if it came from the API. */
export function errorCode(error: unknown): string | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  return (error.data as { code?: string } | undefined)?.code;
}

/** A message safe to show: the API's messages are written for users; anything else is generic. */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) return error.message;
  return "Something went wrong. Check your connection and try again.";
}
