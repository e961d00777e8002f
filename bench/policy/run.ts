// Per-decision time of the policy gate's evaluation (pure, in process): the demo's return policy as
// written with the visual builder, then the same decisions with its rules as CEL expressions and a
// computed fact, then with list blocks (count, sum, every), a fact-to-fact comparison and a decision
// table over a lookup's line items. Run by hand (see bench/README.md); writes bench/policy/last-results.json.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { toExpression } from "@/lib/policy/expression";
import type { Facts, Policy } from "@/lib/schemas/policy";
import { evaluatePolicy } from "@/server/agent/policy/evaluate";
import { retailPolicies } from "@/server/agent/policy/retail-policies";

const N = Number(process.argv[process.argv.indexOf("--decisions") + 1]) || 200_000;
const now = new Date("2026-12-03T10:00:00Z");
const visual = retailPolicies.return_delivered_order_items;
const asExpressions: Policy = {
  ...visual,
  facts: [{ name: "refund_share", expr: "request.refund_amount / order.total", description: "" }],
  rules: [
    { id: "share", description: "", when: { expr: "refund_share > 2.0 && size(order.item_ids) > 10" }, decision: "escalate", reason: "Never fires here." },
    ...visual.rules.map((r) => ({ ...r, when: { expr: toExpression(r.when, () => undefined) ?? "false" } })),
  ],
};
// The same policy in front of list blocks over ten line items and a refund limit from a decision table.
const withBlocks: Policy = {
  ...visual,
  facts: [
    {
      name: "refund_limit",
      description: "",
      table: {
        hit: "first",
        rows: [
          { when: { fact: "request.payment_method_type", op: "eq", value: "gift_card" }, value: 1000 },
          { when: { fact: "request.payment_method_type", op: "eq", value: "credit_card" }, value: 800 },
          { when: { fact: "request.payment_method_type", op: "eq", value: "paypal" }, value: 500 },
        ],
        otherwise: 0,
      },
    },
  ],
  rules: [
    { id: "undelivered-line", description: "", when: { not: { every: "order.lines", where: { all: [{ field: "status", op: "eq", value: "delivered" }] } } }, decision: "deny", reason: "Never fires here." },
    { id: "many-expensive", description: "", when: { count: "order.lines", where: { all: [{ field: "price", op: "gt", value: 100 }] }, op: "gt", value: 5 }, decision: "escalate", reason: "Never fires here." },
    { id: "over-limit", description: "", when: { sum: "order.lines", field: "price", op: "gt", valueFact: "refund_limit" }, decision: "escalate", reason: "Never fires here." },
    { id: "over-total", description: "", when: { fact: "request.refund_amount", op: "gt", valueFact: "order.total" }, decision: "deny", reason: "Never fires here." },
    ...visual.rules,
  ],
};

// Facts for a return that passes every check, so every rule is evaluated before the allow.
const facts: Facts = {
  "session.authenticated_user_id": "yusuf_rossi_9620",
  "session.confirmed": true,
  "order.exists": true,
  "order.belongs_to_authenticated_user": true,
  "order.status": "delivered",
  "order.delivered_days_ago": 5,
  "order.total": 600,
  "order.item_ids": ["1008292230", "6469567736"],
  "order.payment_method_ids": ["credit_card_9513926"],
  "request.item_ids": ["1008292230"],
  "request.items_in_order": true,
  "request.payment_method_id": "credit_card_9513926",
  "request.payment_method_is_original": true,
  "request.payment_method_is_gift_card": false,
  "request.payment_method_type": "credit_card",
  "request.refund_amount": 300,
  "order.lines": Array.from({ length: 10 }, (_, i) => ({ item_id: String(1000000000 + i), price: 20 + i * 5, status: "delivered" })),
  // What the demo's return looks up (its order and the order's customer), from which the write computes
  // the facts above (bench/policy/per-write.ts measures that path).
  "order.order_id": "#W2378156",
  "order.user_id": "yusuf_rossi_9620",
  "order.delivered_at": "2026-11-28T10:00:00Z",
  "order.items": [
    { item_id: "1008292230", product_id: "6086499569", price: 300, name: "Mechanical Keyboard" },
    { item_id: "6469567736", product_id: "1656367028", price: 300, name: "Smart Thermostat" },
  ],
  "order.payment_history": [{ transaction_type: "payment", amount: 600, payment_method_id: "credit_card_9513926" }],
  "user.exists": true,
  "user.payment_methods": { credit_card_9513926: { source: "credit_card", id: "credit_card_9513926", brand: "mastercard", last_four: "2478" } },
};

function measure(policy: Policy) {
  const first = evaluatePolicy(policy, facts, { now });
  for (let i = 0; i < 5_000; i++) evaluatePolicy(policy, facts, { now }); // warm up (and parse once)
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) evaluatePolicy(policy, facts, { now });
  const ns = Number(process.hrtime.bigint() - start) / N;
  return { rules: policy.rules.length, decision: `${first.decision} by ${first.ruleId}`, microsecondsPerDecision: Math.round(ns / 10) / 100 };
}

const results = { measuredAt: new Date().toISOString(), node: process.version, decisions: N, visual: measure(visual), expressions: measure(asExpressions), blocksAndTable: measure(withBlocks) };
console.log(JSON.stringify(results, null, 2));
writeFileSync(path.join(import.meta.dirname, "last-results.json"), `${JSON.stringify(results, null, 2)}\n`);
