import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { signInInput } from "@/lib/schemas/account";
import { verifyPassword } from "@/server/auth/password";
import { createSession } from "@/server/services/sessions/create-session";
import { clearSignInAttempts, countSignInAttempt, throttleKeys } from "./sign-in-throttle";

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string }; sessionId: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/**
 * Email + password sign-in, throttled per account and per client address (`address` is null when
 * the app cannot tell it: see server/auth/client-address.ts). Never says which part was wrong; a
 * throttled attempt is refused before the password is checked, so a correct one does not get through.
 */
export async function signIn(db: Db, input: { credentials: unknown; address: string | null }): Promise<SignInResult> {
  const parsed = signInInput.safeParse(input.credentials);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const keys = throttleKeys(parsed.data.email, input.address);
  const retryAfterSeconds = await countSignInAttempt(db, keys);
  if (retryAfterSeconds !== null) return { ok: false, reason: "throttled", retryAfterSeconds };

  const user = await db.query.users.findFirst({ where: eq(users.email, parsed.data.email) });
  if (!user || !(await verifyPassword(user.passwordHash, parsed.data.password))) return { ok: false, reason: "invalid" };
  await clearSignInAttempts(db, keys);
  const sessionId = await createSession(db, user.id);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name }, sessionId };
}
