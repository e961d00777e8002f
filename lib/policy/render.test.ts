import { describe, expect, it } from "vitest";
import { type Policy, policySchema } from "@/lib/schemas/policy";
import { retailPolicies } from "@/server/agent/policy/retail-policies";
import { diffPolicy } from "./diff";
import { describeCondition, describeDefault, describeRule } from "./render";

describe("plain-language rules", () => {
  it("renders comparisons by type", () => {
    expect(describeRule({ decision: "deny", when: { fact: "order.status", op: "neq", value: "pending" } })).toBe("Deny if order status is not pending");
    expect(describeRule({ decision: "deny", when: { fact: "order.delivered_days_ago", op: "gt", value: 30 } })).toBe(
      "Deny if order delivered days ago is more than 30",
    );
    expect(describeRule({ decision: "deny", when: { fact: "session.authenticated_user_id", op: "not_exists" } })).toBe(
      "Deny if session authenticated user id is not known",
    );
    expect(describeRule({ decision: "escalate", when: { fact: "request.payment_method_type", op: "in", value: ["paypal", "gift_card"] } })).toBe(
      'Escalate to a person if request payment method type is one of "paypal", "gift_card"',
    );
    expect(describeRule({ decision: "require_confirmation", when: { fact: "session.confirmed", op: "neq", value: true } })).toBe(
      "Ask the customer to confirm if session confirmed is not true",
    );
  });

  it("renders date arithmetic and dates", () => {
    expect(describeCondition({ fact: "order.delivered_at", op: "days_since_gt", value: 45 })).toBe("order delivered at was more than 45 days ago");
    expect(describeCondition({ fact: "order.delivered_at", op: "lt", value: "2026-01-01" })).toBe("order delivered at is before 2026-01-01");
  });

  it("renders lists with the fact's type when known", () => {
    const typeOf = () => "string[]" as const;
    expect(describeCondition({ fact: "order.item_ids", op: "contains", value: "123" }, typeOf)).toBe("order item ids includes 123");
    expect(describeCondition({ fact: "order.item_ids", op: "in", value: ["1", "2"] }, typeOf)).toBe('order item ids only has items from "1", "2"');
  });

  it("renders all/any/not groups with parentheses where they nest", () => {
    expect(
      describeCondition({
        all: [
          { fact: "request.payment_method_is_gift_card", op: "eq", value: true },
          { any: [{ fact: "order.total", op: "gt", value: 100 }, { not: { fact: "user.exists", op: "eq", value: true } }] },
        ],
      }),
    ).toBe("request payment method is gift card is true and (order total is more than 100 or not user exists is true)");
    expect(describeCondition({ all: [] })).toBe("always");
  });

  it("renders every demo rule without gaps", () => {
    for (const policy of Object.values(retailPolicies)) {
      for (const rule of policy.rules) expect(describeRule(rule)).toMatch(/^(Deny|Allow|Escalate to a person|Ask the customer to confirm) if \S/);
      expect(describeDefault(policy)).toBe("Otherwise: deny");
    }
  });
});

describe("policy diff", () => {
  const base = retailPolicies.return_delivered_order_items;
  const edit = (f: (p: Policy) => unknown) => policySchema.parse(f(structuredClone(base)));

  it("no changes, no diff", () => {
    expect(diffPolicy(base, structuredClone(base))).toEqual([]);
  });

  it("reports a changed rule in plain language", () => {
    const after = edit((p) => ({ ...p, rules: p.rules.map((r) => (r.id === "return-window" ? { ...r, when: { fact: "order.delivered_days_ago", op: "gt", value: 45 } } : r)) }));
    const changes = diffPolicy(base, after);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: "changed", ruleId: "return-window" });
    expect((changes[0] as { before: string }).before).toContain("more than 30");
    expect((changes[0] as { after: string }).after).toContain("more than 45");
  });

  it("reports added, removed and moved rules and the default", () => {
    const after = edit((p) => {
      const rules = p.rules.filter((r) => r.id !== "payment-method-owned");
      const [first, second, ...rest] = rules;
      return {
        ...p,
        rules: [second!, first!, ...rest, { id: "paypal", when: { fact: "request.payment_method_type", op: "eq", value: "paypal" }, decision: "escalate", reason: "A person will help" }],
        defaultDecision: { decision: "escalate", reason: "Let me get a colleague" },
      };
    });
    const kinds = diffPolicy(base, after).map((c) => `${c.kind}:${"ruleId" in c ? c.ruleId : ""}`);
    expect(kinds).toEqual(["removed:payment-method-owned", "moved:order-exists", "moved:require-authentication", "added:paypal", "default:"]);
  });
});
