import { expect, test } from "@playwright/test";
import { type BrandSite, startBrandSite } from "./brand-site";
import { openWidget, signIn } from "./studio";

// Publish the demo agent, create an API key, embed the widget on a page of another origin, talk to the
// agent through it, and find the conversation in the studio.
const demo = { email: "demo@switchback.dev", password: "switchback-demo", workspace: "demo-retail", agent: "retail-support" };
const agentBase = `/${demo.workspace}/agents/${demo.agent}`;

let site: BrandSite;

test.beforeAll(async () => {
  // The brand's website: a static page on its own port, i.e. another origin than the studio.
  site = await startBrandSite(studioUrl);
});
test.afterAll(() => site.close());

const studioUrl = `http://127.0.0.1:${process.env.E2E_PORT ?? "3100"}`;

test("publish, create an API key, chat through the widget on another origin, find it in the viewer", async ({ page }) => {
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`/${demo.workspace}$`));

  // Publish the draft from the agent's Releases area.
  await page.getByTestId("agent-card").filter({ hasText: "Retail support" }).click();
  await page.getByRole("navigation", { name: "Agent" }).getByRole("link", { name: "Releases" }).click();
  await expect(page.getByRole("heading", { name: "Releases" })).toBeVisible();
  // The seed published release 1 (the demo answers on a fresh install); publishing here makes a later one.
  await expect(page.getByTestId("release-row").filter({ hasText: "Release 1, published by the seed" })).toHaveCount(1);
  const publish = page.getByTestId("publish-card");
  await expect(publish.getByRole("button", { name: "Publish" })).toBeEnabled();
  await publish.getByLabel("Release notes").fill("Widget launch");
  await publish.getByRole("button", { name: "Publish" }).click();
  // Publishing runs the demo's 64 gating eval cases on the draft first (earlier specs changed it).
  await expect(page.getByText(/Release \d+ published and live/)).toBeVisible({ timeout: 60_000 });
  const liveRow = page.getByTestId("release-row").and(page.locator('[data-state="live"]'));
  await expect(liveRow).toHaveCount(1);
  await expect(liveRow).toContainText("Widget launch");
  const liveNumber = Number(await liveRow.locator("td").first().innerText());
  expect(liveNumber).toBeGreaterThan(1);

  // An API key, shown once, that works against the hosted API.
  await page.goto(`/${demo.workspace}/settings/api-keys`);
  await page.getByLabel("Key name").fill(`e2e ${Date.now()}`);
  await page.getByRole("button", { name: "Create key" }).click();
  const key = await page.getByTestId("new-api-key").getByLabel("New API key").inputValue();
  expect(key).toMatch(/^sb_live_/);
  await expect(page.getByTestId("api-key-row").first()).toContainText(key.slice(0, 12));
  const created = await page.request.post("/api/v1/conversations", { headers: { authorization: `Bearer ${key}` }, data: { agent: demo.agent } });
  expect(created.status()).toBe(201);
  const conversation = (await created.json()) as { id: string };
  expect(conversation).toMatchObject({ release: liveNumber, status: "open" });

  // A forged Host header does not move where the agent's tools call: the store key goes to this app only.
  const forged = (text: string) =>
    page.request.post(`/api/v1/conversations/${conversation.id}/messages`, { headers: { authorization: `Bearer ${key}`, host: new URL(site.url).host }, data: { text } });
  expect((await forged("Where is my order?")).status()).toBe(200);
  const verified = await forged("yusuf.rossi7301@example.com");
  expect(verified.status()).toBe(200);
  expect(JSON.stringify(await verified.json())).toMatch(/Yusuf, you.re verified/);
  expect(site.requests).toEqual([]);

  // A widget key allowed on the brand's site, themed.
  await page.goto(`${agentBase}/widget`);
  const newKey = page.getByRole("button", { name: /Create widget|New widget key/ });
  // Counted once the keys have loaded (either button shows only then): other specs may have made keys.
  await expect(newKey.first()).toBeVisible();
  const before = await page.getByTestId("widget-key").count();
  await newKey.first().click();
  await expect(page.getByTestId("widget-key")).toHaveCount(before + 1);
  const widget = page.getByTestId("widget-key").last();
  await widget.getByLabel("Allowed origins").fill(site.url);
  await widget.getByLabel("Title").fill("Acme help");
  await widget.getByLabel("Starter prompts").fill("Where is my order?");
  await expect(widget.getByTestId("widget-preview")).toContainText("Acme help");
  await widget.getByRole("button", { name: "Save widget" }).click();
  await expect(widget.getByRole("status")).toHaveText("Saved.");
  site.key = (await widget.getAttribute("data-public-key"))!;
  expect(site.key).toMatch(/^sb_pub_/);

  // The brand's page, on another origin, with one script tag.
  const brand = await page.context().newPage();
  await brand.goto(site.url);
  const { chat, messages, say } = await openWidget(brand, "Acme help");
  await expect(messages.first()).toContainText("Hi, I'm Sam");
  await expect(chat.getByRole("button", { name: "Where is my order?" })).toBeVisible();
  await expect(await say("Where is my order #W2378156?")).toContainText(/verify your identity/);
  await expect(await say("yusuf.rossi7301@example.com")).toContainText(/W2378156 is delivered/);
  // A reload continues the same conversation.
  await brand.reload();
  await brand.getByRole("button", { name: "Open chat" }).click();
  await expect(brand.getByRole("dialog", { name: "Acme help" }).getByTestId("widget-message")).toHaveCount(5);
  await brand.close();

  // The studio shows it as a widget conversation on the live release.
  await page.goto(`${agentBase}/conversations`);
  await page.getByLabel("Channel").selectOption("widget");
  await expect(page).toHaveURL(/channel=widget/);
  const row = page.getByTestId("conversation-row").filter({ hasText: "Where is my order #W2378156?" }).first();
  await expect(row).toBeVisible();
  await expect(row).toContainText("widget");
  await row.getByRole("link").first().click();
  await expect(page.getByTestId("transcript")).toContainText("W2378156 is delivered");
});
