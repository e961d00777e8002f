import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { conversations, messages, toolExecutions, turnTraces } from "@/db/schema";
import { testDatabase } from "@/test/db";
import { retailFixture } from "./testing/retail-fixture";

// Scripted conversations in plain English with the local models, against the demo agent and a fresh
// copy of the τ² store served over HTTP. Each asserts the replies and what changed in the store.

let db: Db;
let fx: Awaited<ReturnType<typeof retailFixture>>;

beforeAll(async () => {
  db = (await testDatabase()).db;
  fx = await retailFixture(db, { template: "tpl-run-turn" });
});
afterAll(() => fx?.store.close());

async function chat(lines: string[]) {
  const id = await fx.open();
  const turns = [];
  for (const line of lines) turns.push(await fx.send(id, line));
  return { id, turns, last: turns.at(-1)! };
}

describe("demo journeys", () => {
  it("returns the keyboard from a delivered order after an explicit yes", async () => {
    const { turns, last } = await chat(["I want to return the keyboard from order #W2378156", "yusuf.rossi7301@example.com", "to the original payment method", "yes"]);
    expect(turns[0]!.journey).toBe("Return delivered items");
    expect(turns[0]!.reply).toMatch(/verify your identity/i);
    expect(turns[1]!.reply).toMatch(/Yusuf, you're verified/);
    // Customers hear a payment method described from its own fields, never its id.
    expect(turns[1]!.reply).toMatch(/On file: Mastercard ending 2478\./);
    expect(turns[2]!.reply).toMatch(/Mechanical Keyboard from order #W2378156, refunded to Mastercard ending 2478\./);
    for (const turn of turns) expect(turn.reply).not.toMatch(/credit_card_/);
    expect(turns[2]!.reply).toMatch(/reply yes/i);
    expect(last.reply).toMatch(/return requested/);
    expect(last.status).toBe("resolved");
    const order = await fx.order("#W2378156");
    expect(order.status).toBe("return requested");
    expect(order.return_items).toEqual(["1151293680"]);
    expect(order.return_payment_method_id).toBe("credit_card_9513926");
  });

  it("tells the status of an order", async () => {
    const { last } = await chat(["Where is my order #W6679257?", "my email is yusuf.rossi7301@example.com"]);
    expect(last.journey).toBe("Order status");
    expect(last.reply).toMatch(/Order #W6679257 is delivered\. It contains Digital Camera/);
  });

  it("asks again after an unknown email instead of retrying the same one", async () => {
    const { turns, last } = await chat(["my email is nobody@example.com", "yusuf.rossi7301@example.com"]);
    expect(turns[0]!.reply).toMatch(/couldn't find an account/);
    expect(turns[0]!.reply.match(/couldn't find an account/g)).toHaveLength(1);
    expect(turns[0]!.status).toBe("open");
    expect(last.reply).toMatch(/Yusuf, you're verified/);
  });

  it("verifies by name and zip", async () => {
    const { last } = await chat(["I need to verify my account", "Yusuf Rossi, zip 19122"]);
    expect(last.reply).toMatch(/Yusuf, you're verified/);
    expect(last.status).toBe("resolved");
  });

  it("cancels a pending order ordered by mistake", async () => {
    const { turns, last } = await chat(["Please cancel order #W6426438, I ordered it by mistake", "ethan.lopez8943@example.com", "yes please"]);
    expect(turns[1]!.reply).toMatch(/cancel order #W6426438 .* "ordered by mistake"/);
    expect(last.reply).toMatch(/#W6426438 is now cancelled/);
    const order = await fx.order("#W6426438");
    expect(order.status).toBe("cancelled");
    expect(order.cancel_reason).toBe("ordered by mistake");
  });

  it("does not cancel when the customer says no", async () => {
    const { last } = await chat(["cancel my order #W4776164 because I no longer need it", "yusuf.rossi7301@example.com", "no, wait"]);
    expect(last.reply).toMatch(/won't make that change/);
    expect((await fx.order("#W4776164")).status).toBe("pending");
  });

  it("refuses to cancel a delivered order: the policy gate decides, with its rule", async () => {
    const { last } = await chat(["cancel order #W6679257", "yusuf.rossi7301@example.com", "I no longer need it"]);
    expect(last.reply).toMatch(/Only pending orders can be cancelled, and this one is not pending/);
    const deny = last.trace.find((e) => e.type === "policy" && e.decision === "deny");
    expect(deny?.output).toMatchObject({ ruleId: "order-pending" });
    expect((await fx.order("#W6679257")).status).toBe("delivered");
  });

  it("changes the shipping address of a pending order", async () => {
    const { last } = await chat([
      "I need to change the shipping address of order #W6247578",
      "yusuf.rossi7301@example.com",
      "100 Congress Avenue",
      "Suite 200",
      "Austin",
      "TX",
      "78701",
      "yes",
    ]);
    expect(last.reply).toMatch(/will ship to 100 Congress Avenue, Austin/);
    const order = await fx.order("#W6247578");
    expect(order.address).toMatchObject({ address1: "100 Congress Avenue", address2: "Suite 200", city: "Austin", state: "TX", zip: "78701", country: "USA" });
  });

  // Before the payment change below, which refunds this gift card and so raises its balance.
  it("refuses a payment change the policy denies (gift card balance too low)", async () => {
    const { last } = await chat(["change the payment method on order #W9409203", "ethan.lopez8943@example.com", "gift card"]);
    expect(last.reply).toMatch(/gift card's balance does not cover/);
    const rows = await db.select().from(turnTraces).where(eq(turnTraces.conversationId, last.conversationId));
    const denied = rows.find((r) => r.events.some((e) => e.type === "policy" && e.decision === "deny"));
    expect(denied?.turn).toBe(last.turn);
    expect(denied!.events.map((e) => [e.type, e.name, e.decision ?? null])).toEqual(last.trace.map((e) => [e.type, e.name, e.decision ?? null]));
    expect((await fx.order("#W9409203")).payment_history).toHaveLength(1);
  });

  it("refuses a refund to a payment method the customer does not own, says why and offers theirs", async () => {
    const { turns, last } = await chat(["I want to return the skateboard from order #W6304490", "omar.khan3563@example.com", "refund it to my gift card", "to my PayPal then", "ok, the mastercard", "yes"]);
    // Omar has only a Mastercard: a gift card is not his, so the card on file is not swapped in silently.
    expect(turns[2]!.reply).toBe("You don't have a gift card on your account, and I can only use a payment method you own. You can choose Mastercard ending 1374.");
    expect(turns[2]!.status).toBe("open");
    expect(turns[3]!.reply).toBe("You don't have a PayPal account on your account, and I can only use a payment method you own. You can choose Mastercard ending 1374.");
    expect(turns[4]!.reply).toMatch(/refunded to Mastercard ending 1374\. Please confirm/);
    expect(last.reply).toMatch(/return requested/);
    expect((await fx.order("#W6304490")).return_payment_method_id).toBe("credit_card_4420174");
  });

  it("refuses a method named in the first message before asking, and takes an owned one of the named kind", async () => {
    const { turns } = await chat(["I'd like to return the coffee maker from order #W5455653 and get the refund on a gift card", "aarav.sanchez1292@example.com"]);
    expect(turns[1]!.reply).toMatch(/You don't have a gift card on your account[\s\S]*You can choose Mastercard ending 5506\./);
    // Chen has a gift card and a Mastercard: "gift card" picks the gift card, never the card.
    const owned = await chat(["I want to return the skateboard from order #W3069600", "chen.silva2698@example.com", "to my gift card"]);
    expect(owned.turns[1]!.reply).toMatch(/On file: gift card, balance \$59\.00 and Mastercard ending 2732\./);
    expect(owned.last.reply).toMatch(/refunded to gift card, balance \$59\.00\. Please confirm/);
    for (const turn of owned.turns) expect(turn.reply).not.toMatch(/credit_card_|gift_card_/);
  });

  it("changes the payment method of a pending order", async () => {
    const { turns, last } = await chat(["I want to pay for order #W8073920 with a different payment method", "ethan.lopez8943@example.com", "my mastercard", "yes"]);
    expect(turns[2]!.reply).toMatch(/to be paid with Mastercard ending 1020\./);
    expect(last.reply).toMatch(/now paid with Mastercard ending 1020\./);
    for (const turn of turns) expect(turn.reply).not.toMatch(/credit_card_|gift_card_/);
    const order = await fx.order("#W8073920");
    expect(order.payment_history.at(-2)).toMatchObject({ transaction_type: "payment", payment_method_id: "credit_card_9789590" });
    expect(order.payment_history.at(-1)).toMatchObject({ transaction_type: "refund", payment_method_id: "gift_card_7219486" });
  });

  it("changes an item of a pending order to another option", async () => {
    const { turns, last } = await chat([
      "I'd like to change the options of the dumbbell set in my pending order #W6779827",
      "ethan.lopez8943@example.com",
      "the 55-75 lbs iron fixed one",
      "credit card",
      "yes",
    ]);
    expect(turns[1]!.reply).toMatch(/Which option would you like instead\?/);
    expect(turns[3]!.reply).toMatch(/to item 2444431651/);
    expect(last.reply).toMatch(/pending \(item modified\)/);
    const order = await fx.order("#W6779827");
    expect(order.items.map((i) => i.item_id)).toContain("2444431651");
    expect(order.status).toBe("pending (item modified)");
  });

  it("exchanges a delivered item for another option", async () => {
    const { last } = await chat([
      "I want to exchange the dumbbell set from order #W8632528",
      "ethan.lopez8943@example.com",
      "urethane, adjustable, 30-50 lbs",
      "put the difference on my credit card",
      "yes",
    ]);
    expect(last.reply).toMatch(/exchange requested/);
    const order = await fx.order("#W8632528");
    expect(order.status).toBe("exchange requested");
    expect(order.exchange_items).toEqual(["6245231688"]);
    expect(order.exchange_new_items).toEqual(["4422467033"]);
  });

  it("changes the default address after verifying by name and zip", async () => {
    const { last } = await chat(["I moved, please change the default address on my account", "Yusuf Rossi, zip 19122", "12 Elm Street", "none", "Boston", "MA", "02108", "yes"]);
    expect(last.reply).toMatch(/default address is now 12 Elm Street, Boston/);
    const user = await fx.user("yusuf_rossi_9620");
    expect(user.address).toMatchObject({ address1: "12 Elm Street", address2: "", city: "Boston", state: "MA", zip: "02108" });
  });

  it("hands off to a person with a structured summary", async () => {
    const { last } = await chat(["Where is my order #W2378156?", "I want to talk to a human"]);
    expect(last.status).toBe("escalated");
    expect(last.reply).toMatch(/member of our team/);
    const [row] = await db.select().from(conversations).where(eq(conversations.id, last.conversationId));
    expect(row!.status).toBe("escalated");
    expect(row!.handoff).toMatchObject({ who: expect.any(String), wants: expect.any(String), tried: expect.any(Array), why: expect.any(String) });
    // A person owns it now: the AI records the message and stays quiet.
    const after = await fx.send(last.conversationId, "hello?");
    expect(after.reply).toBe("");
  });

  it("will not discuss another customer's order", async () => {
    const { last } = await chat(["what's the status of order #W6779827", "yusuf.rossi7301@example.com"]);
    expect(last.reply).toMatch(/isn't on your account/);
    expect(last.reply).not.toMatch(/Dumbbell/);
  });

  it("asks a clarifying question when no journey fits", async () => {
    const { last } = await chat(["blue elephants dance"]);
    expect(last.journey).toBeNull();
    expect(last.reply).toMatch(/I can help with/);
  });
});

describe("ordering and idempotency", () => {
  it("processes two messages sent at once to one conversation in order", async () => {
    const id = await fx.open();
    const [a, b] = await Promise.all([fx.send(id, "Where is my order #W2378156?"), fx.send(id, "yusuf.rossi7301@example.com")]);
    expect(a.turn).toBe(1);
    expect(b.turn).toBe(2);
    expect(b.reply).toMatch(/Order #W2378156 is /);
    const rows = await db.select().from(messages).where(eq(messages.conversationId, id)).orderBy(messages.createdAt);
    expect(rows.filter((m) => m.role === "customer").map((m) => [m.turn, m.text])).toEqual([
      [1, "Where is my order #W2378156?"],
      [2, "yusuf.rossi7301@example.com"],
    ]);
  });

  it("replays a turn sent twice with the same idempotency key", async () => {
    const id = await fx.open();
    const first = await fx.send(id, "Where is my order #W2378156?", "key-1");
    const again = await fx.send(id, "Where is my order #W2378156?", "key-1");
    expect(again.replayed).toBe(true);
    expect(again.reply).toBe(first.reply);
    const [row] = await db.select().from(conversations).where(eq(conversations.id, id));
    expect(row!.turns).toBe(1);
  });

  it("executes a confirmed write once when the yes arrives twice at the same moment", async () => {
    const id = await fx.open();
    await fx.send(id, "return the headphones from order #W2378156... actually wait");
    // This conversation is about another order: reuse a fresh delivered one.
    const conv = await fx.open();
    await fx.send(conv, "I want to return the digital camera from order #W6679257");
    await fx.send(conv, "yusuf.rossi7301@example.com");
    const asked = await fx.send(conv, "the original payment method");
    expect(asked.reply).toMatch(/reply yes/i);
    const before = fx.store.requests.filter((r) => r.path.endsWith("/return")).length;
    const [x, y] = await Promise.all([fx.send(conv, "yes", "tap-1"), fx.send(conv, "yes", "tap-1")]);
    expect([x.replayed, y.replayed].sort()).toEqual([false, true]);
    expect(fx.store.requests.filter((r) => r.path.endsWith("/return")).length - before).toBe(1);
    const ledger = await db.select().from(toolExecutions).where(eq(toolExecutions.conversationId, conv));
    expect(ledger.filter((r) => r.tool === "return_delivered_order_items" && r.status === "succeeded")).toHaveLength(1);
    expect((await fx.order("#W6679257")).status).toBe("return requested");
  });
});
