import type { Comparison, Condition, DecisionTable, FactType, ItemComparison, ItemCondition, ListBlock, Policy, Rule } from "@/lib/schemas/policy";
import { blockList, isListBlock, itemComparisons } from "./blocks";
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
  const type = typeOf?.(c.fact) ?? (c.valueFact !== undefined ? typeOf?.(c.valueFact) : undefined) ?? guessType(c);
  const subject = factLabel(c.fact);
  // Against another fact: "request refund amount is at most order total".
  if (c.valueFact !== undefined) return `${subject} ${operatorLabel(c.op, type)} ${factLabel(c.valueFact)}`;
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
  if ("expr" in condition) return wrap(describeExpression(condition.expr), 2);
  if (isListBlock(condition)) return describeBlock(condition);
  return describeComparison(condition, typeOf);
}

/** "order items" → "order item", "stock" → "stock item": one item of a list, for "every …" and "some …". */
function oneItemOf(list: string): string {
  const label = factLabel(list);
  if (/ies$/.test(label)) return label.replace(/ies$/, "y");
  if (/[^s]s$/.test(label)) return label.slice(0, -1);
  return `${label} item`;
}

/** An item's comparison: "quantity is more than 1"; "is …" for the item itself (a list of text). */
function describeItem(i: ItemComparison): string {
  return describeComparison({ fact: i.field ?? "it", op: i.op, ...(i.value !== undefined ? { value: i.value } : {}), ...(i.valueFact !== undefined ? { valueFact: i.valueFact } : {}) });
}

function describeWhere(where: ItemCondition | undefined, style: "where" | "has"): string {
  const items = itemComparisons(where);
  if (!items.length) return style === "has" ? ("all" in where! ? "holds (no conditions)" : "never holds (no conditions)") : "";
  const join = where && "any" in where ? " or " : " and ";
  if (style === "where") return ` where ${items.map(describeItem).join(join)}`;
  // "every stock item has returnable true", "every order item id is one of …".
  return items
    .map((i) => {
      const text = describeItem(i);
      if (i.field === undefined) return text.replace(/^it /, "");
      const subject = factLabel(i.field);
      return `has ${text.startsWith(`${subject} is `) ? `${subject} ${text.slice(subject.length + 4)}` : text}`;
    })
    .join(join);
}

/**
 * A block over a list: "the number of order items where quantity is more than 1 is at most 3", "the sum of
 * unit price over order items is at most order total", "every stock item has returnable true".
 */
export function describeBlock(c: ListBlock): string {
  const list = blockList(c);
  if ("every" in c || "some" in c) return `${"every" in c ? "every" : "some"} ${oneItemOf(list)} ${describeWhere(c.where, "has")}`;
  const measure = "count" in c ? `the number of ${factLabel(list)}` : `the sum of ${factLabel(c.field)} over ${factLabel(list)}`;
  const against = c.valueFact !== undefined ? factLabel(c.valueFact) : valueText(c.value);
  return `${measure}${describeWhere(c.where, "where")} ${operatorLabel(c.op, "number")} ${against}`;
}

/** "Deny if order status is not pending". */
export function describeRule(rule: Pick<Rule, "decision" | "when">, typeOf?: FactTypeOf): string {
  return `${decisionLabels[rule.decision]} if ${describeCondition(rule.when, typeOf)}`;
}

/**
 * A decision table in words: "allowance is 100 if request tier is gold and request room class is suite;
 * 50 if request tier is silver; otherwise 0 (the first row that holds gives it)".
 */
export function describeTable(name: string, table: DecisionTable, typeOf?: FactTypeOf): string {
  const rows = table.rows.map((r) => `${valueText(r.value)} if ${describeCondition(r.when, typeOf)}`);
  const otherwise = table.otherwise === undefined ? "otherwise not known" : `otherwise ${valueText(table.otherwise)}`;
  const hit = table.hit === "first" ? "the first row that holds gives it" : "exactly one row may hold";
  return `${name} is ${[...rows, otherwise].join("; ")} (${hit})`;
}

export function describeDefault(policy: Pick<Policy, "defaultDecision">): string {
  return `Otherwise: ${decisionLabels[policy.defaultDecision.decision].toLowerCase()}`;
}

// CEL's symbols as words, outside string literals. Longer symbols first, so "<=" is not read as "<".
const celWords: [RegExp, string][] = [
  [/&&/g, " and "],
  [/\|\|/g, " or "],
  [/<=/g, " is at most "],
  [/>=/g, " is at least "],
  [/==/g, " is "],
  [/!=/g, " is not "],
  [/</g, " is less than "],
  [/>/g, " is more than "],
  [/!/g, "not "],
];

const quantifierWords: Record<string, string> = { all: "every", exists: "some", exists_one: "exactly one" };

/** `items.all(i, i.price < 50)` → `every i in items: i.price < 50` (the call's own closing bracket dropped). */
function quantifiers(text: string): string {
  const call = /([\w.]+)\.(all|exists_one|exists)\((\w+),\s*/;
  for (let m = call.exec(text); m; m = call.exec(text)) {
    let depth = 1;
    let end = m.index + m[0].length;
    for (let quote = ""; end < text.length && depth > 0; end++) {
      const ch = text[end]!;
      if (quote) quote = ch === quote && text[end - 1] !== "\\" ? "" : quote;
      else if (ch === '"' || ch === "'") quote = ch;
      else depth += ch === "(" ? 1 : ch === ")" ? -1 : 0;
    }
    const body = text.slice(m.index + m[0].length, depth === 0 ? end - 1 : end);
    text = `${text.slice(0, m.index)}${quantifierWords[m[2]!]} ${m[3]} in ${m[1]}: ${body}${text.slice(end)}`;
  }
  return text;
}

/**
 * An expression in plain language: "request.amount <= order.total && size(order.item_ids) > 2" reads
 * "request amount is at most order total and the number of order item ids is more than 2". Quoted text
 * and numbers stay as written.
 */
export function describeExpression(expr: string): string {
  return quantifiers(expr)
    .split(/("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/)
    .map((part, i) => {
      if (i % 2 === 1) return part; // a string literal
      let text = part
        .replace(/size\(([^()]+)\)/g, "the number of $1")
        .replace(/duration\("?(\w+)"?\)/g, "$1");
      for (const [symbol, word] of celWords) text = text.replace(symbol, word);
      // Fact names (dotted, or snake_case like a computed fact) as words.
      return text.replace(/\b[a-z][a-z0-9]*(?:[._][a-z0-9]+)+\b/g, (name) => factLabel(name));
    })
    .join("")
    .replace(/\s+/g, " ")
    .trim();
}
