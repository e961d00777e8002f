import "server-only";
import { lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rateLimitWindows, signInThrottles } from "@/db/schema";
import { signInLimits } from "@/server/services/users/sign-in-throttle";

/** Drops rate-limit and sign-in throttle windows that can no longer count against anyone. */
export async function sweepWindows(db: Db): Promise<void> {
  await db.delete(rateLimitWindows).where(lt(rateLimitWindows.windowStart, sql`now() - interval '10 minutes'`));
  await db.delete(signInThrottles).where(lt(signInThrottles.windowStart, sql`now() - make_interval(secs => ${signInLimits.windowSeconds})`));
}
