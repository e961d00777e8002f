import "server-only";
import type { Db } from "@/db/client";
import { resolveSessionUser } from "@/server/services/sessions/resolve-session";
import { readSession } from "./config";

/**
 * The signed-in user: the cookie's session row must still exist (sign-out deletes it) and the user
 * is re-read with it, so a copied cookie after sign-out, or a deleted account's, is worthless.
 */
export async function currentUser(db: Db) {
  const session = await readSession();
  if (!session) return null;
  return resolveSessionUser(db, { uid: session.user?.id, sid: session.sid });
}
