import { expect, test } from "@playwright/test";
import { signIn } from "./studio";

// The demo agent's Topics and Alerts over the history the demo workspace opens with (db/seed/demo.ts and
// db/seed/insights-signals.ts: topics computed, a busy day two days ago that the anomaly check caught).
const demo = { email: "demo@switchback.dev", password: "switchback-demo", workspace: "demo-retail", agent: "retail-support" };
const agentPath = `/${demo.workspace}/agents/${demo.agent}`;

test("the topics page lists gaps that open their conversations; the alerts page shows an alert's chart and acknowledges it", async ({ page }) => {
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`/${demo.workspace}$`));

  await page.goto(`${agentPath}/insights`);
  await page.getByRole("navigation", { name: "Insights" }).getByRole("link", { name: "Topics" }).click();
  await expect(page).toHaveURL(`${agentPath}/insights/topics`);
  await expect(page.getByRole("heading", { name: "Topics", level: 1 })).toBeVisible();
  const gap = page.getByTestId("topic-gap").first();
  await expect(gap).toBeVisible();
  await expect(page.getByTestId("topic-volume-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("topic-row")).not.toHaveCount(0);

  // A gap opens its conversations: the list filtered by the topic.
  await gap.getByRole("link").click();
  await expect(page).toHaveURL(/\/conversations\?topic=[0-9a-f-]{36}$/);
  await expect(page.getByTestId("topic-filter")).toContainText("Topic:");
  await expect(page.getByTestId("conversation-row").first()).toBeVisible();

  await page.goto(`${agentPath}/insights/alerts`);
  await expect(page.getByRole("heading", { name: "Alerts", level: 1 })).toBeVisible();
  const open = page.getByTestId("alert-row").filter({ has: page.getByTestId("alert-status").getByText("Open", { exact: true }) }).first();
  await open.getByRole("button").click();
  await expect(page).toHaveURL(/\?alert=[0-9a-f-]{36}$/);
  const detail = page.getByTestId("alert-detail");
  // The series, the baseline band, and the point that fired.
  await expect(detail.getByTestId("alert-chart").locator(".recharts-area")).toHaveCount(1);
  await expect(detail.getByTestId("alert-chart").locator(".recharts-reference-dot")).toBeVisible();
  await expect(detail).toContainText("days of history"); // the demo's history is shorter than the 28-day baseline

  await detail.getByRole("button", { name: "Acknowledge" }).click();
  await expect(detail.getByTestId("alert-acknowledged")).toContainText("Acknowledged by Demo Builder");
  await expect(page.locator('[data-testid="alert-row"][data-selected="true"]').getByTestId("alert-status")).toHaveText("Acknowledged");
});
