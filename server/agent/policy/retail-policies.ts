import { type Policy, policySchema, type Rule } from "@/lib/schemas/policy";
import type { WriteToolName } from "@/server/services/store/args";

// The demo store's policy (db/seed/tau2-retail/policy.md) as data, one policy per write tool: rules over
// the facts each write looks up and computes (server/agent/demo/retail-tools.ts). Deny rules come first, then confirmation, then
// the single allow; anything unforeseen falls to the default deny. The studio shows these as the demo
// agent's starting policies and lets builders edit them. Nothing here is code the gate runs.

const authenticated: Rule = {
  id: "require-authentication",
  description: "Authenticate by email or by name + zip before any change, even if the customer gives a user id",
  when: { fact: "session.authenticated_user_id", op: "not_exists" },
  decision: "deny",
  reason: "I need to verify your identity first: please give me your email, or your name and zip code.",
};

const orderExists: Rule = {
  id: "order-exists",
  description: "The order must exist",
  when: { fact: "order.exists", op: "eq", value: false },
  decision: "deny",
  reason: "I could not find that order. Could you check the order id?",
};

const ownOrder: Rule = {
  id: "same-customer",
  description: "Serve one customer per conversation: only the authenticated customer's orders",
  when: { fact: "order.belongs_to_authenticated_user", op: "eq", value: false },
  decision: "deny",
  reason: "I can only help with orders on your own account.",
};

const modifiedOnce: Rule = {
  id: "items-modified-once",
  description: "After its items were modified, an order cannot be modified or cancelled again",
  when: { fact: "order.was_item_modified", op: "eq", value: true },
  decision: "deny",
  reason: "This order's items have already been modified, so it can no longer be changed or cancelled.",
};

const statusIs = (status: "pending" | "delivered", action: string): Rule => ({
  id: status === "pending" ? "order-pending" : "order-delivered",
  description: `Only ${status} orders can be ${action}`,
  when: { fact: "order.status", op: "neq", value: status },
  decision: "deny",
  reason: `Only ${status} orders can be ${action}, and this one is not ${status}.`,
});

const paymentMethodOwned: Rule = {
  id: "payment-method-owned",
  description: "The payment method must be one of the customer's",
  when: { fact: "request.payment_method_belongs_to_user", op: "eq", value: false },
  decision: "deny",
  reason: "That payment method is not on your account.",
};

const giftCardBalance: Rule = {
  id: "gift-card-balance",
  description: "A gift card must cover the amount it is charged",
  when: {
    all: [
      { fact: "request.payment_method_is_gift_card", op: "eq", value: true },
      { fact: "request.gift_card_balance_sufficient", op: "eq", value: false },
    ],
  },
  decision: "deny",
  reason: "That gift card's balance does not cover the amount due.",
};

const itemCounts: Rule = {
  id: "item-counts-match",
  description: "Every item needs exactly one replacement",
  when: { fact: "request.item_counts_match", op: "eq", value: false },
  decision: "deny",
  reason: "Each item needs exactly one replacement.",
};

const itemsInOrder: Rule = {
  id: "items-in-order",
  description: "Every item must be in the order",
  when: { fact: "request.items_in_order", op: "eq", value: false },
  decision: "deny",
  reason: "Some of those items are not in this order.",
};

const newItemsDiffer: Rule = {
  id: "new-items-differ",
  description: "A replacement must be a different option",
  when: { fact: "request.new_items_differ", op: "eq", value: false },
  decision: "deny",
  reason: "The replacement must be a different option from the item you have.",
};

const sameProduct: Rule = {
  id: "same-product",
  description: "Replace an item only with another variant of the same product",
  when: { fact: "request.new_items_same_product", op: "eq", value: false },
  decision: "deny",
  reason: "An item can only be changed to another option of the same product.",
};

const available: Rule = {
  id: "new-items-available",
  description: "Replacements must be available",
  when: { fact: "request.new_items_available", op: "eq", value: false },
  decision: "deny",
  reason: "That option is not available right now.",
};

const returnWindow: Rule = {
  id: "return-window",
  description: "Returns and exchanges within 30 days of delivery (applies when the store records the delivery date)",
  when: { fact: "order.delivered_days_ago", op: "gt", value: 30 },
  decision: "deny",
  reason: "This order was delivered more than 30 days ago, which is outside our return window.",
};

const confirm = (what: string): Rule => ({
  id: "confirm-first",
  description: "List the action's details and get an explicit yes before any change",
  when: { fact: "session.confirmed", op: "neq", value: true },
  decision: "require_confirmation",
  reason: `Please confirm: shall I ${what}?`,
});

const allow = (what: string, conditions?: string[]): Rule => ({
  id: "allow",
  description: `Confirmed ${what} within policy`,
  when: { fact: "session.confirmed", op: "eq", value: true },
  decision: "allow",
  reason: `Done: I will ${what}.`,
  ...(conditions ? { conditions } : {}),
});

const policy = (key: WriteToolName, name: string, rules: Rule[]): Policy =>
  policySchema.parse({
    key,
    name,
    version: 1,
    rules,
    defaultDecision: { decision: "deny", reason: "I can't do that under our store policy." },
  });

export const retailPolicies: Record<WriteToolName, Policy> = {
  cancel_pending_order: policy("cancel_pending_order", "Cancel a pending order", [
    authenticated,
    orderExists,
    ownOrder,
    modifiedOnce,
    statusIs("pending", "cancelled"),
    {
      id: "cancel-reason",
      description: "Cancel only because the order is no longer needed or was ordered by mistake",
      when: { fact: "request.reason", op: "not_in", value: ["no longer needed", "ordered by mistake"] },
      decision: "deny",
      reason: "I can cancel an order only if it is no longer needed or was ordered by mistake.",
    },
    confirm("cancel this order"),
    allow("cancel the order", ["Refund to the original payment method: immediately for gift cards, otherwise in 5-7 business days"]),
  ]),
  modify_pending_order_address: policy("modify_pending_order_address", "Change a pending order's address", [
    authenticated,
    orderExists,
    ownOrder,
    modifiedOnce,
    statusIs("pending", "modified"),
    confirm("change this order's shipping address"),
    allow("change the shipping address"),
  ]),
  modify_pending_order_payment: policy("modify_pending_order_payment", "Change a pending order's payment method", [
    authenticated,
    orderExists,
    ownOrder,
    modifiedOnce,
    statusIs("pending", "modified"),
    paymentMethodOwned,
    {
      id: "single-payment",
      description: "Only an order paid with a single payment can change its payment method",
      when: { fact: "order.payment_count", op: "neq", value: 1 },
      decision: "deny",
      reason: "This order's payment can't be changed because it was not paid with a single payment.",
    },
    {
      id: "payment-method-differs",
      description: "The new payment method must differ from the original",
      when: { fact: "request.payment_method_is_original", op: "eq", value: true },
      decision: "deny",
      reason: "That is already the payment method of this order.",
    },
    giftCardBalance,
    confirm("change this order's payment method"),
    allow("change the payment method", ["The original payment method is refunded: immediately for gift cards, otherwise in 5-7 business days"]),
  ]),
  modify_pending_order_items: policy("modify_pending_order_items", "Change items of a pending order", [
    authenticated,
    orderExists,
    ownOrder,
    modifiedOnce,
    statusIs("pending", "modified"),
    itemCounts,
    itemsInOrder,
    newItemsDiffer,
    sameProduct,
    available,
    paymentMethodOwned,
    giftCardBalance,
    confirm("change these items (this can be done only once per order, so all items must be in this change)"),
    allow("change the items", ["The order cannot be modified or cancelled again"]),
  ]),
  modify_user_address: policy("modify_user_address", "Change a customer's default address", [
    authenticated,
    {
      id: "same-customer",
      description: "Serve one customer per conversation: only the authenticated customer's address",
      when: { fact: "user.is_authenticated_user", op: "eq", value: false },
      decision: "deny",
      reason: "I can only change the address on your own account.",
    },
    {
      id: "user-exists",
      description: "The customer must exist",
      when: { fact: "user.exists", op: "eq", value: false },
      decision: "deny",
      reason: "I could not find that account.",
    },
    confirm("change your default address"),
    allow("change your default address"),
  ]),
  return_delivered_order_items: policy("return_delivered_order_items", "Return items of a delivered order", [
    authenticated,
    orderExists,
    ownOrder,
    statusIs("delivered", "returned"),
    itemsInOrder,
    returnWindow,
    paymentMethodOwned,
    {
      id: "refund-to-original-or-gift-card",
      description: "Refund to the original payment method or an existing gift card",
      when: {
        all: [
          { fact: "request.payment_method_is_original", op: "eq", value: false },
          { fact: "request.payment_method_is_gift_card", op: "eq", value: false },
        ],
      },
      decision: "deny",
      reason: "The refund can go only to the original payment method or one of your gift cards.",
    },
    confirm("return these items"),
    allow("open the return", ["You will receive an email with how to return the items"]),
  ]),
  exchange_delivered_order_items: policy("exchange_delivered_order_items", "Exchange items of a delivered order", [
    authenticated,
    orderExists,
    ownOrder,
    statusIs("delivered", "exchanged"),
    itemCounts,
    itemsInOrder,
    newItemsDiffer,
    sameProduct,
    available,
    returnWindow,
    paymentMethodOwned,
    giftCardBalance,
    confirm("exchange these items (this can be done only once per order, so all items must be in this exchange)"),
    allow("open the exchange", ["You will receive an email with how to return the items; no new order is needed"]),
  ]),
};
