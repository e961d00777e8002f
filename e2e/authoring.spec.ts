import { expect, type Page, test } from "@playwright/test";
import { signIn, storeOrder, trpc } from "./studio";

// A CX builder changes the demo return policy without code, tests the change, and watches the agent
// follow it. The change made here is one the demo data shows: refunds to PayPal escalate to a person
// (Evelyn Gonzalez's delivered order #W8341134 was paid with PayPal and delivered within the window).
const demo = { email: "demo@switchback.dev", password: "switchback-demo", workspace: "demo-retail" };
const evelyn = { email: "evelyn.gonzalez2110@example.com", search: "evelyn.gonzalez", order: "W8341134", item: "7579176349", paypal: "paypal_4191414" };
const rule = { id: "paypal-refunds-escalate", reason: "Refunds to PayPal are handled by our payments team." };

// The demo agent is shared by every spec of a run (on Postgres its data persists between spec files):
// put the return policy and its tests back as they were.
let restore: ((page: Page) => Promise<void>) | null = null;
test.afterEach(async ({ page }) => {
  await restore?.(page);
});

async function openAgentArea(page: Page, area: string) {
  await page.getByRole("navigation", { name: "Agent" }).getByRole("link", { name: area }).click();
}

test("a builder edits the return policy, tests it, and the playground follows the new rule", async ({ page }) => {
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`/${demo.workspace}$`));
  await page.getByTestId("agent-card").filter({ hasText: "Retail support" }).click();
  await openAgentArea(page, "Policies");
  await expect(page.getByRole("heading", { name: "Policies" })).toBeVisible();
  await page.getByRole("link", { name: "Return items of a delivered order" }).click();
  await expect(page.getByTestId("policy-revision")).toHaveText("1");
  const ref = { workspace: demo.workspace, agent: "retail-support" };
  const original = (await trpc(page, "policies.get", { ...ref, key: "return_delivered_order_items" }, "GET")) as {
    key: string;
    name: string;
    definition: { description?: string; rules: unknown[]; defaultDecision: unknown };
  };
  const testsBefore = new Set(((await trpc(page, "policies.tests", ref, "GET")) as { id: string }[]).map((t) => t.id));
  restore = async (p) => {
    const { key, name, definition } = original;
    await trpc(p, "policies.save", { ...ref, key, name, description: definition.description, rules: definition.rules, defaultDecision: definition.defaultDecision });
    for (const t of (await trpc(p, "policies.tests", ref, "GET")) as { id: string }[]) {
      if (!testsBefore.has(t.id)) await trpc(p, "policies.deleteTest", { ...ref, id: t.id });
    }
  };

  // The seeded rules read in plain language, each collapsed to its summary: the page stays short.
  const rules = page.getByTestId("rule-card");
  await expect(page.locator('[data-rule-id="return-window"]').getByTestId("rule-summary")).toHaveText(
    "Deny if order delivered days ago is more than 30",
  );
  const count = await rules.count();
  expect(count).toBeGreaterThan(5);
  await expect(page.getByLabel("Rule 1 id", { exact: true })).toBeHidden();
  const listHeight = (await page.getByTestId("rule-list").boundingBox())!.height;
  expect(listHeight).toBeLessThan(count * 90);

  // Add a rule with the builder: fact, operator, value, decision, reason.
  await page.getByRole("button", { name: "Add rule" }).click();
  const n = count + 1;
  await page.getByLabel(`Rule ${n} id`, { exact: true }).fill(rule.id);
  await page.getByLabel(`Rule ${n}: fact`, { exact: true }).selectOption("request.payment_method_type");
  await page.getByLabel(`Rule ${n}: operator`, { exact: true }).selectOption("eq");
  await page.getByLabel(`Rule ${n}: value`, { exact: true }).fill("paypal");
  await page.getByLabel(`Rule ${n} decision`, { exact: true }).selectOption("escalate");
  await page.getByLabel(`Rule ${n} reason`, { exact: true }).fill(rule.reason);
  // Above the confirmation and the allow rule, so it decides before them.
  await page.getByRole("button", { name: `Move Rule ${n} up` }).click();
  await page.getByRole("button", { name: `Move Rule ${n - 1} up` }).click();
  const added = page.locator(`[data-rule-id="${rule.id}"]`);
  await expect(added.getByTestId("rule-summary")).toHaveText("Escalate to a person if request payment method type is paypal");
  await expect(rules.nth(n - 3)).toHaveAttribute("data-rule-id", rule.id);
  await expect(page.getByTestId("unsaved-diff")).toContainText(`+ Rule ${rule.id}`);

  // The return window itself: 30 → 45 days. Its form opens from its summary.
  const windowRule = page.locator('[data-rule-id="return-window"]');
  await expect(windowRule.getByRole("spinbutton")).toBeHidden();
  await windowRule.getByRole("button", { name: /^Expand Rule \d+ \(return-window\)$/ }).click();
  await windowRule.getByRole("spinbutton").fill("45");
  await expect(windowRule.getByTestId("rule-summary")).toHaveText("Deny if order delivered days ago is more than 45");
  await expect(page.getByTestId("unsaved-diff")).toContainText("Rule return-window changed");

  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByTestId("policy-revision")).toHaveText("2");
  await expect(page.getByTestId("unsaved-diff")).toContainText("Nothing changed since the last save.");

  // A second revision: rename the policy. Every revision is listed and any two can be compared.
  await page.getByLabel("Policy name").fill(`${original.name} (edited)`);
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByTestId("policy-revision")).toHaveText("3");
  const history = page.getByTestId("revision-history");
  await expect(history.getByTestId("revision-row")).toHaveCount(3);
  const diff = history.getByTestId("revision-diff");
  await expect(diff).toContainText("Name changed");
  await expect(diff).not.toContainText("return-window");
  await history.getByLabel("Compare from").selectOption("1");
  await expect(diff).toContainText(`+ Rule ${rule.id}`);
  await expect(diff).toContainText("Rule return-window changed");
  await expect(diff).toContainText("Name changed");
  await history.getByLabel("Compare to").selectOption("2");
  await expect(diff).toContainText("Rule return-window changed");
  await expect(diff).not.toContainText("Name changed");

  // Test bench: facts from the demo store order, the decision, and a saved policy test.
  const bench = page.getByTestId("test-bench");
  await bench.getByText("Load facts from the demo store").click();
  await bench.getByLabel("Order id").fill(`#${evelyn.order}`);
  await bench.getByLabel("Item ids").fill(evelyn.item);
  await bench.getByLabel("Payment method id").fill(evelyn.paypal);
  await bench.getByRole("button", { name: "Load facts" }).click();
  await expect(bench.getByLabel("Value of request.payment_method_type")).toHaveValue("paypal");
  await bench.getByRole("button", { name: "Evaluate" }).click();
  await expect(bench.getByTestId("bench-result")).toHaveAttribute("data-decision", "escalate");
  await expect(bench.getByTestId("bench-result")).toHaveAttribute("data-rule", rule.id);
  await bench.getByLabel("Test name").fill("PayPal refunds escalate");
  await bench.getByLabel("Expected rule (optional)").fill(rule.id);
  await bench.getByRole("button", { name: "Save as policy test" }).click();
  await expect(bench.getByText("Saved. It runs with the agent's policy tests.")).toBeVisible();

  const tests = page.getByTestId("policy-tests");
  await expect(tests.getByTestId("policy-test-row").filter({ hasText: "PayPal refunds escalate" })).toHaveAttribute("data-status", "not-run");
  await tests.getByRole("button", { name: "Run all policy tests" }).click();
  await expect(tests.getByTestId("policy-tests-summary")).toContainText("1 of 1 passed.");
  await expect(tests.getByTestId("policy-test-row").filter({ hasText: "PayPal refunds escalate" })).toHaveAttribute("data-status", "passed");

  // The playground follows the saved rule on the next turn.
  await openAgentArea(page, "Playground");
  const setup = page.getByTestId("customer-setup");
  await setup.getByLabel("Search customers").fill(evelyn.search);
  await setup.getByLabel("Customer", { exact: true }).selectOption({ label: `Evelyn Gonzalez · ${evelyn.email}` });
  await setup.getByRole("button", { name: "Start conversation" }).click();
  await expect(page).toHaveURL(/[?&]c=[0-9a-f-]{36}/);

  await expect(page.getByTestId("playground-session")).toContainText("as Evelyn Gonzalez");
  const agentMessages = page.getByTestId("chat-message").and(page.locator('[data-role="agent"]'));
  await expect(agentMessages).toHaveCount(1); // the greeting
  const say = async (text: string) => {
    const before = await agentMessages.count();
    await page.getByLabel("Message").fill(text);
    await page.getByRole("button", { name: "Send" }).click();
    await expect(agentMessages).toHaveCount(before + 1);
    await expect(page.getByTestId("chat-transcript")).toHaveAttribute("data-status", "ready");
    return agentMessages.nth(before);
  };
  await expect(await say(`I want to return the notebook from order #${evelyn.order}`)).toContainText(/verify your identity/i);
  await expect(await say(evelyn.email)).toContainText(/Evelyn, you're verified/);
  await expect(await say("to the original payment method")).toContainText(/member of our team/);
  await expect(page.getByTestId("playground-session").getByTestId("status-badge")).toHaveText("escalated");
  const lastTurn = page.getByTestId("trace-timeline").getByTestId("trace-turn").last();
  await expect(lastTurn.locator('[data-type="policy"][data-decision="escalate"]').first()).toBeVisible();

  // The order is untouched: the gate escalated instead of opening the return.
  expect(await storeOrder(page, { workspace: demo.workspace, agent: "retail-support" }, evelyn.order)).toMatchObject({ status: "delivered" });
});

test("a builder writes a rule as an expression over a computed fact: mistakes are shown at their place, it reads back in words, the bench decides by it", async ({ page }) => {
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`/${demo.workspace}$`));
  const ref = { workspace: demo.workspace, agent: "retail-support" };
  const original = (await trpc(page, "policies.get", { ...ref, key: "return_delivered_order_items" }, "GET")) as {
    key: string;
    name: string;
    definition: { description?: string; rules: unknown[]; defaultDecision: unknown };
  };
  restore = async (p) => {
    const { key, name, definition } = original;
    await trpc(p, "policies.save", { ...ref, key, name, description: definition.description, rules: definition.rules, defaultDecision: definition.defaultDecision });
  };
  await page.goto(`/${demo.workspace}/agents/retail-support/policies`);
  await page.getByRole("link", { name: "Return items of a delivered order" }).click();
  // Loaded (its rules are there to count) at the revision other tests left it.
  const revision = page.getByTestId("policy-revision");
  await expect(revision).toHaveText(/^\d+$/);
  const before = Number(await revision.innerText());
  const count = await page.getByTestId("rule-card").count();

  // A new rule, switched to an expression: it starts from what the visual condition said.
  await page.getByRole("button", { name: "Add rule" }).click();
  const n = count + 1;
  await page.getByLabel(`Rule ${n} id`, { exact: true }).fill("big-share-of-order");
  await page.getByRole("button", { name: "Write as an expression" }).last().click();
  const expression = page.getByLabel(`Rule ${n}: expression`, { exact: true });
  await expect(expression).not.toHaveValue("");

  // A misspelt fact: named, with its column, and marked in the text.
  await expression.fill("request.refund_amont > order.total * 0.5");
  const problem = page.getByTestId("expression-problem");
  await expect(problem).toContainText("No fact named refund_amont");
  await expect(problem).toContainText("at column 9");
  await expect(problem.locator("mark")).toHaveText("refund_amont");

  // A computed fact the rule can use: the share of the order the refund is.
  const computed = page.getByTestId("computed-facts");
  await computed.getByRole("button", { name: "Add computed fact" }).click();
  await computed.getByLabel("Computed fact 1 name").fill("refund_share");
  await computed.getByLabel("Computed fact 1 expression").fill("request.refund_amount / order.totl");
  await expect(computed.getByTestId("computed-fact-problem")).toContainText("No fact named totl");
  await computed.getByLabel("Computed fact 1 expression").fill("request.refund_amount / order.total");
  await expect(computed.getByTestId("computed-fact-problem")).toHaveCount(0);
  await expect(computed).toContainText("refund_share is request refund amount / order total");

  // Fixed, with the computed fact and a count over a list: it reads back in words.
  await expression.fill("refund_share > 0.5 && size(order.item_ids) > 1");
  await expect(problem).toHaveCount(0);
  await expect(page.getByTestId("expression-reading")).toHaveText("Reads: refund share is more than 0.5 and the number of order item ids is more than 1");
  await page.getByLabel(`Rule ${n} decision`, { exact: true }).selectOption("escalate");
  await page.getByLabel(`Rule ${n} reason`, { exact: true }).fill("A refund of most of an order goes to a person.");
  for (let i = n; i > 1; i--) await page.getByRole("button", { name: `Move Rule ${i} up` }).click();
  await expect(page.getByTestId("rule-card").first()).toHaveAttribute("data-rule-id", "big-share-of-order");
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(revision).toHaveText(String(before + 1));

  // The bench asks for the facts the expression reads and decides by it.
  const bench = page.getByTestId("test-bench");
  await bench.getByLabel("Value of request.refund_amount").fill("80");
  await bench.getByLabel("Value of order.total").fill("100");
  await bench.getByLabel("Value of order.item_ids").fill("1008292230, 6469567736");
  await bench.getByRole("button", { name: "Evaluate" }).click();
  await expect(bench.getByTestId("bench-result")).toHaveAttribute("data-rule", "big-share-of-order");
  await expect(bench.getByTestId("bench-result")).toHaveAttribute("data-decision", "escalate");
  await expect(bench.getByTestId("bench-computed")).toHaveText("Computed: refund_share = 0.8");
  await expect(bench.getByLabel("Value of refund_share")).toHaveCount(0); // computed, not entered
  await bench.getByLabel("Value of order.item_ids").fill("1008292230");
  await bench.getByRole("button", { name: "Evaluate" }).click();
  await expect(bench.getByTestId("bench-result")).not.toHaveAttribute("data-rule", "big-share-of-order");
});

test("a builder adds a decision table: overlapping rows of an exactly-one table are shown at the row, a rule uses its value, the bench shows the row that fired", async ({ page }) => {
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`/${demo.workspace}$`));
  const ref = { workspace: demo.workspace, agent: "retail-support" };
  const original = (await trpc(page, "policies.get", { ...ref, key: "return_delivered_order_items" }, "GET")) as {
    key: string;
    name: string;
    definition: { description?: string; facts?: unknown[]; rules: unknown[]; defaultDecision: unknown };
  };
  restore = async (p) => {
    const { key, name, definition } = original;
    await trpc(p, "policies.save", { ...ref, key, name, description: definition.description, facts: definition.facts, rules: definition.rules, defaultDecision: definition.defaultDecision });
  };
  await page.goto(`/${demo.workspace}/agents/retail-support/policies`);
  await page.getByRole("link", { name: "Return items of a delivered order" }).click();
  const revision = page.getByTestId("policy-revision");
  await expect(revision).toHaveText(/^\d+$/);
  const before = Number(await revision.innerText());
  const count = await page.getByTestId("rule-card").count();

  // A refund limit by payment method, where exactly one row may hold.
  const computed = page.getByTestId("computed-facts");
  const index = (await computed.getByTestId("computed-fact").count()) + (await computed.getByTestId("decision-table").count()) + 1;
  const t = `Computed fact ${index}`;
  await computed.getByRole("button", { name: "Decision table" }).click();
  await computed.getByLabel(`${t} name`, { exact: true }).fill("refund_limit");
  await computed.getByLabel(`${t} hit policy`, { exact: true }).selectOption("unique");
  await computed.getByLabel(`${t} row 1.1: fact`, { exact: true }).selectOption("request.payment_method_type");
  await computed.getByLabel(`${t} row 1.1: value`, { exact: true }).fill("paypal");
  await computed.getByLabel(`${t} row 1 value`, { exact: true }).fill("100");
  await computed.getByRole("button", { name: "Add row" }).click();
  await computed.getByLabel(`${t} row 2.1: fact`, { exact: true }).selectOption("request.payment_method_type");
  await computed.getByLabel(`${t} row 2.1: operator`, { exact: true }).selectOption("in");
  await computed.getByLabel(`${t} row 2.1: value`, { exact: true }).fill("paypal, credit_card");
  await computed.getByLabel(`${t} row 2.1: value`, { exact: true }).press("Tab");
  await computed.getByLabel(`${t} row 2 value`, { exact: true }).fill("500");
  const rows = computed.getByTestId("decision-table-row");
  await expect(rows.nth(1).getByTestId("decision-table-row-problem")).toContainText('Rows 1 and 2 of refund_limit can both hold (both hold when request.payment_method_type is "paypal")');
  await computed.getByLabel(`${t} row 2.1: value`, { exact: true }).fill("credit_card");
  await computed.getByLabel(`${t} row 2.1: value`, { exact: true }).press("Tab");
  await expect(computed.getByTestId("decision-table-row-problem")).toHaveCount(0);
  await expect(computed.getByTestId("decision-table-reading")).toHaveText(
    'refund_limit is 100 if request payment method type is paypal; 500 if request payment method type is one of "credit_card"; otherwise not known (exactly one row may hold)',
  );

  // A rule on the table's value, first in the list.
  await page.getByRole("button", { name: "Add rule" }).click();
  const n = count + 1;
  await page.getByLabel(`Rule ${n} id`, { exact: true }).fill("over-refund-limit");
  await page.getByRole("button", { name: "Write as an expression" }).last().click();
  await page.getByLabel(`Rule ${n}: expression`, { exact: true }).fill("request.refund_amount > refund_limit");
  await expect(page.getByTestId("expression-problem")).toHaveCount(0);
  await page.getByLabel(`Rule ${n} decision`, { exact: true }).selectOption("escalate");
  await page.getByLabel(`Rule ${n} reason`, { exact: true }).fill("Refunds over the limit for this payment method go to a person.");
  for (let i = n; i > 1; i--) await page.getByRole("button", { name: `Move Rule ${i} up` }).click();
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(revision).toHaveText(String(before + 1));

  // The bench asks for what the rows and the rule read, and shows the value with the row that gave it.
  const bench = page.getByTestId("test-bench");
  await bench.getByLabel("Value of request.refund_amount").fill("150");
  await bench.getByLabel("Value of request.payment_method_type").fill("paypal");
  await bench.getByRole("button", { name: "Evaluate" }).click();
  await expect(bench.getByTestId("bench-result")).toHaveAttribute("data-rule", "over-refund-limit");
  await expect(bench.getByTestId("bench-computed")).toContainText("refund_limit = 100 (row 1)");
  await expect(bench.getByLabel("Value of refund_limit")).toHaveCount(0);
});
