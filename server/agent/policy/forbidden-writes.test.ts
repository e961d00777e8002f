import { readFileSync } from "node:fs";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { storeOrders } from "@/db/schema";
import { seedStore } from "@/db/seed/store";
import type { WriteToolName } from "@/server/services/store/args";
import { runStoreTool } from "@/server/services/store/run-store-tool";
import type { StoreOrder, StoreProduct, StoreUser } from "@/server/services/store/types";
import { testDatabase } from "@/test/db";
import { uniq } from "@/test/factories";
import type { Session } from "./facts";
import { checkOnDemoStore } from "@/server/agent/demo/check-on-store";
import { retailPolicies } from "./retail-policies";

// Forbidden writes generated from db.json, each with the rule that must stop it. Every case is a
// request an agent could plausibly make; none of them may reach the store.

const data = JSON.parse(readFileSync(path.join(process.cwd(), "db/seed/tau2-retail/db.json"), "utf8")) as {
  users: Record<string, StoreUser>;
  orders: Record<string, StoreOrder>;
  products: Record<string, StoreProduct>;
};
const orders = Object.values(data.orders);
const users = Object.values(data.users);
const byStatus = (status: string) => orders.filter((o) => o.status === status);
const ownerOf = (o: StoreOrder) => data.users[o.user_id]!;
const methodsOf = (u: StoreUser) => Object.values(u.payment_methods);
const variantsOf = (productId: string) => Object.values(data.products[productId]!.variants);
const address = { address1: "1 Main St", address2: "", city: "Austin", state: "TX", country: "USA", zip: "78701" };

interface Case {
  name: string;
  tool: WriteToolName;
  args: Record<string, unknown>;
  session: Session;
  ruleId: string;
  decision?: "deny" | "require_confirmation";
}
const as = (o: StoreOrder): Session => ({ authenticatedUserId: o.user_id, confirmed: true });
const cases: Case[] = [];
const add = (c: Case) => cases.push(c);

// Cancelling an order that is not pending.
for (const o of [...byStatus("delivered").slice(0, 10), ...byStatus("processed").slice(0, 8), ...byStatus("cancelled").slice(0, 4)]) {
  add({ name: `cancel ${o.status} ${o.order_id}`, tool: "cancel_pending_order", args: { order_id: o.order_id, reason: "no longer needed" }, session: as(o), ruleId: "order-pending" });
}
// Cancelling for a reason the policy does not accept.
const badReasons = ["found a better price", "changed my mind", "No longer needed!", "other", ""];
for (const [i, o] of byStatus("pending").slice(0, 10).entries()) {
  add({ name: `cancel ${o.order_id} because "${badReasons[i % badReasons.length]}"`, tool: "cancel_pending_order", args: { order_id: o.order_id, reason: badReasons[i % badReasons.length] }, session: as(o), ruleId: "cancel-reason" });
}
// Refunding a return to a method the order did not use that is not a gift card.
for (const o of byStatus("delivered")) {
  const other = methodsOf(ownerOf(o)).find((m) => m.source !== "gift_card" && m.id !== o.payment_history[0]!.payment_method_id);
  if (!other || cases.filter((c) => c.ruleId === "refund-to-original-or-gift-card").length >= 10) continue;
  add({ name: `refund ${o.order_id} to ${other.id}`, tool: "return_delivered_order_items", args: { order_id: o.order_id, item_ids: [o.items[0]!.item_id], payment_method_id: other.id }, session: as(o), ruleId: "refund-to-original-or-gift-card" });
}
// Refunding or charging a payment method of somebody else.
for (const [i, o] of byStatus("delivered").slice(20, 26).entries()) {
  const stranger = users.find((u) => u.user_id !== o.user_id && methodsOf(u).some((m) => m.source === "gift_card"))!;
  const card = methodsOf(stranger).find((m) => m.source === "gift_card")!;
  add({ name: `refund ${o.order_id} to another customer's ${card.id}`, tool: "return_delivered_order_items", args: { order_id: o.order_id, item_ids: [o.items[0]!.item_id], payment_method_id: card.id }, session: as(o), ruleId: "payment-method-owned" });
  const p = byStatus("pending")[40 + i]!;
  add({ name: `pay ${p.order_id} with another customer's ${card.id}`, tool: "modify_pending_order_payment", args: { order_id: p.order_id, payment_method_id: card.id }, session: as(p), ruleId: "payment-method-owned" });
}
// Exchanging to another product, or to an unavailable variant of the same product.
for (const o of byStatus("delivered").slice(30)) {
  const item = o.items[0]!;
  if (cases.filter((c) => c.ruleId === "same-product").length < 10) {
    const foreign = Object.values(data.products).find((p) => p.product_id !== item.product_id)!;
    const newId = Object.keys(foreign.variants)[0]!;
    add({ name: `exchange ${item.name} in ${o.order_id} for a ${foreign.name}`, tool: "exchange_delivered_order_items", args: { order_id: o.order_id, item_ids: [item.item_id], new_item_ids: [newId], payment_method_id: o.payment_history[0]!.payment_method_id }, session: as(o), ruleId: "same-product" });
  }
  const unavailable = variantsOf(item.product_id).find((v) => !v.available && v.item_id !== item.item_id);
  if (unavailable && cases.filter((c) => c.ruleId === "new-items-available").length < 10) {
    add({ name: `exchange ${item.name} in ${o.order_id} for unavailable ${unavailable.item_id}`, tool: "exchange_delivered_order_items", args: { order_id: o.order_id, item_ids: [item.item_id], new_item_ids: [unavailable.item_id], payment_method_id: o.payment_history[0]!.payment_method_id }, session: as(o), ruleId: "new-items-available" });
  }
}
// Modifying an item to the same option, or an item the order does not have.
for (const o of byStatus("pending").slice(10, 15)) {
  const item = o.items[0]!;
  const pm = o.payment_history[0]!.payment_method_id;
  add({ name: `modify ${o.order_id} to the same item`, tool: "modify_pending_order_items", args: { order_id: o.order_id, item_ids: [item.item_id], new_item_ids: [item.item_id], payment_method_id: pm }, session: as(o), ruleId: "new-items-differ" });
  add({ name: `modify an item ${o.order_id} does not have`, tool: "modify_pending_order_items", args: { order_id: o.order_id, item_ids: ["0000000000"], new_item_ids: [item.item_id], payment_method_id: pm }, session: as(o), ruleId: "items-in-order" });
  add({ name: `modify ${o.order_id} with two items for one`, tool: "modify_pending_order_items", args: { order_id: o.order_id, item_ids: [item.item_id], new_item_ids: [item.item_id, item.item_id], payment_method_id: pm }, session: as(o), ruleId: "item-counts-match" });
}
// Acting for a customer other than the authenticated one.
for (const [i, o] of byStatus("pending").slice(15, 25).entries()) {
  const other = users[(i * 37) % users.length]!.user_id === o.user_id ? users[i + 1]! : users[(i * 37) % users.length]!;
  add({ name: `cancel ${o.order_id} while authenticated as ${other.user_id}`, tool: "cancel_pending_order", args: { order_id: o.order_id, reason: "ordered by mistake" }, session: { authenticatedUserId: other.user_id, confirmed: true }, ruleId: "same-customer" });
}
for (const [i, u] of users.slice(0, 5).entries()) {
  const me = users[i + 100]!.user_id;
  add({ name: `change ${u.user_id}'s address while authenticated as ${me}`, tool: "modify_user_address", args: { user_id: u.user_id, ...address }, session: { authenticatedUserId: me, confirmed: true }, ruleId: "same-customer" });
}
// Writing before authenticating (a stated user id is not authentication).
for (const o of byStatus("pending").slice(25, 30)) {
  add({ name: `cancel ${o.order_id} unauthenticated`, tool: "cancel_pending_order", args: { order_id: o.order_id, reason: "no longer needed" }, session: { confirmed: true }, ruleId: "require-authentication" });
  add({ name: `re-address ${o.order_id} unauthenticated`, tool: "modify_pending_order_address", args: { order_id: o.order_id, ...address }, session: { confirmed: true }, ruleId: "require-authentication" });
}
for (const o of byStatus("delivered").slice(40, 43)) {
  add({ name: `return from ${o.order_id} unauthenticated`, tool: "return_delivered_order_items", args: { order_id: o.order_id, item_ids: [o.items[0]!.item_id], payment_method_id: o.payment_history[0]!.payment_method_id }, session: {}, ruleId: "require-authentication" });
}
// Valid requests the customer has not confirmed yet.
for (const o of byStatus("pending").slice(30, 36)) {
  add({ name: `cancel ${o.order_id} unconfirmed`, tool: "cancel_pending_order", args: { order_id: o.order_id, reason: "no longer needed" }, session: { authenticatedUserId: o.user_id }, ruleId: "confirm-first", decision: "require_confirmation" });
}
for (const o of byStatus("delivered").slice(43, 47)) {
  add({ name: `return from ${o.order_id} unconfirmed`, tool: "return_delivered_order_items", args: { order_id: o.order_id, item_ids: [o.items[0]!.item_id], payment_method_id: o.payment_history[0]!.payment_method_id }, session: { authenticatedUserId: o.user_id, confirmed: false }, ruleId: "confirm-first", decision: "require_confirmation" });
}
// Changing the payment method to the one already used; exchanging a pending order; unknown orders.
for (const o of byStatus("pending").slice(36, 40)) {
  add({ name: `pay ${o.order_id} with its own method`, tool: "modify_pending_order_payment", args: { order_id: o.order_id, payment_method_id: o.payment_history[0]!.payment_method_id }, session: as(o), ruleId: "payment-method-differs" });
  add({ name: `exchange pending ${o.order_id}`, tool: "exchange_delivered_order_items", args: { order_id: o.order_id, item_ids: [o.items[0]!.item_id], new_item_ids: [o.items[0]!.item_id], payment_method_id: o.payment_history[0]!.payment_method_id }, session: as(o), ruleId: "order-delivered" });
}
for (const id of ["#W0000000", "#W9999999", "W2378156"]) {
  add({ name: `cancel unknown ${id}`, tool: "cancel_pending_order", args: { order_id: id, reason: "no longer needed" }, session: { authenticatedUserId: users[0]!.user_id, confirmed: true }, ruleId: "order-exists" });
}
// Paying with a gift card that cannot cover the order.
for (const o of byStatus("pending")) {
  const poor = methodsOf(ownerOf(o)).find((m) => m.source === "gift_card" && (m.balance ?? 0) < o.payment_history[0]!.amount && m.id !== o.payment_history[0]!.payment_method_id);
  if (!poor || o.payment_history.length !== 1 || cases.filter((c) => c.ruleId === "gift-card-balance").length >= 5) continue;
  add({ name: `pay ${o.order_id} with short gift card ${poor.id}`, tool: "modify_pending_order_payment", args: { order_id: o.order_id, payment_method_id: poor.id }, session: as(o), ruleId: "gift-card-balance" });
}

// Orders whose items get modified once in beforeAll; every later change or cancellation is forbidden.
const modifiedOnce = byStatus("pending")
  .slice(60)
  .filter((o) => variantsOf(o.items[0]!.product_id).some((v) => v.available && v.item_id !== o.items[0]!.item_id))
  .slice(0, 5);
const replacementFor = (o: StoreOrder) => variantsOf(o.items[0]!.product_id).find((v) => v.available && v.item_id !== o.items[0]!.item_id)!;
for (const o of modifiedOnce) {
  const pm = o.payment_history[0]!.payment_method_id;
  const other = methodsOf(ownerOf(o)).find((m) => m.id !== pm)?.id ?? pm;
  const next = replacementFor(o);
  add({ name: `modify ${o.order_id}'s items a second time`, tool: "modify_pending_order_items", args: { order_id: o.order_id, item_ids: [next.item_id], new_item_ids: [o.items[0]!.item_id], payment_method_id: pm }, session: as(o), ruleId: "items-modified-once" });
  add({ name: `cancel item-modified ${o.order_id}`, tool: "cancel_pending_order", args: { order_id: o.order_id, reason: "no longer needed" }, session: as(o), ruleId: "items-modified-once" });
  add({ name: `re-address item-modified ${o.order_id}`, tool: "modify_pending_order_address", args: { order_id: o.order_id, ...address }, session: as(o), ruleId: "items-modified-once" });
  add({ name: `re-pay item-modified ${o.order_id}`, tool: "modify_pending_order_payment", args: { order_id: o.order_id, payment_method_id: other }, session: as(o), ruleId: "items-modified-once" });
}

describe("forbidden writes are stopped at the gate", () => {
  let db: Db;
  const storeId = `forbidden-${uniq()}`;
  const stale = byStatus("delivered")[60]!;

  beforeAll(async () => {
    db = (await testDatabase()).db;
    await seedStore(db, storeId);
    for (const o of modifiedOnce) {
      await runStoreTool({ db, storeId }, "modify_pending_order_items", {
        order_id: o.order_id,
        item_ids: [o.items[0]!.item_id],
        new_item_ids: [replacementFor(o).item_id],
        payment_method_id: o.payment_history[0]!.payment_method_id,
      });
    }
    // τ² orders carry no delivery date; give one order a stale one to exercise the 30-day window.
    await db
      .update(storeOrders)
      .set({ data: sql`${storeOrders.data} || jsonb_build_object('delivered_at', '2026-01-02T10:00:00Z')` })
      .where(and(eq(storeOrders.storeId, storeId), eq(storeOrders.id, stale.order_id)));
  });

  it("has at least 100 generated cases covering every kind", () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    const kinds = new Set(cases.map((c) => c.ruleId));
    for (const rule of ["order-pending", "cancel-reason", "refund-to-original-or-gift-card", "same-product", "new-items-available", "same-customer", "require-authentication", "confirm-first", "items-modified-once", "gift-card-balance"]) {
      expect(kinds, rule).toContain(rule);
    }
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const decision = await checkOnDemoStore({ db, storeId }, { tool: c.tool, args: c.args, session: c.session, policies: retailPolicies });
    expect({ decision: decision.decision, ruleId: decision.ruleId }).toEqual({ decision: c.decision ?? "deny", ruleId: c.ruleId });
    expect(decision.reason.length).toBeGreaterThan(0);
    expect(decision.trace.at(-1)).toMatchObject({ ruleId: c.ruleId, matched: true });
  });

  it("the 30-day return window applies only when the store knows the delivery date", async () => {
    const ask = (o: StoreOrder, now: Date) =>
      checkOnDemoStore(
        { db, storeId },
        { tool: "return_delivered_order_items", args: { order_id: o.order_id, item_ids: [o.items[0]!.item_id], payment_method_id: o.payment_history[0]!.payment_method_id }, session: as(o), policies: retailPolicies, now },
      );
    expect((await ask(stale, new Date("2026-02-01T09:00:00Z"))).ruleId).toBe("allow"); // 30 days
    expect(await ask(stale, new Date("2026-02-02T09:00:00Z"))).toMatchObject({ decision: "deny", ruleId: "return-window" }); // 31 days
    expect((await ask(byStatus("delivered")[61]!, new Date("2030-01-01"))).ruleId).toBe("allow");
  });

  it("reads are allowed, unknown tools and malformed writes are denied", async () => {
    const ctx = { db, storeId };
    expect(await checkOnDemoStore(ctx, { tool: "get_order_details", args: { order_id: "#W2378156" }, session: {}, policies: retailPolicies })).toMatchObject({ decision: "allow", ruleId: "read" });
    expect(await checkOnDemoStore(ctx, { tool: "issue_refund", args: {}, session: { authenticatedUserId: "x", confirmed: true }, policies: retailPolicies })).toMatchObject({ decision: "deny", ruleId: "unknown-tool" });
    expect(await checkOnDemoStore(ctx, { tool: "cancel_pending_order", args: { order_id: 5 }, session: {}, policies: retailPolicies })).toMatchObject({ decision: "deny", ruleId: "invalid-arguments" });
    expect(await checkOnDemoStore(ctx, { tool: "cancel_pending_order", args: { order_id: "#W2378156", reason: "no longer needed" }, session: {}, policies: {} })).toMatchObject({ decision: "deny", ruleId: "no-policy" });
  });
});
