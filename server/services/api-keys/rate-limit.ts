import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rateLimitWindows } from "@/db/schema";
import { DomainError } from "@/server/errors";

export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super("rate_limited", `Too many requests: try again in ${retryAfterSeconds} s`);
  }
}

/** The fixed one-minute window `now` falls in, and the seconds left in it. */
export function rateLimitWindow(now: Date): { start: Date; retryAfterSeconds: number } {
  const start = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  return { start, retryAfterSeconds: Math.max(1, Math.ceil((start.getTime() + 60_000 - now.getTime()) / 1000)) };
}

/**
 * Fixed one-minute windows counted in the database (one upsert per request), so every app instance
 * shares the count. Throws RateLimitedError with the seconds left in the window. (API keys are counted
 * by the same upsert inside authenticateApiKey.)
 */
export async function checkRateLimit(db: Db, input: { key: string; limitPerMinute: number; cost?: number; now?: Date }): Promise<{ remaining: number }> {
  const window = rateLimitWindow(input.now ?? new Date());
  // `cost`: requests this one counts as (a chat completion that replays 12 turns costs 12 more).
  const cost = input.cost ?? 1;
  const [row] = await db
    .insert(rateLimitWindows)
    .values({ key: input.key, windowStart: window.start, count: cost })
    .onConflictDoUpdate({ target: [rateLimitWindows.key, rateLimitWindows.windowStart], set: { count: sql`${rateLimitWindows.count} + ${cost}` } })
    .returning({ count: rateLimitWindows.count });
  const count = row!.count;
  if (count > input.limitPerMinute) throw new RateLimitedError(window.retryAfterSeconds);
  return { remaining: input.limitPerMinute - count };
}
