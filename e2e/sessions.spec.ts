import { expect, test } from "@playwright/test";
import { createWorkspace, signIn, signUp, strongPassword, uniqueEmail } from "./studio";

test("a session cookie copied before sign-out no longer reaches the studio after it", async ({ page, browser }) => {
  await signUp(page, { name: "Sam Session", email: uniqueEmail("session"), password: strongPassword });
  await createWorkspace(page, `Session Co ${Date.now().toString(36)}`);
  const studioUrl = page.url();
  const copied = await page.context().cookies();
  expect(copied.some((c) => c.name.endsWith("authjs.session-token"))).toBe(true);

  // The copy works while the session is signed in...
  const thief = await browser.newContext();
  await thief.addCookies(copied);
  const thiefPage = await thief.newPage();
  await thiefPage.goto(studioUrl);
  await expect(thiefPage.getByRole("heading", { name: "Agents", exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  // ...and not after: the studio sends it to sign-in and the API answers 401.
  await thiefPage.goto(studioUrl);
  await expect(thiefPage).toHaveURL(/\/sign-in\?callbackUrl=/);
  const me = await thiefPage.request.get(`/api/trpc/account.me?input=${encodeURIComponent(JSON.stringify({ json: null }))}`);
  expect(me.status()).toBe(401);
  await thief.close();
});

test("ten wrong passwords throttle the account: even the right one is refused, with when to try again", async ({ page }) => {
  const email = uniqueEmail("throttled");
  await signUp(page, { name: "Tess Throttle", email, password: strongPassword });
  await createWorkspace(page, `Throttle Co ${Date.now().toString(36)}`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  const alert = page.getByTestId("sign-in-form").getByRole("alert");
  for (let i = 0; i < 10; i++) {
    await signIn(page, email, `wrong-password-${i}`);
    await expect(alert).toHaveText("Wrong email or password");
  }
  await signIn(page, email, strongPassword);
  await expect(alert).toHaveText("Too many sign-in attempts: try again in 15 minutes");
  await expect(page).toHaveURL(/\/sign-in/);
});
