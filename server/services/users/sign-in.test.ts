import { eq, sql } from "drizzle-orm";
import { expect, test } from "vitest";
import { signInThrottles } from "@/db/schema";
import { signInErrorMessage, throttledCode } from "@/lib/sign-in-errors";
import { testDatabase } from "@/test/db";
import { makeUser, uniq } from "@/test/factories";
import { signIn } from "./sign-in";
import { signInLimits, throttleKeys } from "./sign-in-throttle";

const { db } = await testDatabase();
const password = "correct horse battery";
const attempt = (email: string, pw: string, address: string | null = null) => signIn(db, { credentials: { email, password: pw }, address });

test(`after ${signInLimits.account} wrong passwords the account is throttled, the correct password too, with when to retry`, async () => {
  const user = await makeUser(db);
  for (let i = 0; i < signInLimits.account; i++) expect(await attempt(user.email, "wrong password")).toEqual({ ok: false, reason: "invalid" });

  const throttled = await attempt(user.email, password);
  expect(throttled).toMatchObject({ ok: false, reason: "throttled" });
  const { retryAfterSeconds } = throttled as { retryAfterSeconds: number };
  expect(retryAfterSeconds).toBeGreaterThan(0);
  expect(retryAfterSeconds).toBeLessThanOrEqual(signInLimits.windowSeconds);
  expect(signInErrorMessage(throttledCode(retryAfterSeconds))).toBe(
    `Too many sign-in attempts: try again in ${Math.ceil(retryAfterSeconds / 60)} minutes`,
  );
  // The email is matched as the sign-in form normalises it: case does not open a second counter.
  expect(await attempt(user.email.toUpperCase(), password)).toMatchObject({ reason: "throttled" });
});

test("another account is unaffected by one account's throttling", async () => {
  const victim = await makeUser(db);
  const bystander = await makeUser(db);
  for (let i = 0; i <= signInLimits.account; i++) await attempt(victim.email, "wrong password");
  expect(await attempt(victim.email, password)).toMatchObject({ reason: "throttled" });
  expect(await attempt(bystander.email, password)).toMatchObject({ ok: true, user: { id: bystander.id } });
});

test("a successful sign-in resets the account's counter", async () => {
  const user = await makeUser(db);
  for (let i = 0; i < signInLimits.account - 1; i++) await attempt(user.email, "wrong password");
  expect(await attempt(user.email, password)).toMatchObject({ ok: true });
  for (let i = 0; i < signInLimits.account; i++) expect(await attempt(user.email, "wrong password")).toMatchObject({ reason: "invalid" });
  expect(await attempt(user.email, password)).toMatchObject({ reason: "throttled" });
});

test("the window passes: an account throttled 15 minutes ago may try again", async () => {
  const user = await makeUser(db);
  for (let i = 0; i <= signInLimits.account; i++) await attempt(user.email, "wrong password");
  expect(await attempt(user.email, password)).toMatchObject({ reason: "throttled" });
  await db
    .update(signInThrottles)
    .set({ windowStart: sql`now() - make_interval(secs => ${signInLimits.windowSeconds + 1})` })
    .where(eq(signInThrottles.key, throttleKeys(user.email, null).account));
  expect(await attempt(user.email, password)).toMatchObject({ ok: true });
});

test("concurrent wrong passwords cannot slip past the limit: only the allowed number are checked", async () => {
  const user = await makeUser(db);
  const results = await Promise.all(Array.from({ length: 30 }, () => attempt(user.email, "wrong password")));
  expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(signInLimits.account);
  expect(results.filter((r) => !r.ok && r.reason === "throttled")).toHaveLength(30 - signInLimits.account);
});

test(`one address guessing across many accounts is throttled after ${signInLimits.address} attempts; other addresses are not`, async () => {
  const address = `198.51.100.${Math.floor(Math.random() * 250) + 1}-${uniq()}`;
  for (let i = 0; i < signInLimits.address; i++) {
    expect(await attempt(`nobody-${uniq()}@example.test`, "wrong password", address)).toMatchObject({ reason: "invalid" });
  }
  const user = await makeUser(db);
  expect(await attempt(user.email, password, address)).toMatchObject({ reason: "throttled" });
  expect(await attempt(user.email, password, "192.0.2.1")).toMatchObject({ ok: true });
});

test("successful sign-ins from a shared address do not use up its limit", async () => {
  const address = `office-${uniq()}`;
  const user = await makeUser(db);
  for (let i = 0; i <= signInLimits.address; i++) expect(await attempt(user.email, password, address)).toMatchObject({ ok: true });
});
