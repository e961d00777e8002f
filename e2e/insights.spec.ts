import { expect, test } from "@playwright/test";
import { signIn } from "./studio";

// The demo agent's Insights over the simulated history the demo workspace opens with (db/seed/demo.ts:
// conversations over the last 14 days of the seed): numbers and a chart, a wider range, and a number that
// opens the conversation list with its filter.
const demo = { email: "demo@switchback.dev", password: "switchback-demo", workspace: "demo-retail", agent: "retail-support" };
const agentPath = `/${demo.workspace}/agents/${demo.agent}`;

test("the demo agent's insights show numbers and charts, follow the date range, and click through to the conversations", async ({ page }) => {
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`/${demo.workspace}$`));

  await page.goto(agentPath);
  await page.getByRole("navigation", { name: "Agent" }).getByRole("link", { name: "Insights" }).click();
  await expect(page).toHaveURL(`${agentPath}/insights`);
  await expect(page.getByRole("heading", { name: "Insights", level: 1 })).toBeVisible();

  // Thirty days hold the whole simulated history, however long ago the database was seeded within reason.
  await page.getByLabel("Dates").selectOption("30");
  await expect(page).toHaveURL(/[?&]range=30/);
  const conversations = page.locator('[data-metric="Conversations"]').getByTestId("metric-value");
  await expect(conversations).toHaveText(/^[1-9]\d*$/);
  await expect(page.getByTestId("daily-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("by-channel").getByRole("row")).not.toHaveCount(1);
  const thirty = Number(await conversations.textContent());

  // Seven days are a subset of thirty.
  await page.getByLabel("Dates").selectOption("7");
  await expect(page).toHaveURL(/[?&]range=7/);
  await expect(page.getByRole("heading", { name: /previous 7 days/ }).or(page.getByTestId("insights-empty"))).toBeVisible();
  if (await page.getByTestId("insights-dashboard").isVisible()) expect(Number(await conversations.textContent())).toBeLessThanOrEqual(thirty);

  // Back to thirty days; the escalation rate opens the escalated conversations of those days.
  await page.getByLabel("Dates").selectOption("30");
  await expect(conversations).toHaveText(String(thirty));
  await page.locator('[data-metric="Escalation"]').click();
  await expect(page).toHaveURL(/\/conversations\?.*status=escalated/);
  await expect(page).toHaveURL(/from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}/);
  await expect(page.getByLabel("Outcome")).toHaveValue("escalated");
  const rows = page.getByTestId("conversation-row");
  await expect(rows.first()).toBeVisible();
  for (const badge of await page.getByTestId("conversations-table").getByTestId("status-badge").all()) await expect(badge).toHaveText("escalated");

  // A channel bar's number opens that channel's conversations.
  await page.goBack();
  const channelRow = page.getByTestId("by-channel").getByRole("row").nth(1);
  const channel = (await channelRow.getByRole("cell").first().textContent())!;
  await channelRow.getByRole("link").first().click();
  await expect(page).toHaveURL(new RegExp(`/conversations\\?.*channel=${channel}`));
  await expect(page.getByLabel("Channel")).toHaveValue(channel);
  await expect(rows.first()).toBeVisible();
});
