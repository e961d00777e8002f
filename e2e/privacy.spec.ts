import { expect, test } from "@playwright/test";
import { signIn, trpc } from "./studio";

// Issue 20, privacy: an admin sets retention and redaction under Settings › Privacy, then forgets a customer
// the brand created through the hosted API; the conversation leaves the list and the API answers 404.

const demo = { email: "demo@switchback.dev", password: "switchback-demo", workspace: "demo-retail", agent: "retail-support" };

test("an admin sets retention and redaction, and forgets a customer", async ({ page }) => {
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`/${demo.workspace}$`));

  // Settings › Privacy: delete after 400 days, redaction on; saved and shown again after a reload.
  await page.goto(`/${demo.workspace}/settings/privacy`);
  await page.getByTestId("retention-mode").selectOption("delete");
  await page.getByTestId("retention-days").fill("400");
  await page.getByTestId("redact-pii").check();
  await page.getByRole("button", { name: "Save privacy settings" }).click();
  await expect(page.getByText("Privacy settings saved")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("retention-mode")).toHaveValue("delete");
  await expect(page.getByTestId("retention-days")).toHaveValue("400");
  await expect(page.getByTestId("redact-pii")).toBeChecked();
  // Back to off, so other specs on this database keep their conversations.
  await page.getByTestId("retention-mode").selectOption("off");
  await page.getByRole("button", { name: "Save privacy settings" }).click();
  await expect(page.getByText("Privacy settings saved").first()).toBeVisible();

  // The brand creates a conversation for its customer with an API key.
  const { key } = (await trpc(page, "apiKeys.create", { workspace: demo.workspace, name: `privacy e2e ${Date.now()}` })) as { key: string };
  const api = { authorization: `Bearer ${key}` };
  const externalId = `privacy-e2e-${Date.now()}`;
  const created = await page.request.post("/api/v1/conversations", { headers: api, data: { agent: demo.agent, customer: { id: externalId, attributes: { email: `${externalId}@shop.test` } } } });
  expect(created.status(), await created.text()).toBe(201);
  const conversation = (await created.json()) as { id: string };
  const list = `/${demo.workspace}/agents/${demo.agent}/conversations`;
  await page.goto(list);
  await expect(page.locator(`a[href$="/conversations/${conversation.id}"]`).first()).toBeVisible();

  // The profile: forget, typing the customer's id to confirm.
  const found = (await trpc(page, "customers.list", { workspace: demo.workspace, search: externalId }, "GET")) as { customers: { id: string }[] };
  await page.goto(`/${demo.workspace}/customers/${found.customers[0]!.id}`);
  await page.getByRole("button", { name: "Forget this customer" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Forget this customer?" });
  await expect(dialog).toContainText("Erases 1 conversation");
  await dialog.getByTestId("forget-confirm").fill(externalId);
  await dialog.getByRole("button", { name: "Forget for good" }).click();
  await expect(page).toHaveURL(new RegExp(`/${demo.workspace}/customers$`));
  const after = (await trpc(page, "customers.list", { workspace: demo.workspace, search: externalId }, "GET")) as { customers: unknown[] };
  expect(after.customers).toEqual([]);

  // Gone from the conversation list and from the API.
  await page.goto(list);
  await expect(page.locator("table tbody tr").first()).toBeVisible();
  await expect(page.locator(`a[href$="/conversations/${conversation.id}"]`)).toHaveCount(0);
  expect((await page.request.get(`/api/v1/conversations/${conversation.id}`, { headers: api })).status()).toBe(404);
  expect((await page.request.delete(`/api/v1/customers/${externalId}`, { headers: api })).status()).toBe(404);
});
