import { expect, type Page, test } from "@playwright/test";
import { createAgent, createWorkspace, fillSignUp, signUp, strongPassword, uniqueEmail } from "./studio";

// The studio's shared UI: the dialog primitive's keyboard contract, the top navigation's layout,
// confirmations before destructive actions, the members page and the audit log. Each test signs up a
// fresh owner in a fresh workspace, so no other spec's data is touched.

async function freshOwner(page: Page, name = "Olivia Owner") {
  await signUp(page, { name, email: uniqueEmail("polish"), password: strongPassword });
  await createWorkspace(page, `Polish ${Date.now().toString(36)}`);
  return page.url();
}

const agent = { name: "Returns desk", description: "Returns and refunds", agentName: "Riley", tone: "professional", greeting: "Hi, Riley here." };

test("a dialog keeps focus inside, closes on Escape and gives focus back to its opener", async ({ page }) => {
  await freshOwner(page);
  const opener = page.getByRole("button", { name: "New agent" }).first();
  await opener.click();
  const dialog = page.getByRole("dialog", { name: "New agent" });
  await expect(dialog.getByLabel("Name", { exact: true })).toBeFocused();

  // More presses than the dialog has stops, both ways: focus never reaches the page behind it.
  const stops = await dialog.locator("input, textarea, select, button").count();
  const inside = () => page.evaluate(() => !!document.activeElement?.closest('[role="dialog"]'));
  for (let i = 0; i < stops + 2; i++) {
    await page.keyboard.press("Tab");
    expect(await inside(), `after ${i + 1} Tab presses`).toBe(true);
  }
  for (let i = 0; i < stops + 2; i++) {
    await page.keyboard.press("Shift+Tab");
    expect(await inside(), `after ${i + 1} Shift+Tab presses`).toBe(true);
  }

  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
});

test("the top navigation is one row at 1280 px and a menu below it", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await freshOwner(page);
  const nav = page.getByRole("navigation", { name: "Workspace" });
  const links = nav.getByRole("link");
  await expect(links.first()).toBeVisible();
  // Every item sits on the same line as the first, and the header keeps its height.
  const tops = await links.evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().top)));
  expect(new Set(tops).size, `link tops ${tops.join(", ")}`).toBe(1);
  expect((await page.locator("header").boundingBox())!.height).toBeLessThanOrEqual(57);
  // Nothing is squeezed out: the row does not overflow, and Sign out is on screen.
  expect(await page.locator("header > div").evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  const signOut = (await page.getByRole("button", { name: "Sign out" }).boundingBox())!;
  expect(signOut.x + signOut.width).toBeLessThanOrEqual(1280);
  await expect(page.getByTestId("nav-menu")).toBeHidden();

  // The admin pages are one menu away.
  await nav.getByRole("button", { name: "Settings" }).click();
  await page.getByRole("menuitem", { name: "Secrets" }).click();
  await expect(page.getByRole("heading", { name: "Secrets" })).toBeVisible();

  await page.setViewportSize({ width: 1024, height: 800 });
  await expect(nav).toBeHidden();
  await page.getByRole("button", { name: "Menu" }).click();
  await page.getByRole("menuitem", { name: "Members" }).click();
  await expect(page.getByRole("heading", { name: "Members" })).toBeVisible();
  expect((await page.locator("header").boundingBox())!.height).toBeLessThanOrEqual(57);
});

test("rolling back asks first, names the release, and can be cancelled", async ({ page }) => {
  await freshOwner(page);
  await createAgent(page, agent);
  await page.getByTestId("agent-card").filter({ hasText: agent.name }).click();
  await page.getByRole("navigation", { name: "Agent" }).getByRole("link", { name: "Releases" }).click();
  const publish = page.getByTestId("publish-card");
  for (const notes of ["First", "Second"]) {
    await publish.getByLabel("Release notes").fill(notes);
    await publish.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByTestId("release-row").filter({ hasText: notes })).toHaveCount(1);
  }
  const row = (n: number) => page.getByTestId("release-row").filter({ has: page.getByRole("cell", { name: String(n), exact: true }) });
  await expect(row(2)).toHaveAttribute("data-state", "live");

  await row(1).getByRole("button", { name: "Roll back to this" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Roll back to release 1?" });
  await expect(confirm).toContainText("New conversations in the hosted API and the widget get release 1 instead of release 2");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  await expect(row(2)).toHaveAttribute("data-state", "live");

  await row(1).getByRole("button", { name: "Roll back to this" }).click();
  await confirm.getByRole("button", { name: "Roll back" }).click();
  await expect(page.getByText("Rolled back to release 1")).toBeVisible();
  await expect(row(1)).toHaveAttribute("data-state", "live");
  await expect(row(2)).toHaveAttribute("data-state", "archived");
});

test("members: your own role is not a control, others' roles change through a row menu, and the audit log names it all", async ({ page, browser }) => {
  const workspaceUrl = await freshOwner(page);
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Members" }).click();
  const invite = page.getByTestId("invite-form");
  await invite.getByLabel("Role for the new member").selectOption("viewer");
  await invite.getByRole("button", { name: "Create invite link" }).click();
  const link = await page.getByTestId("invite-link").inputValue();

  const guest = await browser.newContext();
  const victor = await guest.newPage();
  await victor.goto(link);
  await victor.getByRole("link", { name: "Create an account" }).click();
  await fillSignUp(victor, { name: "Victor Viewer", email: uniqueEmail("victor"), password: strongPassword });
  await victor.getByRole("button", { name: "Accept invite" }).click();
  await expect(victor).toHaveURL(workspaceUrl);
  await guest.close();

  await page.reload();
  const table = page.getByTestId("members-table");
  const me = page.getByTestId("member-row").filter({ hasText: "(you)" });
  // The defect: the owner's own row had a role select right above the invite form's.
  await expect(table.getByRole("combobox")).toHaveCount(0);
  await expect(me.getByTestId("member-role")).toHaveText("Owner");
  await expect(me.getByRole("button")).toHaveCount(0);

  const victorRow = page.getByTestId("member-row").filter({ hasText: "Victor Viewer" });
  await victorRow.getByRole("button", { name: "Manage Victor Viewer" }).click();
  await page.getByRole("menuitemradio", { name: "Reviewer" }).click();
  await expect(page.getByText("Victor Viewer is now Reviewer")).toBeVisible();
  await expect(victorRow.getByTestId("member-role")).toHaveText("Reviewer");

  // The audit log: targets by name, changes field by field, filters.
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Audit log" }).click();
  const rows = page.getByTestId("audit-row");
  const roleChange = rows.filter({ hasText: "member.change_role" });
  await expect(roleChange.getByTestId("audit-target")).toContainText("Victor Viewer");
  await expect(roleChange.getByTestId("audit-changes")).toHaveText(/role:\s*viewer\s*→\s*reviewer/);

  const filters = page.getByTestId("audit-filters");
  await filters.getByLabel("Action").selectOption("member.join");
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText("Victor Viewer");
  await filters.getByLabel("Action").selectOption("");
  await filters.getByLabel("Actor").selectOption({ label: "Olivia Owner" });
  await expect(rows.filter({ hasText: "member.join" })).toHaveCount(0);
  await expect(rows.filter({ hasText: "member.change_role" })).toHaveCount(1);
  await filters.getByRole("button", { name: "Clear filters" }).click();

  await roleChange.getByTestId("audit-target").getByRole("button", { name: "Victor Viewer" }).click();
  await expect(page.getByTestId("audit-target-filter")).toContainText("Only Victor Viewer");
  await expect(rows.filter({ hasNotText: "Victor Viewer" })).toHaveCount(0);
  await filters.getByRole("button", { name: "Clear filters" }).click();

  await filters.getByLabel("To", { exact: true }).fill("2020-01-01");
  await expect(page.getByTestId("audit-no-match")).toBeVisible();
});
