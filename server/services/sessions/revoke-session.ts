import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { sessions } from "@/db/schema";
import type { UserCtx } from "@/server/services/context";

/** Signs one session out: its cookie, wherever a copy of it is, stops working. */
export async function revokeSession(db: Db, token: Record<string, unknown> | null) {
  const sid = z.uuid().safeParse(token?.sid);
  if (sid.success) await db.delete(sessions).where(eq(sessions.id, sid.data));
}

/** Signs the caller out everywhere: every session of theirs, this one included. */
export async function revokeAllSessions(ctx: UserCtx) {
  const revoked = await ctx.db.delete(sessions).where(eq(sessions.userId, ctx.userId)).returning({ id: sessions.id });
  return { revoked: revoked.length };
}
