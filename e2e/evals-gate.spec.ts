import { expect, type Page, test } from "@playwright/test";
import { signIn, trpc } from "./studio";

// Issue 17's publish gate, as a builder meets it: the demo's gating suite "Policy refusals" has a case for
// the rule that refunds go only to the original payment method or a gift card. The builder deletes that
// rule, tries to publish, is blocked by the failing case, reads its transcript, restores the rule and
// publishes.
const demo = { email: "demo@switchback.dev", password: "switchback-demo", workspace: "demo-retail", agent: "retail-support" };
const ref = { workspace: demo.workspace, agent: demo.agent };
const agentPath = `/${demo.workspace}/agents/${demo.agent}`;
const caseName = "A refund to a card the order was not paid with is refused";
// Publishing runs the demo's 64 gating cases first (a few seconds; more on a loaded machine).
const publishing = { timeout: 50_000 };

type SavedPolicy = { key: string; name: string; definition: { description?: string; rules: { id: string }[]; defaultDecision: unknown } };
let original: SavedPolicy | null = null;
const restore = (page: Page) => {
  const { key, name, definition } = original!;
  return trpc(page, "policies.save", { ...ref, key, name, description: definition.description, rules: definition.rules, defaultDecision: definition.defaultDecision });
};
test.afterEach(async ({ page }) => {
  if (original) await restore(page);
});

test("a failing gating eval case blocks publishing until the rule it checks is restored", async ({ page }) => {
  test.setTimeout(150_000);
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`/${demo.workspace}$`));
  original = (await trpc(page, "policies.get", { ...ref, key: "return_delivered_order_items" }, "GET")) as SavedPolicy;
  expect(original.definition.rules.map((r) => r.id)).toContain("refund-to-original-or-gift-card");

  await test.step("the builder deletes the refund rule", async () => {
    await page.goto(`${agentPath}/policies`);
    await page.getByRole("link", { name: "Return items of a delivered order" }).click();
    const rule = page.locator('[data-testid="rule-card"][data-rule-id="refund-to-original-or-gift-card"]');
    await rule.getByRole("button", { name: /^Delete / }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete rule" }).click();
    await expect(rule).toHaveCount(0);
    await page.getByRole("button", { name: "Save policy" }).click();
    await expect(page.getByRole("button", { name: "Save policy" })).toBeDisabled();
  });

  await test.step("publishing runs the gating suites and is blocked by the case, which links to its run", async () => {
    await page.goto(`${agentPath}/releases`);
    const card = page.getByTestId("publish-card");
    await card.getByLabel("Release notes").fill("Without the refund rule");
    await card.getByRole("button", { name: "Publish" }).click();
    const blocker = card.getByRole("listitem").filter({ hasText: caseName });
    await expect(blocker).toBeVisible(publishing);
    await expect(blocker).toContainText("the gate decides deny on return_delivered_order_items by rule refund-to-original-or-gift-card");
    await expect(card.getByRole("button", { name: "Publish", exact: true })).toBeDisabled();
    await blocker.getByRole("link", { name: "See the run" }).click();
  });

  await test.step("the run page shows the failing case with its transcript", async () => {
    await expect(page).toHaveURL(new RegExp(`${agentPath}/evals/runs/[0-9a-f-]{36}$`));
    await expect(page.getByRole("heading", { level: 1 }).getByTestId("run-status")).toHaveAttribute("data-status", "failed");
    const result = page.getByTestId("run-case").filter({ hasText: caseName });
    await expect(result).toHaveAttribute("data-outcome", "failed");
    await result.getByRole("button", { name: new RegExp(caseName) }).click();
    await expect(result.getByTestId("expectation-result").filter({ hasText: "refund-to-original-or-gift-card" })).toHaveAttribute("data-passed", "false");
    await expect(result.getByTestId("run-transcript")).toContainText("I want to return an item");
  });

  await test.step("the builder restores the rule and publishes", async () => {
    // The policy as it was before the delete, saved through the studio's API as its editor saves it.
    await restore(page);
    original = null;
    await page.goto(`${agentPath}/releases`);
    const card = page.getByTestId("publish-card");
    await expect(card.getByRole("listitem").filter({ hasText: caseName })).toHaveCount(0);
    await card.getByLabel("Release notes").fill("Refund rule restored");
    await card.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByText(/Release \d+ published and live/)).toBeVisible(publishing);
  });
});
