import { type Condition, type DecisionTable, type FactType, operatorsOf, tablePlace } from "@/lib/schemas/policy";
import { overlappingRows, tableValueProblem, tableValueType } from "./decision-table";
import { type CatalogueFact, checkExpression, computedExpressionType, type ExpressionProblem, factsIn, factsReadBy, positionText } from "./expression";
import { blockExpression, blockPlace, catalogueTypes, factComparisonProblem, isFactComparison, isListBlock, listBlockProblem } from "./blocks";
import { valueKind } from "./operators";

// A policy's computed facts — expressions and decision tables — typed in order against the fact catalogue:
// each from the agent's facts and the computed facts above it, so there is no cycle. The editor runs this
// as the builder types and saving runs it again, so both show the same problem at the same place.

type ComputedFactInput = { name: string; expr: string } | { name: string; table: DecisionTable };

export type ComputedFactProblem = ExpressionProblem & {
  index: number;
  name: string;
  /**
   * In a decision table: the row (from 0) the problem is at; for two rows of a unique table that can both
   * hold, `row` is the later one and `otherRow` the earlier.
   */
  table?: { row?: number; otherRow?: number };
};

type Typed = { type: FactType } | { problem: ExpressionProblem & Pick<ComputedFactProblem, "table"> };

/**
 * The types of a policy's computed facts, each checked against the agent's facts and the computed facts
 * before it. A name the agent already has, a use of a fact computed later, or a value that is not a fact
 * type is a problem at that fact (and row, in a table).
 */
export function computedFactTypes(
  computed: readonly ComputedFactInput[],
  facts: readonly CatalogueFact[],
): { types: { name: string; type: FactType }[]; problem: ComputedFactProblem | null } {
  const known: CatalogueFact[] = [...facts];
  const types: { name: string; type: FactType }[] = [];
  for (const [index, fact] of computed.entries()) {
    const later = computed.slice(index + 1).map((f) => f.name);
    const typed: Typed = known.some((f) => f.name === fact.name)
      ? { problem: { message: `${fact.name} is already a fact: give the computed fact another name`, start: 0, end: 0, ...("table" in fact ? { table: {} } : {}) } }
      : "table" in fact
        ? tableType(fact.name, fact.table, known, later)
        : expressionType(fact.expr, known, later);
    if ("problem" in typed) return { types, problem: { ...typed.problem, index, name: fact.name } };
    known.push({ name: fact.name, type: typed.type });
    types.push({ name: fact.name, type: typed.type });
  }
  return { types, problem: null };
}

const movingAdvice = (name: string) => `move ${name} above it (a computed fact can only use the ones before it)`;

function expressionType(expr: string, known: readonly CatalogueFact[], later: readonly string[]): Typed {
  const uses = later.find((name) => factsIn(expr, [name]).length);
  if (uses) return { problem: { message: `It uses ${uses}, which is computed after it: ${movingAdvice(uses)}`, start: 0, end: expr.length } };
  return computedExpressionType(expr, known);
}

/** A table's type is its values' type; each row's condition is checked against the facts known at the table. */
function tableType(name: string, table: DecisionTable, known: readonly CatalogueFact[], later: readonly string[]): Typed {
  const at = (message: string, row?: number, otherRow?: number): Typed => ({ problem: { message, start: 0, end: 0, table: { row, otherRow } } });
  const first = table.rows[0];
  if (!first) return at("A decision table needs at least one row");
  for (const [row, { when }] of table.rows.entries()) {
    const uses = [...factsReadBy(when, later)].find((fact) => later.includes(fact));
    if (uses) return at(`It uses ${uses}, which is computed after ${name}: ${movingAdvice(uses)}`, row);
    const problem = conditionProblem(when, known);
    if (problem) return at(problem, row);
  }
  const values = tableValueProblem(table);
  if (values) return at(values.message, values.row);
  if (table.hit === "unique") {
    const overlap = overlappingRows(table, (fact) => known.find((f) => f.name === fact)?.type);
    if (overlap) return at(overlap.why, overlap.second, overlap.first);
  }
  return { type: tableValueType(first.value) };
}

/** A problem as the builder reads it: "Computed fact x: … (at column 3)", "allowance, row 3: …", "Rows 2 and 5 of allowance can both hold (…)". */
export function computedFactProblemText(p: ComputedFactProblem): string {
  if (!p.table) return `Computed fact ${p.name}: ${p.message} (${positionText(p)})`;
  const { row, otherRow } = p.table;
  if (row !== undefined && otherRow !== undefined) {
    return `Rows ${otherRow + 1} and ${row + 1} of ${p.name} can both hold (${p.message}): a table that takes exactly one row needs rows that exclude each other`;
  }
  return `${tablePlace(p.name, row)}${p.message}`;
}

/**
 * What is wrong with a condition against the facts known at its place: an expression that does not
 * type-check or, unless custom facts are allowed, a comparison on a fact not known there or with an
 * operator or value its type does not take. Rules may compare custom facts (the bench fills them in); a
 * table's rows may not, since a name not known yet could be a fact computed later.
 */
export function conditionProblem(condition: Condition, facts: readonly CatalogueFact[], opts: { customFacts?: boolean } = {}): string | null {
  if ("all" in condition || "any" in condition) {
    for (const c of "all" in condition ? condition.all : condition.any) {
      const problem = conditionProblem(c, facts, opts);
      if (problem) return problem;
    }
    return null;
  }
  if ("not" in condition) return conditionProblem(condition.not, facts, opts);
  if ("expr" in condition) {
    const problem = checkExpression(condition.expr, facts);
    return problem && `${problem.message} (${positionText(problem)} of “${condition.expr}”)`;
  }
  if (isListBlock(condition)) {
    const place = blockPlace(condition);
    const problem = listBlockProblem(condition, facts) ?? celProblem(condition, facts);
    return problem && `${place}: ${problem}`;
  }
  if (isFactComparison(condition)) return factComparisonProblem(condition, facts) ?? celProblem(condition, facts);
  if (opts.customFacts) return null;
  const { fact, op, value } = condition;
  const type = facts.find((f) => f.name === fact)?.type;
  if (!type) return `Unknown fact ${fact}: pick one from the list of facts`;
  if (!operatorsOf(type).includes(op)) return `${fact} is ${type}: the operator ${op} does not apply to it`;
  const wanted = valueWanted(type, op, value);
  return wanted && `${fact} is compared with ${JSON.stringify(value) ?? "nothing"}, but needs ${wanted}`;
}

/** A block's CEL form must exist and type-check: the backstop behind the block's own checks. */
function celProblem(condition: Parameters<typeof blockExpression>[0], facts: readonly CatalogueFact[]): string | null {
  const { typeOf, fieldsOf } = catalogueTypes(facts);
  const expr = blockExpression(condition, typeOf, fieldsOf);
  if (expr === null) return "it has no exact expression (whole calendar days, or whether a nested field is known): change the comparison";
  const problem = checkExpression(expr, facts);
  return problem && `${problem.message} (in “${expr}”)`;
}

/** What a comparison's value should be, or null when it fits. */
function valueWanted(type: FactType, op: Parameters<typeof valueKind>[1], value: unknown): string | null {
  const item = type === "number" ? "number" : "string";
  switch (valueKind(type, op)) {
    case "none":
      return null;
    case "number":
    case "days":
      return typeof value === "number" ? null : "a number";
    case "boolean":
      return typeof value === "boolean" ? null : "true or false";
    case "date":
      return typeof value === "string" && !Number.isNaN(Date.parse(value)) ? null : "a date";
    case "list":
      return Array.isArray(value) && value.every((v) => typeof v === item) ? null : `a list of ${item === "number" ? "numbers" : "text"}`;
    case "text":
      return typeof value === "string" ? null : "text";
  }
}
