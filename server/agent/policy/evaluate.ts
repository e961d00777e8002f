import type { Comparison, Condition, DecisionTable, FactMap, FactValue, Facts, ListBlock, Operator, Policy, PolicyDecision, RuleTrace, TableValue } from "@/lib/schemas/policy";
import { blockExpression, blockFacts, blockList, comparedFields, fieldsOfItems, isBlock, valueType } from "@/lib/policy/blocks";
import { addFact, computeFact, evaluateExpression, type ExpressionContext, expressionContext, factsIn } from "@/lib/policy/expression";
import { invalid } from "@/server/errors";

const DAY_MS = 86_400_000;

/**
 * Evaluates a policy against verified facts: rules in order, first match wins, else the default.
 * Pure: the same policy, facts and `now` always give the same decision. A comparison on an unknown
 * fact never matches (only `not_exists` does), so rules about optional facts apply only when the fact
 * is known. An operator used on a fact of the wrong type is a policy bug and throws, so the gate fails
 * closed instead of silently skipping a rule.
 */
export function evaluatePolicy(policy: Policy, given: Facts, opts: { now: Date }): PolicyDecision {
  const { facts, computed, context } = withComputedFacts(policy, given, opts.now);
  // Expressions read one context per decision, built on first use (most policies have none).
  let shared = context;
  const exprContext = () => (shared ??= expressionContext(facts, opts.now));
  const trace: RuleTrace[] = [];
  for (const rule of policy.rules) {
    const read: Record<string, FactValue | null> = {};
    let matched: boolean;
    try {
      matched = holds(rule.when, facts, opts.now, read, exprContext);
    } catch (error) {
      throw invalid(`Policy ${policy.key} rule ${rule.id}: ${(error as Error).message}`);
    }
    trace.push({ ruleId: rule.id, matched, facts: read });
    if (matched) {
      return {
        decision: rule.decision,
        conditions: rule.conditions ?? [],
        reason: rule.reason,
        ruleId: rule.id,
        policyKey: policy.key,
        policyVersion: policy.version,
        trace,
        ...computed,
      };
    }
  }
  return {
    ...policy.defaultDecision,
    conditions: [],
    ruleId: "default",
    policyKey: policy.key,
    policyVersion: policy.version,
    trace,
    ...computed,
  };
}

type ComputedTrace = { computed?: Record<string, FactValue | null>; tableRows?: Record<string, number | null> };

/**
 * The policy's computed facts, in order, added to the given ones; their values (and the row each decision
 * table took) go in the decision's trace.
 */
function withComputedFacts(policy: Policy, given: Facts, now: Date): { facts: Facts; computed: ComputedTrace; context?: ExpressionContext } {
  if (!policy.facts?.length) return { facts: given, computed: {} };
  const facts: Facts = { ...given };
  const context = expressionContext(given, now);
  const values: Record<string, FactValue | null> = {};
  const tableRows: Record<string, number | null> = {};
  for (const fact of policy.facts) {
    let value: FactValue | undefined;
    try {
      if ("table" in fact) {
        const picked = tableValue(fact.table, facts, now, context);
        value = picked.value;
        tableRows[fact.name] = picked.row === undefined ? null : picked.row + 1;
      } else {
        value = computeFact(fact.expr, context);
      }
    } catch (error) {
      throw invalid(`Policy ${policy.key} computed fact ${fact.name}: ${(error as Error).message}`);
    }
    facts[fact.name] = value;
    if (value !== undefined) addFact(context, fact.name, value);
    values[fact.name] = value ?? null;
  }
  return { facts, computed: { computed: values, ...(Object.keys(tableRows).length ? { tableRows } : {}) }, context };
}

/**
 * A decision table's value: the first row that holds (`first`), or the only one (`unique`: two holding
 * is a policy bug, so it throws and the gate fails closed). When no row holds: `otherwise`, else unknown.
 */
function tableValue(table: DecisionTable, facts: Facts, now: Date, context: ExpressionContext): { value: TableValue | undefined; row?: number } {
  let fired: number | undefined;
  for (const [row, { when }] of table.rows.entries()) {
    let matched: boolean;
    try {
      matched = holds(when, facts, now, {}, () => context);
    } catch (error) {
      throw new Error(`row ${row + 1}: ${(error as Error).message}`);
    }
    if (!matched) continue;
    if (fired !== undefined) throw new Error(`rows ${fired + 1} and ${row + 1} both hold, but the table takes exactly one: make its rows exclude each other`);
    fired = row;
    if (table.hit === "first") break;
  }
  return fired === undefined ? { value: table.otherwise } : { value: table.rows[fired]!.value, row: fired };
}

function holds(condition: Condition, facts: Facts, now: Date, read: Record<string, FactValue | null>, context: () => ExpressionContext): boolean {
  if ("all" in condition) return condition.all.every((c) => holds(c, facts, now, read, context));
  if ("any" in condition) return condition.any.some((c) => holds(c, facts, now, read, context));
  if ("not" in condition) return !holds(condition.not, facts, now, read, context);
  if ("expr" in condition) {
    for (const name of factsIn(condition.expr, Object.keys(facts))) read[name] = facts[name] ?? null;
    return evaluateExpression(condition.expr, context());
  }
  if (isBlock(condition)) {
    // A fact against a fact, a count, a sum, every / some item: through the block's CEL form, so an
    // unknown fact or list makes it not hold and a type mismatch fails closed, as in an expression.
    for (const name of blockFacts(condition)) read[name] = facts[name] ?? null;
    // An unknown list: its expression would not hold either (whatever form its items would take).
    if (!("fact" in condition) && facts[blockList(condition)] === undefined) return false;
    return evaluateExpression(blockForm(condition, facts), context());
  }
  const value = facts[condition.fact];
  read[condition.fact] = value ?? null;
  return compare(condition, value, now);
}

// A block's CEL form depends on its list's type and its compared fields' types (a date, a list of text),
// taken from the values as the expression will see them; kept per condition and those types.
const blockForms = new WeakMap<object, Map<string, string>>();

function blockForm(condition: ListBlock | Comparison, facts: Facts): string {
  const list = "fact" in condition ? undefined : blockList(condition);
  const listValue = list === undefined ? undefined : facts[list];
  // A field no item has (an empty list) decides nothing: any form will do, text's.
  const compared = "fact" in condition ? [] : comparedFields(condition);
  const typed = Array.isArray(listValue) ? fieldsOfItems(listValue, compared) : [];
  const fields = compared.map((name) => typed.find((f) => f.name === name) ?? { name, type: "string" as const });
  const key = list === undefined ? "" : `${valueType(listValue) ?? "?"}|${fields.map((f) => `${f.name}:${f.type}`).join(",")}`;
  let forms = blockForms.get(condition);
  const known = forms?.get(key);
  if (known) return known;
  const expr = blockExpression(condition, (name) => valueType(facts[name]), () => fields);
  if (expr === null) throw new Error("this block has no exact expression (whole calendar days, or whether a nested field is known)");
  if (!forms) blockForms.set(condition, (forms = new Map()));
  forms.set(key, expr);
  return expr;
}

/** Whole calendar days (UTC) from `date` to `now`: 23:59 on Dec 31 to 00:01 on Jan 1 is one day. */
export function daysSince(date: Date, now: Date): number {
  const startOfDay = (d: Date) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return Math.round((startOfDay(now) - startOfDay(date)) / DAY_MS);
}

const dateOps = new Set<Operator>(["gt", "gte", "lt", "lte", "days_since_gt", "days_since_gte", "days_since_lt", "days_since_lte"]);

function compare({ op, value: expected, fact }: Comparison, actual: FactValue | undefined, now: Date): boolean {
  if (op === "exists") return actual !== undefined;
  if (op === "not_exists") return actual === undefined;
  if (actual === undefined) return false;

  if (isFactMap(actual)) throw new Error(`${fact} is objects by id: read its entries with an expression, e.g. key in ${fact} or ${fact}[key].field`);
  if (Array.isArray(actual)) {
    if (actual.some((x) => typeof x === "object" && x !== null)) throw new Error(`${fact} is a list of objects: check its items with an expression, e.g. ${fact}.all(x, ...)`);
    return compareList(op, actual as string[], expected, fact);
  }
  // A string fact compared by date operators is an ISO date (facts loaded from JSON carry dates as strings).
  if (actual instanceof Date || (typeof actual === "string" && dateOps.has(op))) return compareDate(op, toDate(actual, fact), expected, now, fact);
  if (typeof actual === "string") return compareString(op, actual, expected, fact);
  if (typeof actual === "number") return compareNumber(op, actual, expected, fact);
  return compareBoolean(op, actual, expected, fact);
}

const isFactMap = (v: FactValue): v is FactMap => typeof v === "object" && !Array.isArray(v) && !(v instanceof Date);

function compareString(op: Operator, actual: string, expected: unknown, fact: string): boolean {
  switch (op) {
    case "eq":
      return actual === expectString(expected, fact);
    case "neq":
      return actual !== expectString(expected, fact);
    case "in":
      return expectList(expected, fact).includes(actual);
    case "not_in":
      return !expectList(expected, fact).includes(actual);
    case "contains":
      return actual.includes(expectString(expected, fact));
    case "not_contains":
      return !actual.includes(expectString(expected, fact));
    default:
      throw new Error(`operator ${op} does not apply to the string fact ${fact}`);
  }
}

function compareNumber(op: Operator, actual: number, expected: unknown, fact: string): boolean {
  if (op === "in" || op === "not_in") return expectList(expected, fact).includes(actual) === (op === "in");
  if (typeof expected !== "number") throw new Error(`${fact} ${op} needs a number`);
  switch (op) {
    case "eq":
      return actual === expected;
    case "neq":
      return actual !== expected;
    case "gt":
      return actual > expected;
    case "gte":
      return actual >= expected;
    case "lt":
      return actual < expected;
    case "lte":
      return actual <= expected;
    default:
      throw new Error(`operator ${op} does not apply to the number fact ${fact}`);
  }
}

function compareBoolean(op: Operator, actual: boolean, expected: unknown, fact: string): boolean {
  if (typeof expected !== "boolean") throw new Error(`${fact} ${op} needs true or false`);
  if (op === "eq") return actual === expected;
  if (op === "neq") return actual !== expected;
  throw new Error(`operator ${op} does not apply to the boolean fact ${fact}`);
}

function compareDate(op: Operator, actual: Date, expected: unknown, now: Date, fact: string): boolean {
  if (op.startsWith("days_since_")) {
    if (typeof expected !== "number") throw new Error(`${fact} ${op} needs a number of days`);
    const days = daysSince(actual, now);
    if (op === "days_since_gt") return days > expected;
    if (op === "days_since_gte") return days >= expected;
    if (op === "days_since_lt") return days < expected;
    return days <= expected;
  }
  const other = toDate(expected, fact).getTime();
  const t = actual.getTime();
  switch (op) {
    case "eq":
      return t === other;
    case "neq":
      return t !== other;
    case "gt":
      return t > other;
    case "gte":
      return t >= other;
    case "lt":
      return t < other;
    case "lte":
      return t <= other;
    default:
      throw new Error(`operator ${op} does not apply to the date fact ${fact}`);
  }
}

/** Lists: eq is set equality, contains is "has this element (or all these)", in is "is a subset of". */
function compareList(op: Operator, actual: string[], expected: unknown, fact: string): boolean {
  const wanted = (): unknown[] => (Array.isArray(expected) ? expected : [expectString(expected, fact)]);
  switch (op) {
    case "eq":
    case "neq": {
      const a = new Set(actual);
      const b = new Set(expectList(expected, fact));
      const same = a.size === b.size && [...a].every((x) => b.has(x));
      return op === "eq" ? same : !same;
    }
    case "contains":
      return wanted().every((x) => actual.includes(x as string));
    case "not_contains":
      return !wanted().some((x) => actual.includes(x as string));
    case "in":
      return actual.every((x) => expectList(expected, fact).includes(x));
    case "not_in":
      return !actual.some((x) => expectList(expected, fact).includes(x));
    default:
      throw new Error(`operator ${op} does not apply to the list fact ${fact}`);
  }
}

function expectString(value: unknown, fact: string): string {
  if (typeof value !== "string") throw new Error(`${fact} needs a text value`);
  return value;
}

function expectList(value: unknown, fact: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${fact} needs a list of values`);
  return value;
}

function toDate(value: unknown, fact: string): Date {
  const date = value instanceof Date ? value : typeof value === "string" ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new Error(`${fact} needs a date (ISO 8601)`);
  return date;
}
