import { expect, test } from "@playwright/test";
import { signIn, trpc } from "./studio";

// A fresh install answers at once: the seed published release 1 of the demo agent, so the hosted API
// serves it with no publish in the studio (issue 22, item 15). The conversation it makes is then found
// by its journey in the studio (item 6), and its trace names journeys in the routing scores (item 9).
const demo = { email: "demo@switchback.dev", password: "switchback-demo", workspace: "demo-retail", agent: "retail-support" };
const agentBase = `/${demo.workspace}/agents/${demo.agent}`;
// Its own words per run, so a retry (or an earlier run on the same database) is never counted with it.
const ORDER = `Where is my order #W6679257? (live demo ${Date.now().toString(36)})`;

test("the seeded demo answers on the hosted API, and its conversation is found by journey with named routing scores", async ({ page }) => {
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`/${demo.workspace}$`)); // signed in before going on
  await page.goto(`${agentBase}/releases`);
  await expect(page.getByTestId("release-row").filter({ hasText: "Release 1, published by the seed" })).toHaveCount(1);

  const { key } = (await trpc(page, "apiKeys.create", { workspace: demo.workspace, name: `live demo ${Date.now()}` })) as { key: string };
  const api = (path: string, data: unknown) => page.request.post(`/api/v1${path}`, { headers: { authorization: `Bearer ${key}` }, data });
  const created = await api("/conversations", { agent: demo.agent });
  expect(created.status()).toBe(201);
  const conversation = (await created.json()) as { id: string; release: number };
  expect(conversation.release).toBeGreaterThanOrEqual(1);
  const asked = await api(`/conversations/${conversation.id}/messages`, { text: ORDER });
  expect(asked.status()).toBe(200);
  expect(JSON.stringify(await asked.json())).toMatch(/verify your identity/);

  // The Journey column names the journey, and filtering by it finds the conversation.
  await page.goto(`${agentBase}/conversations`);
  await page.getByLabel("Journey").selectOption({ label: "Order status" });
  await expect(page).toHaveURL(/journey=/);
  const rows = page.getByTestId("conversation-row");
  const row = rows.filter({ hasText: ORDER });
  await expect(row).toHaveCount(1);
  await expect(row.locator("td").nth(4)).toHaveText("Order status");
  // Every row the filter shows is that journey's (waiting out the list from before the filter).
  await expect(rows.locator("td:nth-child(5)").filter({ hasNotText: "Order status" })).toHaveCount(0);

  // Its trace's routing scores name journeys, not id prefixes.
  await row.getByRole("link").first().click();
  const scores = page.getByTestId("routing-scores").first();
  await expect(scores).toContainText("Order status");
  await expect(scores).not.toContainText(/\b[0-9a-f]{8}\b/);
});
