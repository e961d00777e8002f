import { expect, type Page, test } from "@playwright/test";
import { signIn, storeOrder } from "./studio";

// The seeded demo workspace, its "Retail support" agent and the τ² store behind it. Each test uses its
// own orders of one store customer (Yara Ito): with Postgres the store persists across spec files.
const demo = { email: "demo@switchback.dev", password: "switchback-demo", workspace: "demo-retail", agent: "retail-support" };
const yara = { email: "yara.ito7353@example.com", search: "yara.ito" };
const emma = { email: "emma.kovacs6621@example.com", order: "W2307204" }; // pending; her gift card holds less than it costs
const orders = { toReturn: "W1304208", toRefuseCancel: "W8353027", toStream: "W1809337" };

async function openPlayground(page: Page) {
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`/${demo.workspace}$`));
  await page.getByTestId("agent-card").filter({ hasText: "Retail support" }).click();
  await page.getByRole("navigation", { name: "Agent" }).getByRole("link", { name: "Playground" }).click();
  await expect(page.getByRole("heading", { name: "Playground" })).toBeVisible();
}

async function startAsYara(page: Page) {
  const setup = page.getByTestId("customer-setup");
  await setup.getByLabel("Search customers").fill(yara.search);
  await expect(setup.getByLabel("Customer", { exact: true }).locator("option", { hasText: yara.email })).toHaveCount(1);
  await setup.getByLabel("Customer", { exact: true }).selectOption({ label: `Yara Ito · ${yara.email}` });
  await setup.getByLabel("Metadata").fill("plan=gold\nsource=e2e");
  await setup.getByRole("button", { name: "Start conversation" }).click();
  await expect(page).toHaveURL(/[?&]c=[0-9a-f-]{36}/);
  await expect(page.getByTestId("playground-session")).toContainText("as Yara Ito");
}

/** Sends a message and waits for the agent's reply to the turn (the n-th agent message, greeting included). */
async function say(page: Page, text: string) {
  const agentMessages = page.getByTestId("chat-message").and(page.locator('[data-role="agent"]'));
  const before = await agentMessages.count();
  await page.getByLabel("Message").fill(text);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(agentMessages).toHaveCount(before + 1);
  await expect(page.getByTestId("chat-transcript")).toHaveAttribute("data-status", "ready");
  return agentMessages.nth(before);
}

test("a builder returns an item in the playground, sees the trace, and the store changes", async ({ page }) => {
  await openPlayground(page);
  await startAsYara(page);

  await expect(await say(page, `I want to return the hiking boots from order #${orders.toReturn}`)).toContainText(/verify your identity/i);
  await expect(await say(page, yara.email)).toContainText(/Yara, you're verified/);
  const confirm = await say(page, "to the original payment method");
  await expect(confirm).toContainText(`Hiking Boots from order #${orders.toReturn}`);
  await expect(confirm).toContainText(/reply yes/i);
  await expect(await say(page, "yes")).toContainText(/return requested/);

  const timeline = page.getByTestId("trace-timeline");
  await expect(timeline.getByTestId("trace-turn")).toHaveCount(4);
  const lastTurn = timeline.getByTestId("trace-turn").last();
  await expect(lastTurn.locator('[data-type="policy"][data-decision="allow"]')).toHaveCount(1);
  const toolStep = lastTurn.locator('[data-type="tool"]').filter({ hasText: "return" });
  await expect(toolStep).toContainText("key ");
  await toolStep.getByRole("button").click();
  await expect(toolStep.getByTestId("trace-payload")).toContainText('"status": "return requested"');
  // Routing shows the classifier's scores; the first turn chose the return journey.
  await expect(timeline.getByTestId("trace-turn").first().locator('[data-type="route"]').first()).toContainText("scores");

  expect(await storeOrder(page, demo, orders.toReturn)).toMatchObject({ status: "return requested" });
  // The store's API is a brand's backend: without the workspace's store key (a session is not one) it answers 401.
  const open = await page.request.get(`/api/store/${demo.workspace}/users/yara_ito_8499`);
  expect(open.status()).toBe(401);
  expect(await open.json()).toMatchObject({ error: { code: "unauthorized" } });

  // The transcript and the trace come from the database: a reload restores both.
  await page.reload();
  await expect(page.getByTestId("chat-message")).toHaveCount(9);
  await expect(page.getByTestId("trace-turn")).toHaveCount(4);
  await expect(page.getByTestId("playground-session").getByTestId("status-badge")).toHaveText("resolved");

  // Reset: a new conversation as the same customer.
  const before = page.url();
  await page.getByRole("button", { name: "Reset" }).click();
  await expect(page).not.toHaveURL(before);
  await expect(page.getByTestId("playground-session")).toContainText("as Yara Ito");
  await expect(page.getByTestId("chat-message")).toHaveCount(1);
  await expect(page.getByTestId("trace-empty")).toBeVisible();
});

test("a delivered order cannot be cancelled; asking for a human hands off; the viewer shows the same trace", async ({ page }) => {
  await openPlayground(page);
  await startAsYara(page);

  await say(page, `cancel order #${orders.toRefuseCancel}`);
  await say(page, yara.email);
  await expect(await say(page, "I no longer need it")).toContainText(/Only pending orders can be cancelled/);
  // The policy gate refuses the write, with its rule and reason in the trace.
  const refusal = page.getByTestId("trace-turn").last().getByTestId("policy-denial");
  await expect(refusal).toContainText("order-pending");
  await expect(refusal).toContainText("Only pending orders can be cancelled");
  expect(await storeOrder(page, demo, orders.toRefuseCancel)).toMatchObject({ status: "delivered" });

  await expect(await say(page, "I want to talk to a human")).toContainText(/member of our team/);
  const handoff = page.getByTestId("handoff-summary");
  await expect(handoff).toBeVisible();
  await expect(handoff.getByTestId("handoff-who")).toContainText(yara.email);
  await expect(handoff.getByTestId("handoff-wants")).toContainText(`cancel order #${orders.toRefuseCancel}`);
  await expect(handoff.getByTestId("handoff-why")).not.toBeEmpty();
  await expect(page.getByTestId("playground-session").getByTestId("status-badge")).toHaveText("escalated");
  const conversationId = new URL(page.url()).searchParams.get("c")!;

  // The same conversation in the viewer, filtered to escalated.
  await page.getByRole("navigation", { name: "Agent" }).getByRole("link", { name: "Conversations" }).click();
  await expect(page.getByRole("heading", { name: "Conversations" })).toBeVisible();
  await page.getByLabel("Outcome", { exact: true }).selectOption("escalated");
  await expect(page).toHaveURL(/status=escalated/);
  const rows = page.getByTestId("conversation-row");
  await expect(rows.first()).toBeVisible();
  await expect(rows.getByTestId("status-badge").filter({ hasNotText: "escalated" })).toHaveCount(0);
  await rows.filter({ hasText: `cancel order #${orders.toRefuseCancel}` }).first().getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/conversations/${conversationId}$`));
  await expect(page.getByTestId("handoff-summary")).toContainText(yara.email);
  await expect(page.getByTestId("transcript-message")).toHaveCount(9);
  await expect(page.getByTestId("transcript")).toContainText("Only pending orders can be cancelled");
  await expect(page.getByTestId("trace-turn")).toHaveCount(4);
  await expect(page.getByTestId("trace-turn").nth(2).getByTestId("policy-denial")).toContainText("order-pending");
  await expect(page.getByTestId("trace-turn").last().locator('[data-type="escalation"]')).toHaveCount(1);
});

test("a write the policy denies shows red in the trace with its rule and reason", async ({ page }) => {
  await openPlayground(page);
  await page.getByTestId("customer-setup").getByRole("button", { name: "Start conversation" }).click();
  await expect(page.getByTestId("playground-session")).toContainText("an anonymous customer");

  await say(page, `change the payment method on order #${emma.order}`);
  await say(page, emma.email);
  await expect(await say(page, "gift card")).toContainText(/gift card's balance does not cover/);
  const denial = page.getByTestId("policy-denial");
  await expect(denial).toHaveCount(1);
  await expect(denial.locator("code")).not.toBeEmpty();
  await expect(denial).toContainText(/balance/i);
  await expect(page.locator('[data-testid="trace-step"][data-type="policy"][data-decision="deny"]')).toHaveClass(/bg-red-50/);
  expect((await storeOrder(page, demo, emma.order)).payment_history).toHaveLength(1);
});

test("the reply streams as server-sent events: the text, then the turn's data part; a reload shows every turn", async ({ page }) => {
  await openPlayground(page);
  await startAsYara(page);
  const conversationId = new URL(page.url()).searchParams.get("c")!;
  const agentId = (await page.getByTestId("playground").getAttribute("data-agent-id"))!;

  // Read the route's body in the browser (with the session cookie) as it arrives, one entry per read.
  const send = (text: string, id: string) =>
    page.evaluate(
      async ({ body }) => {
        const started = performance.now();
        const res = await fetch("/api/playground/chat", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
        const reader = res.body!.getReader();
        const decoder = new TextDecoder();
        const reads: { types: string[]; at: number }[] = [];
        let buffer = "";
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          const events = buffer.split("\n\n");
          buffer = events.pop() ?? "";
          const types = events.flatMap((e) => {
            const data = e.replace(/^data: /, "");
            if (data === "[DONE]") return ["[DONE]"];
            try {
              return [(JSON.parse(data) as { type: string }).type];
            } catch {
              return [];
            }
          });
          reads.push({ types, at: performance.now() - started });
        }
        return { status: res.status, contentType: res.headers.get("content-type"), reads };
      },
      { body: { workspace: demo.workspace, agentId, conversationId, messages: [{ id, role: "user", parts: [{ type: "text", text }] }] } },
    );

  const firstText: number[] = [];
  const lines = [`where is my order #${orders.toStream}?`, yara.email, `where is my order #${orders.toReturn}?`, `where is my order #${orders.toRefuseCancel}?`, `where is my order #${orders.toStream}?`];
  for (const [i, text] of lines.entries()) {
    const { status, contentType, reads } = await send(text, `stream-${i}-${Date.now()}`);
    expect(status).toBe(200);
    expect(contentType).toContain("text/event-stream");
    const readOf = (type: string) => reads.findIndex((r) => r.types.includes(type));
    const delta = readOf("text-delta");
    const turn = readOf("data-turn");
    expect(delta, `turn ${i + 1}: a text-delta`).toBeGreaterThanOrEqual(0);
    expect(turn, `turn ${i + 1}: a data-turn part`).toBeGreaterThanOrEqual(0);
    expect(delta, `turn ${i + 1}: text never arrives after the turn's data part`).toBeLessThanOrEqual(turn);
    firstText.push(reads[delta]!.at);
  }
  // That the first piece arrives before the rest of the turn has run is proved by order, not timing, in
  // stream-playground-turn.test.ts: here the browser may coalesce chunks a few ms apart into one read.
  const sorted = [...firstText].sort((a, b) => a - b);
  const timings = `${firstText.map((t) => t.toFixed(0)).join(", ")}; median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)}`;
  test.info().annotations.push({ type: "time to first text (ms)", description: timings });
  console.log(`time from send to first streamed text (ms): ${timings}`);

  // The page shows what the route stored: a reload lists all five turns.
  await page.reload();
  await expect(page.getByTestId("trace-turn")).toHaveCount(lines.length);

  // Re-run: a new conversation replays the earlier messages, then streams the last one again.
  await page.getByRole("button", { name: "Re-run last message" }).click();
  await expect(page).not.toHaveURL(new RegExp(conversationId));
  await expect(page.getByTestId("trace-turn")).toHaveCount(lines.length);
  await expect(page.getByTestId("chat-message")).toHaveCount(1 + 2 * lines.length);
  await expect(page.getByTestId("chat-message").last()).toContainText(`#${orders.toStream}`);
});
