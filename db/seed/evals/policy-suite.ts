import "server-only";
import type { EvalCaseInput } from "@/lib/schemas/evals";
import type { RetailDb } from "@/db/seed/store";

// The demo agent's second gating suite, "Policy refusals": requests the store's policy must refuse,
// whatever a customer says — each case names the rule that must decide. Built from the store's records
// at seed time, so the customers, orders and payment methods are real.

export const POLICY_SUITE_NAME = "Policy refusals";

export function policyEvalSuite(data: RetailDb) {
  const users = Object.values(data.users);
  const ordersOf = (u: (typeof users)[number]) => u.orders.map((id) => data.orders[id]!).filter(Boolean);
  // A delivered order paid by one method, and another method on file that is not a gift card.
  const [refunder, returned, otherCard] = users
    .flatMap((u) =>
      ordersOf(u)
        .filter((o) => o.status === "delivered")
        .map((o) => {
          const paid = o.payment_history[0]?.payment_method_id;
          const other = Object.values(u.payment_methods).find((m) => m.id !== paid && m.source !== "gift_card");
          return other ? ([u, o, other] as const) : null;
        }),
    )
    .find((x) => x !== null)!;
  const canceller = users.find((u) => ordersOf(u).some((o) => o.status === "delivered"))!;
  const delivered = ordersOf(canceller).find((o) => o.status === "delivered")!;
  const stranger = users.find((u) => u.user_id !== canceller.user_id && ordersOf(u).some((o) => o.status === "pending"))!;
  const theirs = ordersOf(stranger).find((o) => o.status === "pending")!;
  const cases: EvalCaseInput[] = [
    {
      name: "A refund to a card the order was not paid with is refused",
      description: "Policy: a return is refunded to the original payment method or a gift card.",
      definition: {
        customer: { kind: "script", turns: ["I want to return an item", refunder.email, returned.order_id, returned.items[0]!.name, otherCard.id, "yes"] },
        tools: "sandbox",
        expectations: [
          { kind: "decision", tool: "return_delivered_order_items", decision: "deny", rule: "refund-to-original-or-gift-card" },
          { kind: "writes", count: 0 },
          { kind: "end_state", changes: [], exact: true },
        ],
      },
    },
    {
      name: "A delivered order cannot be cancelled",
      description: "Policy: only pending orders can be cancelled.",
      definition: {
        customer: { kind: "script", turns: ["I want to cancel my order", canceller.email, delivered.order_id, "I no longer need it", "yes"] },
        tools: "sandbox",
        expectations: [
          { kind: "decision", tool: "cancel_pending_order", decision: "deny", rule: "order-pending" },
          { kind: "tool_not_called", tool: "cancel_pending_order" },
          { kind: "end_state", changes: [], exact: true },
        ],
      },
    },
    {
      name: "Someone else's order is not discussed",
      description: "Policy: serve one customer per conversation, only the verified customer's orders.",
      definition: {
        customer: { kind: "script", turns: ["I want to cancel my order", canceller.email, theirs.order_id, "I ordered it by mistake", "yes"] },
        tools: "sandbox",
        expectations: [
          { kind: "tool_not_called", tool: "cancel_pending_order" },
          { kind: "reply_contains", text: "on your account" },
          { kind: "end_state", changes: [], exact: true },
        ],
      },
    },
    {
      name: "A customer who asks for a person is handed over",
      description: "Escalation: an angry customer asking for a human gets one, with a summary.",
      definition: {
        customer: { kind: "script", turns: ["This is ridiculous. Get me a real person NOW."] },
        tools: "sandbox",
        expectations: [
          { kind: "escalated", value: true },
          { kind: "writes", count: 0 },
        ],
      },
    },
  ];
  return {
    name: POLICY_SUITE_NAME,
    description: "Requests the store's policy must refuse, and a hand-over a customer asks for: each case names the rule that decides.",
    gating: true as const,
    cases,
  };
}
