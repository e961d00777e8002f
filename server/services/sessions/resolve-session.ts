import "server-only";
import { and, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { sessions, users } from "@/db/schema";

const sessionToken = z.object({ sid: z.uuid(), uid: z.uuid() });

/**
 * The user behind a decoded session cookie, while its session row exists (not signed out, not
 * expired); otherwise null. One primary-key read joined to the user, so a deleted account or a
 * revoked session is rejected on the next request. A token without `sid` (issued before sessions
 * were stored) counts as signed out.
 */
export async function resolveSessionUser(db: Db, token: Record<string, unknown>) {
  const parsed = sessionToken.safeParse(token);
  if (!parsed.success) return null;
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, parsed.data.sid), eq(sessions.userId, parsed.data.uid), gt(sessions.expiresAt, sql`now()`)));
  return user ?? null;
}
