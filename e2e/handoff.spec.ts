import { expect, test } from "@playwright/test";
import { startBrandSite } from "./brand-site";
import { handOffAndBack } from "./handoff-flow";
import { createWorkspace, signUp, strongPassword, uniqueEmail } from "./studio";

const studioUrl = `http://127.0.0.1:${process.env.E2E_PORT ?? "3100"}`;

test("a customer in the widget asks for a person; the inbox takes it, replies live, hands back to the AI", async ({ page, browser }) => {
  const site = await startBrandSite(studioUrl);
  try {
    await handOffAndBack(page, browser, site);
  } finally {
    await site.close();
  }
});

test("an admin sets the team's handoff hours; a bad time zone or time is a clear error and saves nothing", async ({ page }) => {
  await signUp(page, { name: "Hana Hours", email: uniqueEmail("hours"), password: strongPassword });
  await createWorkspace(page, `Hours ${Date.now().toString(36)}`);
  const base = new URL(page.url()).pathname;
  await page.goto(`${base}/settings/handoff`);
  await expect(page.getByRole("heading", { name: "Handoff hours" })).toBeVisible();
  await page.getByLabel("People answer only during business hours").check();
  await page.getByLabel("Saturday").uncheck();
  await page.getByLabel("Time zone").fill("Mars/Olympus");
  await page.getByRole("button", { name: "Save hours" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Use an IANA time zone" })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("People answer only during business hours")).not.toBeChecked(); // nothing was saved

  await page.getByLabel("People answer only during business hours").check();
  await page.getByLabel("Saturday").uncheck();
  await page.getByLabel("Time zone").fill("Europe/Berlin");
  await page.getByLabel("Opens at").fill("18:00");
  await page.getByLabel("Closes at").fill("08:00");
  await page.getByRole("button", { name: "Save hours" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Opening time must be before closing time" })).toBeVisible();

  await page.getByLabel("Opens at").fill("08:30");
  await page.getByLabel("Closes at").fill("17:00");
  await page.getByLabel("Minutes").fill("45");
  await page.getByRole("button", { name: "Save hours" }).click();
  await expect(page.getByText("Handoff hours saved")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Time zone")).toHaveValue("Europe/Berlin");
  await expect(page.getByLabel("Opens at")).toHaveValue("08:30");
  await expect(page.getByLabel("Saturday")).not.toBeChecked();
  await expect(page.getByLabel("Monday")).toBeChecked();
  await expect(page.getByLabel("Minutes")).toHaveValue("45");
});
