import { eq, sql } from "drizzle-orm";
import { expect, test } from "vitest";
import { sessions, users } from "@/db/schema";
import { signIn } from "@/server/services/users/sign-in";
import { testDatabase } from "@/test/db";
import { makeUser } from "@/test/factories";
import { resolveSessionUser } from "./resolve-session";
import { revokeAllSessions, revokeSession } from "./revoke-session";

const { db } = await testDatabase();

/** Signs in as the cookie would be issued: the decoded token carries the user's id and the session's. */
async function signedInToken(user: { email: string }) {
  const result = await signIn(db, { credentials: { email: user.email, password: "correct horse battery" }, address: null });
  if (!result.ok) throw new Error(`sign-in failed: ${result.reason}`);
  return { uid: result.user.id, sid: result.sessionId };
}

test("a session valid before sign-out is rejected after it; the user's other sessions stay signed in", async () => {
  const user = await makeUser(db);
  const laptop = await signedInToken(user);
  const phone = await signedInToken(user);
  const copied = { ...laptop };
  expect(await resolveSessionUser(db, laptop)).toEqual({ id: user.id, email: user.email, name: user.name });

  await revokeSession(db, laptop);

  expect(await resolveSessionUser(db, copied)).toBeNull();
  expect(await resolveSessionUser(db, phone)).toMatchObject({ id: user.id });
});

test("a token issued before sessions were stored (no sid) is signed out", async () => {
  const user = await makeUser(db);
  expect(await resolveSessionUser(db, { uid: user.id })).toBeNull();
  expect(await resolveSessionUser(db, { uid: user.id, sid: "not-a-uuid" })).toBeNull();
});

test("a session is bound to its user: another user's id with it is rejected", async () => {
  const user = await makeUser(db);
  const other = await makeUser(db);
  const token = await signedInToken(user);
  expect(await resolveSessionUser(db, { uid: other.id, sid: token.sid })).toBeNull();
});

test("an expired session and a deleted account's session are rejected", async () => {
  const user = await makeUser(db);
  const expired = await signedInToken(user);
  await db.update(sessions).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(sessions.id, expired.sid));
  expect(await resolveSessionUser(db, expired)).toBeNull();

  const gone = await makeUser(db);
  const token = await signedInToken(gone);
  await db.delete(users).where(eq(users.id, gone.id));
  expect(await resolveSessionUser(db, token)).toBeNull();
});

test("signing out everywhere revokes every session of the caller and no one else's", async () => {
  const user = await makeUser(db);
  const other = await makeUser(db);
  const tokens = [await signedInToken(user), await signedInToken(user)];
  const others = await signedInToken(other);

  expect(await revokeAllSessions({ db, userId: user.id })).toEqual({ revoked: 2 });

  for (const token of tokens) expect(await resolveSessionUser(db, token)).toBeNull();
  expect(await resolveSessionUser(db, others)).toMatchObject({ id: other.id });
});
