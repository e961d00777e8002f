import { expect, test } from "@playwright/test";
import { signIn, trpc } from "./studio";

// A builder writes "every item … and the sum of … is at most …" with the rule builder's visual blocks,
// on a brand's own write whose lookups give lists of objects: the order's line items (from the read
// tool's response schema) and one stock record per returned item. The bench asks for the lists the
// blocks read, decides by them and shows which rule fired and the facts it read.
const demo = { email: "demo@switchback.dev", password: "switchback-demo", workspace: "demo-retail" };

const read = (name: string, arg: string, responseSchema: object) => ({
  name,
  description: name,
  method: "GET",
  url: `{{appUrl}}/${name}/{${arg}}`,
  args: { type: "object", properties: { [arg]: { type: "string" } }, required: [arg] },
  kind: "read",
  responseSchema,
});

let agentId: string | null = null;
test.afterEach(async ({ page }) => {
  if (agentId) await trpc(page, "agents.delete", { workspace: demo.workspace, agentId });
  agentId = null;
});

test("a builder writes a rule with every-item and sum blocks over a lookup's lists, and the bench shows which rule fired", async ({ page }) => {
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`/${demo.workspace}$`));
  // An agent of its own (the demo agent is shared by other specs), with a write bound to a new policy.
  const agent = (await trpc(page, "agents.create", { workspace: demo.workspace, name: `Return desk ${Date.now()}` })) as { id: string; slug: string };
  agentId = agent.id;
  const scope = { workspace: demo.workspace, agent: agent.slug };
  const line = { type: "object", properties: { sku: { type: "string" }, quantity: { type: "integer" }, unitPrice: { type: "number" } } };
  await trpc(page, "tools.save", { ...scope, tool: read("get_order", "order_id", { type: "object", properties: { total: { type: "number" }, items: { type: "array", items: line } } }) });
  await trpc(page, "tools.save", { ...scope, tool: read("get_stock", "sku", { type: "object", properties: { sku: { type: "string" }, returnable: { type: "boolean" } } }) });
  await trpc(page, "policies.create", { ...scope, key: "returns", name: "Returns" });
  await trpc(page, "tools.save", {
    ...scope,
    tool: {
      name: "return_items",
      description: "Return items of an order",
      method: "POST",
      url: "{{appUrl}}/orders/{order_id}/returns",
      args: { type: "object", properties: { order_id: { type: "string" }, skus: { type: "array", items: { type: "string" } } } },
      kind: "write",
      policyKey: "returns",
      factsFrom: [
        { tool: "get_order", as: "order" },
        { tool: "get_stock", as: "stock", forEach: "request.skus", args: { sku: "item" } },
      ],
    },
  });

  await page.goto(`/${demo.workspace}/agents/${agent.slug}/policies/returns`);
  const revision = page.getByTestId("policy-revision");
  await expect(revision).toHaveText("1");

  // A rule made of two blocks: every returned item is returnable, and the order's lines sum to at most 100.
  await page.getByRole("button", { name: "Add rule" }).click();
  await page.getByLabel("Rule 1 id", { exact: true }).fill("small-return");
  await page.getByRole("button", { name: "And another condition" }).click();
  await page.getByRole("button", { name: "Every item", exact: true }).click();
  await page.getByRole("button", { name: "Sum", exact: true }).click();
  await page.getByRole("button", { name: "Rule 1.1: remove condition" }).click();
  await page.getByRole("button", { name: "Rule 1.1: remove condition" }).click();
  const blocks = page.getByTestId("condition-block");
  await expect(blocks).toHaveCount(2);

  await page.getByLabel("Rule 1.1: list", { exact: true }).selectOption("stock");
  await page.getByLabel("Rule 1.1 item 1: fact", { exact: true }).selectOption("returnable");
  await expect(page.getByLabel("Rule 1.1 item 1: value", { exact: true })).toHaveValue("true");
  await expect(blocks.nth(0).getByTestId("block-reading")).toHaveText("Reads: every stock item has returnable true");

  await page.getByLabel("Rule 1.2: list", { exact: true }).selectOption("order.items");
  await page.getByLabel("Rule 1.2: field to sum", { exact: true }).selectOption("unit_price");
  await page.getByLabel("Rule 1.2: operator", { exact: true }).selectOption("lte");
  await page.getByLabel("Rule 1.2: value", { exact: true }).fill("100");
  await expect(blocks.nth(1).getByTestId("block-reading")).toHaveText("Reads: the sum of unit price over order items is at most 100");
  await expect(page.getByTestId("block-problem")).toHaveCount(0);

  await page.getByLabel("Rule 1 decision", { exact: true }).selectOption("allow");
  await page.getByLabel("Rule 1 reason", { exact: true }).fill("Returned.");
  await expect(page.getByTestId("rule-summary").first()).toHaveText("Allow if every stock item has returnable true and the sum of unit price over order items is at most 100");
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(revision).toHaveText("2");

  // Stored as blocks, not as expression text.
  const saved = (await trpc(page, "policies.get", { ...scope, key: "returns" }, "GET")) as { definition: { rules: { when: unknown }[] } };
  expect(saved.definition.rules[0]!.when).toEqual({
    all: [
      { every: "stock", where: { all: [{ field: "returnable", op: "eq", value: true }] } },
      { sum: "order.items", field: "unit_price", op: "lte", value: 100 },
    ],
  });

  // The bench asks for the two lists, decides by the blocks and shows the facts the rule read.
  const bench = page.getByTestId("test-bench");
  await bench.getByLabel("Value of stock").fill('[{"sku": "mug", "returnable": true, "exists": true}]');
  await bench.getByLabel("Value of order.items").fill('[{"sku": "mug", "quantity": 2, "unit_price": 12.5}, {"sku": "lamp", "quantity": 1, "unit_price": 40}]');
  await bench.getByRole("button", { name: "Evaluate" }).click();
  const result = bench.getByTestId("bench-result");
  await expect(result).toHaveAttribute("data-rule", "small-return");
  await expect(result).toHaveAttribute("data-decision", "allow");
  const trace = bench.getByTestId("bench-trace-row").filter({ hasText: "small-return" });
  await expect(trace).toContainText("matched");
  await expect(trace).toContainText('stock = [{"sku":"mug","returnable":true,"exists":true}]');
  await expect(trace).toContainText("order.items = [");

  // A line that is not returnable: the rule does not fire, the default decides.
  await bench.getByLabel("Value of stock").fill('[{"sku": "mug", "returnable": true, "exists": true}, {"sku": "rug", "returnable": false, "exists": true}]');
  await bench.getByRole("button", { name: "Evaluate" }).click();
  await expect(result).toHaveAttribute("data-rule", "default");
  await expect(result).toHaveAttribute("data-decision", "deny");
});
