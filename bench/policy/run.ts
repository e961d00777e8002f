// Per-decision time of the policy gate's evaluation (pure, in process): the demo's return policy as
// written with the visual builder, then the same decisions with its rules as CEL expressions and a
// computed fact. Run by hand (see bench/README.md); writes bench/policy/last-results.json.
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
};

function measure(policy: Policy) {
  const first = evaluatePolicy(policy, facts, { now });
  for (let i = 0; i < 5_000; i++) evaluatePolicy(policy, facts, { now }); // warm up (and parse once)
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) evaluatePolicy(policy, facts, { now });
  const ns = Number(process.hrtime.bigint() - start) / N;
  return { rules: policy.rules.length, decision: `${first.decision} by ${first.ruleId}`, microsecondsPerDecision: Math.round(ns / 10) / 100 };
}

const results = { measuredAt: new Date().toISOString(), node: process.version, decisions: N, visual: measure(visual), expressions: measure(asExpressions) };
console.log(JSON.stringify(results, null, 2));
writeFileSync(path.join(import.meta.dirname, "last-results.json"), `${JSON.stringify(results, null, 2)}\n`);
