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
  await expect(page.getByLabel("Outcome", { exact: true })).toHaveValue("escalated");
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

test("a release filter changes the charts; a canary shows both arms on the experiment page and rolls back from there", async ({ page }) => {
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`/${demo.workspace}$`));
  await page.goto(`${agentPath}/insights?range=30`);
  const conversations = page.locator('[data-metric="Conversations"]').getByTestId("metric-value");
  await expect(conversations).toHaveText(/^[1-9]\d*$/);
  const all = Number(await conversations.textContent());
  const releaseRows = page.getByTestId("by-release").getByRole("row");
  await expect(releaseRows).not.toHaveCount(1);

  // Release 1 only: fewer conversations (the playground's run the draft), and the release breakdown is that release alone.
  await page.getByLabel("Release", { exact: true }).selectOption("1");
  await expect(page).toHaveURL(/[?&]release=1/);
  await expect(conversations).not.toHaveText(String(all));
  await expect(releaseRows).toHaveCount(2);
  await expect(page.getByTestId("by-release").getByRole("cell").first()).toHaveText("Release 1");
  await expect(page.getByTestId("daily-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();

  // A canary: release 2 published without going live, then given 10 % of new conversations (the studio's own procedures).
  const trpc = async (path: string, input: unknown) => {
    const res = await page.request.post(`/api/trpc/${path}`, { data: { json: input } });
    expect(res.ok(), await res.text()).toBe(true);
    return (await res.json()).result.data.json;
  };
  const agentRes = await page.request.get(`/api/trpc/agents.get?input=${encodeURIComponent(JSON.stringify({ json: { workspace: demo.workspace, agent: demo.agent } }))}`);
  const agentId = (await agentRes.json()).result.data.json.id as string;
  const published = await trpc("releases.publish", { workspace: demo.workspace, agentId, notes: "Canary from the insights spec", makeLive: false });
  await trpc("releases.setCanary", { workspace: demo.workspace, agentId, releaseId: published.id, percent: 10 });

  await page.goto(`${agentPath}/insights`);
  await page.getByRole("link", { name: "Experiments" }).first().click();
  await expect(page).toHaveURL(`${agentPath}/experiments`);
  await expect(page.getByTestId("arm-control")).toHaveText(/^Release \d+ \(live\)$/);
  await expect(page.getByTestId("arm-canary")).toHaveText(`Release ${published.number} (canary)`);
  await expect(page.getByTestId("experiment-metrics").locator("[data-metric]")).toHaveCount(6);
  await expect(page.getByTestId("experiment-chart").locator(".recharts-bar")).toHaveCount(2);

  // Roll back from the experiment: the canary stops (the other specs get the live release only).
  await page.getByRole("button", { name: "Roll back the canary" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Roll back" }).click();
  await expect(page.getByRole("button", { name: "Roll back the canary" })).toBeHidden();
  await expect(page.getByLabel("Canary", { exact: true })).toContainText(`Release ${published.number} —`);
});
