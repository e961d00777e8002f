import { expect, test } from "@playwright/test";
import { signIn } from "./studio";

// Automatic annotation on the seeded demo: its history is annotated by the AI judge at seed time. The list
// filters by the AI's outcome, the conversation shows the annotation (marked AI) and re-annotates, the AI
// scores are marked not trusted (no reviewer has scored the demo yet), the filter exports as CSV, and the
// calibration page lists the AI-scored criteria.
const demo = { email: "demo@switchback.dev", password: "switchback-demo", workspace: "demo-retail", agent: "retail-support" };
const agentPath = `/${demo.workspace}/agents/${demo.agent}`;

test("the AI judge's annotation: filter, panel, re-annotate, trust, export and calibration", async ({ page }) => {
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`/${demo.workspace}$`));

  await page.goto(`${agentPath}/conversations`);
  await page.getByLabel("AI outcome").selectOption("escalated");
  await expect(page).toHaveURL(/[?&]aiOutcome=escalated/);
  const first = page.getByTestId("conversation-row").first();
  await expect(first).toBeVisible();

  const csvHref = await page.getByTestId("export-conversations").getByRole("link", { name: "CSV" }).getAttribute("href");
  expect(csvHref).toMatch(/aiOutcome=escalated/);
  const csv = await page.request.get(csvHref!);
  expect(csv.status()).toBe(200);
  const body = await csv.text();
  expect(body.startsWith("id,created_at,channel,status")).toBe(true);
  // The list shows the unfiltered rows until the filtered ones arrive: its first row, once filtered, is exported.
  const firstId = async () => (await first.getByRole("link").getAttribute("href"))!.split("/").at(-1)!;
  await expect.poll(async () => body.includes(`\n${await firstId()},`)).toBe(true);

  await first.getByRole("link").click();
  const annotation = page.getByTestId("ai-annotation");
  await expect(annotation.getByTestId("ai-outcome")).toHaveText("escalated");
  await expect(annotation).toContainText("AI");
  await expect(annotation).toContainText("handed to a person");
  await expect(annotation.getByTestId("ai-sentiment")).toHaveText(/^(negative|neutral|positive) \([+-]?\d\.\d\d\)$/);
  await annotation.getByRole("button", { name: "Re-annotate" }).click();
  await expect(page.getByText("Annotated by the AI")).toBeVisible();
  await expect(annotation.getByTestId("ai-outcome")).toHaveText("escalated");
  // No reviewer has scored the demo: every AI score is marked not trusted.
  const resolved = page.getByTestId("criterion-score").and(page.locator('[data-criterion="Resolved correctly"]'));
  await expect(resolved.getByTestId("ai-score").getByTestId("trust-badge")).toHaveText(/not trusted/);

  await page.getByRole("navigation", { name: "Workspace" }).getByRole("button", { name: "Quality" }).click();
  await page.getByRole("menuitem", { name: "Judge calibration" }).click();
  await expect(page.getByRole("heading", { name: "Judge calibration", level: 1 })).toBeVisible();
  const card = page.getByTestId("calibration-criterion").and(page.locator('[data-criterion="Resolved correctly"]'));
  await expect(card.getByTestId("calibration-n")).toHaveText("n 0");
  await expect(card.getByTestId("trust-badge")).toHaveAttribute("data-trusted", "false");
  // A database kept between runs (Postgres) may hold an earlier run's value: set another one.
  const threshold = page.getByLabel("Trusted at κ ≥");
  const next = (await threshold.inputValue()) === "0.7" ? "0.65" : "0.7";
  await threshold.fill(next);
  await page.getByRole("button", { name: "Save threshold" }).click();
  await expect(page.getByText(`Threshold set to κ ${Number(next).toFixed(2)}`)).toBeVisible();
});
