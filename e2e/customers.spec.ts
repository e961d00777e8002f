import { createHmac, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { openWidget, signIn, trpc } from "./studio";

// Issue 20: a brand's page signs an identity token for its signed-in shopper (server-side, with the secret
// the admin generated in the studio) and embeds the widget with it. The shopper asks about an order
// without being asked to verify; on a second visit the agent greets them with what it remembers.

const studioUrl = `http://127.0.0.1:${process.env.E2E_PORT ?? "3100"}`;
const demo = { email: "demo@switchback.dev", password: "switchback-demo", workspace: "demo-retail", agent: "retail-support" };
const shopper = { id: "yusuf_rossi_9620", firstName: "Yusuf", order: "#W2378156" };
const TITLE = "Acme help";

/** The brand's server: every page view signs a fresh sb1 token (HMAC-SHA256), as the Widget page's snippet does. */
async function startSignedInSite(identity: { secret: string; workspaceId: string; key: () => string }) {
  const server = createServer((req, res) => {
    if (req.url !== "/") return void res.writeHead(404).end();
    const claims = { workspace: identity.workspaceId, id: shopper.id, attributes: { plan: "gold" }, exp: Math.floor(Date.now() / 1000) + 300, nonce: randomUUID() };
    const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
    const token = `sb1.${payload}.${createHmac("sha256", identity.secret).update(`sb1.${payload}`).digest("base64url")}`;
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme, signed in</title></head><body><h1>Hello ${shopper.firstName}</h1>
<script src="${studioUrl}/widget.js" data-key="${identity.key()}" data-identity-token="${token}" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test("a signed-in shopper is verified by the brand's token and greeted with what the agent remembers", async ({ page, browser }) => {
  test.slow(); // one publish, which runs the demo's gating evals
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`/${demo.workspace}$`));
  const w = { workspace: demo.workspace };
  const agent = (await trpc(page, "agents.get", { ...w, agent: demo.agent }, "GET")) as { id: string; persona: Record<string, unknown> };

  // Admin setup through the studio's API: the identity secret (shown once), memory on, a greeting that uses it.
  const { secret, workspaceId } = (await trpc(page, "customers.rotateIdentitySecret", w)) as { secret: string; workspaceId: string };
  const on = { enabled: true, days: 30 };
  await trpc(page, "customers.saveMemorySettings", { ...w, preferred_name: on, language: on, last_order: on, open_problem: on });
  const greeting = "Hi, I'm Sam from the store's support team.{{#memory.preferred_name}} Welcome back, {{memory.preferred_name}}!{{/memory.preferred_name}} How can I help with your order today?";
  // Published once per database: a run on a kept database finds the greeting live already.
  if (agent.persona.greeting !== greeting) {
    await trpc(page, "settings.savePersona", { ...w, agent: agent.id, persona: { ...agent.persona, greeting } });
    await trpc(page, "releases.publish", { ...w, agentId: agent.id, notes: "customers e2e: greeting with memory" });
  }
  // A database kept from an earlier run may remember the shopper already: start from nothing (through the admin's API).
  const known = (await trpc(page, "customers.list", { ...w, search: shopper.id }, "GET")) as { customers: { id: string; externalId: string }[] };
  for (const c of known.customers.filter((k) => k.externalId === shopper.id)) {
    const profile = (await trpc(page, "customers.get", { ...w, customerId: c.id }, "GET")) as { memories: { id: string }[] };
    for (const m of profile.memories) await trpc(page, "customers.deleteMemory", { ...w, memoryId: m.id });
  }

  let key = "";
  const site = await startSignedInSite({ secret, workspaceId, key: () => key });
  try {
    const widget = (await trpc(page, "widget.create", { ...w, agentId: agent.id })) as { id: string; publicKey: string };
    await trpc(page, "widget.update", { ...w, widgetKeyId: widget.id, allowedOrigins: [site.url], theme: { title: TITLE } });
    key = widget.publicKey;

    // First visit: straight to the order, no "verify your identity".
    const first = await browser.newContext();
    const brand = await first.newPage();
    await brand.goto(site.url);
    const chat = await openWidget(brand, TITLE);
    await expect(chat.messages.first()).toHaveText(/^Hi, I'm Sam from the store's support team\. How can I help/);
    const reply = await chat.say(`Where is my order ${shopper.order}?`);
    await expect(reply).toContainText(`${shopper.order.slice(1)} is delivered`);
    await expect(chat.chat).not.toContainText("verify your identity");
    await first.close();

    // Second visit (a new browser, a new token): the agent remembers the shopper's name.
    const second = await browser.newContext();
    const again = await second.newPage();
    await again.goto(site.url);
    const chat2 = await openWidget(again, TITLE);
    await expect(chat2.messages.first()).toContainText(`Welcome back, ${shopper.firstName}!`);
    await second.close();

    // The studio: the customer's profile, with the remembered facts and both conversations.
    const list = (await trpc(page, "customers.list", { ...w, search: shopper.id }, "GET")) as { customers: { id: string; externalId: string }[] };
    await page.goto(`/${demo.workspace}/customers/${list.customers.find((c) => c.externalId === shopper.id)!.id}`);
    await expect(page.getByRole("heading", { name: shopper.id })).toBeVisible();
    await expect(page.getByTestId("memory-row").filter({ hasText: shopper.firstName })).toHaveCount(1);
    await expect(page.getByTestId("memory-row").filter({ hasText: shopper.order })).toHaveCount(1);
    await expect(page.getByTestId("customer-conversations").locator("tbody tr").first()).toBeVisible();
    expect(await page.getByTestId("customer-conversations").locator("tbody tr").count()).toBeGreaterThanOrEqual(2);
  } finally {
    await site.close();
  }
});
