import type { Comparison, Condition, FactType, Policy, Rule } from "@/lib/schemas/policy";
import { decisionLabels, operatorLabel } from "./operators";

// Rules in plain language, e.g. "Deny if order status is not pending". What the builder reads in the
// editor and what reviewers read in diffs; the JSON stays an implementation detail.

export type FactTypeOf = (fact: string) => FactType | undefined;

/** "order.delivered_days_ago" → "order delivered days ago". */
export function factLabel(fact: string): string {
  return fact.replace(/[._]/g, " ");
}

function guessType(c: Comparison): FactType {
  if (c.op.startsWith("days_since_")) return "date";
  if (typeof c.value === "number") return "number";
  if (typeof c.value === "boolean") return "boolean";
  if (typeof c.value === "string" && /^\d{4}-\d{2}-\d{2}/.test(c.value)) return "date";
  return "string";
}

function valueText(value: Comparison["value"]): string {
  if (Array.isArray(value)) return value.length ? value.map((v) => (typeof v === "string" ? `"${v}"` : String(v))).join(", ") : "(nothing)";
  if (typeof value === "string") return /^\d{4}-\d{2}-\d{2}/.test(value) ? value : value;
  if (typeof value === "boolean") return value ? "true" : "false";
  return String(value ?? "");
}

export function describeComparison(c: Comparison, typeOf?: FactTypeOf): string {
  const type = typeOf?.(c.fact) ?? guessType(c);
  const subject = factLabel(c.fact);
  if (c.op === "exists" || c.op === "not_exists") return `${subject} ${operatorLabel(c.op, type)}`;
  if (c.op.startsWith("days_since_")) {
    const [before, after] = operatorLabel(c.op, type).split("…");
    return `${subject} ${before}${valueText(c.value)}${after}`;
  }
  return `${subject} ${operatorLabel(c.op, type)} ${valueText(c.value)}`;
}

export function describeCondition(condition: Condition, typeOf?: FactTypeOf, nested = false): string {
  const wrap = (s: string, parts: number) => (nested && parts > 1 ? `(${s})` : s);
  if ("all" in condition) {
    if (condition.all.length === 0) return "always";
    return wrap(condition.all.map((c) => describeCondition(c, typeOf, true)).join(" and "), condition.all.length);
  }
  if ("any" in condition) {
    if (condition.any.length === 0) return "never";
    return wrap(condition.any.map((c) => describeCondition(c, typeOf, true)).join(" or "), condition.any.length);
  }
  if ("not" in condition) return `not ${describeCondition(condition.not, typeOf, true)}`;
  return describeComparison(condition, typeOf);
}

/** "Deny if order status is not pending". */
export function describeRule(rule: Pick<Rule, "decision" | "when">, typeOf?: FactTypeOf): string {
  return `${decisionLabels[rule.decision]} if ${describeCondition(rule.when, typeOf)}`;
}

export function describeDefault(policy: Pick<Policy, "defaultDecision">): string {
  return `Otherwise: ${decisionLabels[policy.defaultDecision.decision].toLowerCase()}`;
}
