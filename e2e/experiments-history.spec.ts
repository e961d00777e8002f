import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { signIn } from "./studio";

// The demo workspace's 30-day history holds a canary (db/seed/history.ts): release 2 took half of the API
// and widget conversations for ten days. Its Experiments page shows that run with both arms, and the
// automatic roll back setting saves (and is turned off again for the specs after this one).
const demo = { email: "demo@switchback.dev", password: "switchback-demo", workspace: "demo-retail", agent: "retail-support" };
const agentPath = `/${demo.workspace}/agents/${demo.agent}`;

test("the demo's canary from its history shows both arms; automatic roll back is set on the page", async ({ page }) => {
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`/${demo.workspace}$`));
  await page.goto(`${agentPath}/experiments`);
  await expect(page.getByLabel("Canary", { exact: true })).toContainText("Release 2 —");
  // Release 1 was live during the run (later specs may have published others since).
  await expect(page.getByTestId("arm-control")).toHaveText(/^Release 1( \(live\))?$/);
  await expect(page.getByTestId("arm-canary")).toHaveText("Release 2 (canary)");
  // Both arms served conversations: each metric's n is above zero on both sides.
  const resolution = page.getByTestId("experiment-metrics").locator('[data-metric="resolution"]');
  await expect(resolution.getByRole("cell").nth(1)).toContainText(/\(n [1-9]\d*\)/);
  await expect(resolution.getByRole("cell").nth(2)).toContainText(/\(n [1-9]\d*\)/);
  await expect(page.getByTestId("experiment-chart").locator(".recharts-bar")).toHaveCount(2);
  // The results and the setting, loaded, pass axe-core without serious or critical violations.
  const guard = page.getByTestId("canary-guard");
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

  const toggle = guard.getByLabel("Roll the canary back automatically");
  await expect(toggle).not.toBeChecked();
  await toggle.check();
  await guard.getByLabel("CSAT").uncheck();
  await guard.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Automatic roll back is on")).toBeVisible();
  await page.reload();
  await expect(toggle).toBeChecked();
  await expect(guard.getByLabel("CSAT")).not.toBeChecked();
  await expect(guard.getByLabel("Escalation")).toBeChecked();

  // Nothing to watch is refused with the reason; then off again.
  await guard.getByLabel("Escalation").uncheck();
  await guard.getByLabel("Denial rate").uncheck();
  await guard.getByRole("button", { name: "Save" }).click();
  await expect(guard.getByText("Pick at least one guard metric")).toBeVisible();
  await toggle.uncheck();
  await guard.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Automatic roll back is off")).toBeVisible();
});
