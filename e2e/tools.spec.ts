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
  for (const name of ["verify_member", "flag_order"]) if (tools.some((t) => t.name === name)) await trpc(page, "tools.delete", { ...ref, name });
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
  await page.getByLabel("Facts from a read tool").selectOption("get_order_details");
  await expect(page.getByLabel("Name the facts")).toHaveValue("order");
  await page.getByLabel("Name the facts").fill("flagged");
  await page.getByLabel("Customer id in the answer").fill("user_id");
  await page.getByRole("button", { name: "Save tool" }).click();
  await expect(page).toHaveURL(/\/tools\/flag_order$/);

  await page.reload();
  await expect(page.getByLabel("Facts from a read tool")).toHaveValue("get_order_details");
  const tools = (await trpc(page, "tools.list", ref, "GET")) as { name: string; definition: { factsFrom?: unknown } }[];
  expect(tools.find((t) => t.name === "flag_order")?.definition.factsFrom).toEqual({ tool: "get_order_details", as: "flagged", customerIdPath: "user_id" });
  // The rule builder now offers the lookup's facts.
  const facts = (await trpc(page, "policies.facts", ref, "GET")) as { name: string }[];
  expect(facts.map((f) => f.name)).toEqual(expect.arrayContaining(["flagged.exists", "flagged.belongs_to_authenticated_user"]));
});
