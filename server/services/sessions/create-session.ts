import "server-only";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { sessions } from "@/db/schema";

/** How long a sign-in lasts, at most: the session row and the cookie (server/auth/config.ts) share it. */
export const sessionMaxAgeSeconds = 30 * 24 * 3600;

/** Starts a session for a user who just proved who they are; its id goes into the cookie as `sid`. */
export async function createSession(db: Db, userId: string) {
  // Sessions never signed out are dropped once expired, on the owner's next sign-in.
  await db.delete(sessions).where(and(eq(sessions.userId, userId), lt(sessions.expiresAt, sql`now()`)));
  const [session] = await db
    .insert(sessions)
    .values({ userId, expiresAt: sql`now() + make_interval(secs => ${sessionMaxAgeSeconds})` })
    .returning({ id: sessions.id });
  return session!.id;
}
