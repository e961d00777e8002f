import { getPath } from "./journey/expressions";
import type { SessionState } from "./types";

/**
 * The one place a session's customer becomes verified: the verifying lookup's answer (tools/call-tool.ts)
 * and a brand's identity (a valid widget token, or the brand's server with `customer.verified`) both come
 * here, so the gate (`session.authenticated_user_id`) cannot tell them apart. `userId` is the id the
 * brand's own lookups use for the customer.
 */
export function setVerifiedCustomer(session: Pick<SessionState, "authenticatedUserId" | "customer">, userId: string): void {
  session.authenticatedUserId = userId;
  if (session.customer?.userId !== userId) session.customer = { userId };
}

const FIRST_NAME_PATHS = ["first_name", "firstName", "given_name", "givenName", "name.first_name", "name.firstName", "name.given_name", "name.first"];

/** The first name in a customer profile answer, under the usual field names (snake or camel case, flat or under `name`). */
export function profileFirstName(profile: unknown): string | undefined {
  for (const path of FIRST_NAME_PATHS) {
    const value = getPath(profile, path);
    if (typeof value === "string" && value.trim()) return value.trim().slice(0, 100);
  }
  return undefined;
}
