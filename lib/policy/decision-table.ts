import type { Comparison, Condition, DecisionTable, FactType, TableValue } from "@/lib/schemas/policy";

// Decision tables: a computed fact whose value is picked by rows of conditions (an allowance by loyalty
// tier × room class). Pure and free of CEL, so the stored policy's schema can use it too; typing a
// table against the fact catalogue is in computed-facts.ts, evaluating it in the gate's evaluate.ts.

export const MAX_TABLE_ROWS = 200;

export type TableValueType = "string" | "number" | "boolean";

export const tableValueType = (value: TableValue): TableValueType => typeof value as TableValueType;

const typeWords: Record<TableValueType, string> = { string: "text", number: "a number", boolean: "yes/no" };

/**
 * A table gives one type of value (its type as a fact): the first row whose value (or the otherwise)
 * has another type than the rows above it, with what to do.
 */
export function tableValueProblem(table: Pick<DecisionTable, "rows" | "otherwise">): { row?: number; message: string } | null {
  const first = table.rows[0];
  if (!first) return null;
  const type = tableValueType(first.value);
  const row = table.rows.findIndex((r) => tableValueType(r.value) !== type);
  const mismatch = (what: string, value: TableValue) => `${what} is ${typeWords[tableValueType(value)]}, but the rows above give ${typeWords[type]}: every value of a table has the same type`;
  if (row >= 0) return { row, message: mismatch("its value", table.rows[row]!.value) };
  if (table.otherwise !== undefined && tableValueType(table.otherwise) !== type) return { message: mismatch("the otherwise value", table.otherwise) };
  return null;
}

/** Key order does not change what a condition says. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

type Scalar = string | number | boolean;
/** The values each fact may take for a row to hold, when the row is only `eq` / `in` comparisons joined by "all". */
type ValueSets = Map<string, Scalar[]>;

const scalarTypes = new Set<FactType>(["string", "number", "boolean"]);

function valueSets(condition: Condition, typeOf: (fact: string) => FactType | undefined, sets: ValueSets = new Map()): ValueSets | null {
  if ("all" in condition) {
    for (const c of condition.all) if (!valueSets(c, typeOf, sets)) return null;
    return sets;
  }
  // Expressions, any/not and blocks (a fact against a fact, lists) are not compared here.
  if ("any" in condition || "not" in condition || "expr" in condition || !("fact" in condition) || condition.valueFact !== undefined) return null;
  const allowed = allowedValues(condition, typeOf);
  if (!allowed) return null;
  const before = sets.get(condition.fact);
  sets.set(condition.fact, before ? before.filter((v) => allowed.includes(v)) : allowed);
  return sets;
}

function allowedValues({ fact, op, value }: Comparison, typeOf: (fact: string) => FactType | undefined): Scalar[] | null {
  // Lists and dates compare by other rules (subset, set equality, moments): left to the gate.
  const type = typeOf(fact);
  if (!type || !scalarTypes.has(type)) return null;
  if (op === "eq" && value !== undefined && !Array.isArray(value)) return [value];
  if (op === "in" && Array.isArray(value)) return value;
  return null;
}

const quoted = (v: Scalar) => (typeof v === "string" ? JSON.stringify(v) : String(v));

/**
 * Two rows of a table that can both hold, as far as their conditions show: identical conditions, or rows
 * made only of `eq` / `in` comparisons where one row's facts are among the other's and every shared fact
 * has a value both rows accept. Rows with expressions, `any` or `not` cannot be proven disjoint here;
 * the gate still refuses a unique table when two rows hold at decision time.
 */
export function overlappingRows(
  table: Pick<DecisionTable, "rows">,
  typeOf: (fact: string) => FactType | undefined,
): { first: number; second: number; why: string } | null {
  const keys = table.rows.map((r) => canonical(r.when));
  const sets = table.rows.map((r) => valueSets(r.when, typeOf));
  for (let second = 1; second < table.rows.length; second++) {
    for (let first = 0; first < second; first++) {
      if (keys[first] === keys[second]) return { first, second, why: "their conditions are the same" };
      const [a, b] = [sets[first], sets[second]];
      if (!a || !b) continue;
      const [small, large] = a.size <= b.size ? [a, b] : [b, a];
      if (![...small.keys()].every((fact) => large.has(fact))) continue;
      const shared = [...small].map(([fact, values]) => ({ fact, common: values.filter((v) => large.get(fact)!.includes(v)) }));
      if (shared.some((s) => s.common.length === 0)) continue;
      const why = shared.length ? `both hold when ${shared.map((s) => `${s.fact} is ${quoted(s.common[0]!)}`).join(" and ")}` : "one of them always holds";
      return { first, second, why };
    }
  }
  return null;
}
