import { expect, test } from "@playwright/test";
import { signIn, trpc } from "./studio";

// A builder connects the brand's own member lookup as a tool that verifies the customer: the path it
// names is where the runtime reads the verified user id from (and nowhere else).
const demo = { email: "demo@switchback.dev", password: "switchback-demo", workspace: "demo-retail" };
const ref = { workspace: demo.workspace, agent: "retail-support" };

test.afterEach(async ({ page }) => {
  // The demo agent is shared by every spec of a run: take the tool out again.
  const tools = (await trpc(page, "tools.list", ref, "GET")) as { name: string }[];
  if (tools.some((t) => t.name === "verify_member")) await trpc(page, "tools.delete", { ...ref, name: "verify_member" });
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
