import { expect, test } from "@playwright/test";
import { signIn, trpc } from "./studio";

// A builder connects the brand's own backend: a lookup that verifies the customer (the path it names is
// where the runtime reads the verified user id from, and nowhere else), and a write whose policy gets
// its facts from a read tool.
const demo = { email: "demo@switchback.dev", password: "switchback-demo", workspace: "demo-retail" };
const ref = { workspace: demo.workspace, agent: "retail-support" };

test.afterEach(async ({ page }) => {
  // The demo agent is shared by every spec of a run: take the tools out again.
  const tools = (await trpc(page, "tools.list", ref, "GET")) as { name: string }[];
  for (const name of ["verify_member", "flag_order", "order_lookup"]) if (tools.some((t) => t.name === name)) await trpc(page, "tools.delete", { ...ref, name });
});

test("a builder adds a read tool that verifies the customer", async ({ page }) => {
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`/${demo.workspace}$`));
  await page.goto(`/${demo.workspace}/agents/retail-support/tools/new`);
  await page.getByLabel("Name", { exact: true }).fill("verify_member");
  await page.getByLabel("Description", { exact: true }).fill("Find a member by their card number (verifies them)");
  await page.getByLabel("URL", { exact: true }).fill("https://members.example/cards/{card}");
  await page.getByLabel("Verifies the customer").fill("member.id");
  await page.getByRole("button", { name: "Save tool" }).click();
  await expect(page).toHaveURL(/\/tools\/verify_member$/);

  await page.reload();
  await expect(page.getByLabel("Verifies the customer")).toHaveValue("member.id");
  const tools = (await trpc(page, "tools.list", ref, "GET")) as { name: string; definition: { authenticates?: unknown } }[];
  expect(tools.find((t) => t.name === "verify_member")?.definition.authenticates).toEqual({ userIdPath: "member.id" });
});

test("a builder gives a write tool facts from a read tool, for its policy", async ({ page }) => {
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`/${demo.workspace}$`));
  await page.goto(`/${demo.workspace}/agents/retail-support/tools/new`);
  await page.getByLabel("Name", { exact: true }).fill("flag_order");
  await page.getByLabel("Description", { exact: true }).fill("Flag an order for review in the brand's back office");
  await page.getByLabel("Kind").selectOption("write");
  await page.getByLabel("Method").selectOption("POST");
  await page.getByLabel("URL", { exact: true }).fill("https://backoffice.example/orders/{order_id}/flag");
  await page.getByRole("button", { name: "Lookup", exact: true }).click();
  await page.getByLabel("Lookup 1: read tool").selectOption("get_order_details");
  await expect(page.getByLabel("Lookup 1: name the facts")).toHaveValue("order");
  await page.getByLabel("Lookup 1: name the facts").fill("flagged");
  await page.getByLabel("Lookup 1: customer id in the answer").fill("user_id");
  await page.getByRole("button", { name: "Save tool" }).click();
  await expect(page).toHaveURL(/\/tools\/flag_order$/);

  await page.reload();
  await expect(page.getByLabel("Lookup 1: read tool")).toHaveValue("get_order_details");
  const tools = (await trpc(page, "tools.list", ref, "GET")) as { name: string; definition: { factsFrom?: unknown } }[];
  expect(tools.find((t) => t.name === "flag_order")?.definition.factsFrom).toEqual([{ tool: "get_order_details", as: "flagged", customerIdPath: "user_id" }]);
  // The rule builder now offers the lookup's facts.
  const facts = (await trpc(page, "policies.facts", ref, "GET")) as { name: string }[];
  expect(facts.map((f) => f.name)).toEqual(expect.arrayContaining(["flagged.exists", "flagged.belongs_to_authenticated_user"]));
});

test("a builder test-calls a tool from a form generated from its argument schema", async ({ page }) => {
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`/${demo.workspace}$`));
  // The store's order lookup, with more argument types than the seeded tools have (extra ones go to the query).
  const tools = (await trpc(page, "tools.list", ref, "GET")) as { name: string; definition: Record<string, unknown> }[];
  const base = tools.find((t) => t.name === "get_order_details")!.definition;
  const args = {
    type: "object",
    required: ["order_id"],
    properties: {
      order_id: { type: "string", description: "Order id such as #W0000000" },
      include: { type: "string", enum: ["items", "payments"], description: "What to include" },
      limit: { type: "integer", description: "At most this many lines" },
      verbose: { type: "boolean" },
      tags: { type: "array", items: { type: "string" } },
    },
  };
  await trpc(page, "tools.save", { ...ref, tool: { ...base, name: "order_lookup", args } });

  await page.goto(`/${demo.workspace}/agents/retail-support/tools/order_lookup`);
  await page.getByRole("button", { name: "Test call" }).click();
  const dialog = page.getByRole("dialog");
  const form = dialog.getByTestId("args-form");
  // Types become controls: text, a select for the enum, true/false, one line per list item; help and required marks.
  const orderId = form.getByLabel("order_id");
  // The field (label, control, help and error) around the control labelled `label`.
  const field = (label: string) => form.getByTestId("args-field").filter({ has: page.getByLabel(label) });
  await expect(orderId).toHaveAttribute("aria-required", "true");
  await expect(field("order_id")).toContainText("Order id such as #W0000000");
  await expect(form.getByLabel("include")).toHaveJSProperty("tagName", "SELECT");
  await expect(form.getByLabel("include").locator("option")).toHaveText(["—", "items", "payments"]);
  await expect(form.getByLabel("verbose")).toHaveJSProperty("tagName", "SELECT");
  await expect(form.getByLabel("tags")).toHaveJSProperty("tagName", "TEXTAREA");

  // Wrong arguments are reported at their fields and nothing is sent.
  await form.getByLabel("limit").fill("two");
  await dialog.getByRole("button", { name: "Send test call" }).click();
  await expect(orderId).toHaveAttribute("aria-invalid", "true");
  await expect(field("order_id")).toContainText("Required");
  await expect(field("limit")).toContainText("Must be a whole number");
  await expect(dialog.getByTestId("tool-test-result")).toHaveCount(0);

  await orderId.fill("#W2378156");
  await form.getByLabel("limit").fill("2");
  await form.getByLabel("tags").fill("a\nb");
  await expect(orderId).not.toHaveAttribute("aria-invalid", "true");

  // The JSON view shows the same arguments, and an edit there shows in the form.
  await dialog.getByRole("tab", { name: "JSON" }).click();
  const json = dialog.getByLabel("Arguments (JSON)");
  expect(JSON.parse(await json.inputValue())).toEqual({ order_id: "#W2378156", limit: 2, tags: ["a", "b"] });
  await json.fill(JSON.stringify({ order_id: "#W2378156", limit: 2, include: "payments" }));
  await dialog.getByRole("tab", { name: "Form" }).click();
  await expect(form.getByLabel("include")).toHaveValue("payments");
  await expect(form.getByLabel("tags")).toHaveValue("");

  await dialog.getByRole("button", { name: "Send test call" }).click();
  const result = dialog.getByTestId("tool-test-result");
  await expect(result).toHaveAttribute("data-ok", "true");
  await expect(result).toContainText("W2378156");
  await expect(result).toContainText("include=payments");
});
