import "server-only";
import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { signInThrottles } from "@/db/schema";

/**
 * Attempts allowed per window that starts at the first attempt. An account allows few (a guesser
 * aims at one account); an address allows more, since an office or a school may share one.
 */
export const signInLimits = { account: 10, address: 50, windowSeconds: 15 * 60 } as const;

export interface ThrottleKeys {
  account: string;
  address: string | null;
}

// Hashed, so the table keeps neither the emails people tried nor their addresses.
const keyOf = (kind: string, value: string) => `${kind}:${createHash("sha256").update(value).digest("base64url")}`;

export function throttleKeys(email: string, address: string | null): ThrottleKeys {
  return { account: keyOf("account", email), address: address ? keyOf("address", address) : null };
}

/**
 * Counts one attempt against the account and the address (one atomic upsert, so concurrent
 * attempts cannot all slip under the limit) before the password is checked. Returns the seconds
 * until the attempt may be made again when either is over its limit, otherwise null.
 */
export async function countSignInAttempt(db: Db, keys: ThrottleKeys): Promise<number | null> {
  const rows = [keys.account, keys.address].filter((k) => k !== null).map((key) => ({ key, attempts: 1, windowStart: sql`now()` }));
  const expired = sql`${signInThrottles.windowStart} <= now() - make_interval(secs => ${signInLimits.windowSeconds})`;
  const counted = await db
    .insert(signInThrottles)
    .values(rows)
    .onConflictDoUpdate({
      target: signInThrottles.key,
      set: {
        attempts: sql`case when ${expired} then 1 else ${signInThrottles.attempts} + 1 end`,
        windowStart: sql`case when ${expired} then now() else ${signInThrottles.windowStart} end`,
      },
    })
    .returning({
      key: signInThrottles.key,
      attempts: signInThrottles.attempts,
      retryAfter: sql<number>`ceil(extract(epoch from ${signInThrottles.windowStart} + make_interval(secs => ${signInLimits.windowSeconds}) - now()))::int`,
    });
  const over = counted.filter((row) => row.attempts > (row.key === keys.account ? signInLimits.account : signInLimits.address));
  return over.length ? Math.max(1, ...over.map((row) => row.retryAfter)) : null;
}

/** A correct password: the account starts afresh, and the address gets this attempt back. */
export async function clearSignInAttempts(db: Db, keys: ThrottleKeys) {
  await db.delete(signInThrottles).where(eq(signInThrottles.key, keys.account));
  if (keys.address) {
    await db
      .update(signInThrottles)
      .set({ attempts: sql`greatest(${signInThrottles.attempts} - 1, 0)` })
      .where(eq(signInThrottles.key, keys.address));
  }
}
