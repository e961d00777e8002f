import { type FactOperator, factOperators, type FactType, type FieldType, type ItemField, type Operator, operatorsOf } from "./fact-types";
import type { Comparison, Condition, ItemComparison, ItemCondition, ListBlock } from "@/lib/schemas/policy";

// The rule builder's visual blocks beyond a fact compared with a value: a fact compared with another
// fact, and blocks over a list — count its items, sum a field, every / some item holds — each with
// item conditions on the item's fields. Every block has an exact CEL form (`blockExpression`): the gate
// evaluates a block through it, so an unknown fact or list, an empty list and a type mismatch mean what
// they mean in a written expression, and "Write as an expression" gives the same text. Pure and free of
// the CEL library, so the editor, the renderer and the schema can use it.

export type TypeOf = (fact: string) => FactType | undefined;
/** The fields of a list of objects' items, when known (a list of text has none: its items are the values). */
export type FieldsOf = (list: string) => readonly ItemField[] | undefined;

export const isListBlock = (c: Condition): c is ListBlock => "count" in c || "sum" in c || "every" in c || "some" in c;
export const isFactComparison = (c: Condition): c is Comparison & { valueFact: string } => "fact" in c && "op" in c && typeof c.valueFact === "string";
/** A condition the gate evaluates through its CEL form. */
export const isBlock = (c: Condition): c is ListBlock | (Comparison & { valueFact: string }) => isListBlock(c) || isFactComparison(c);

export type BlockKind = "count" | "sum" | "every" | "some";
export const blockKind = (b: ListBlock): BlockKind => ("count" in b ? "count" : "sum" in b ? "sum" : "every" in b ? "every" : "some");
/** The list a block reads. */
export const blockList = (b: ListBlock): string => ("count" in b ? b.count : "sum" in b ? b.sum : "every" in b ? b.every : b.some);

export const itemComparisons = (where: ItemCondition | undefined): ItemComparison[] => (where ? ("all" in where ? where.all : where.any) : []);

/** Every fact a block reads: the list, and each fact it compares with (its own, and in its item conditions). */
export function blockFacts(c: ListBlock | Comparison): string[] {
  if ("fact" in c) return c.valueFact ? [c.fact, c.valueFact] : [c.fact];
  const out = [blockList(c)];
  if ("count" in c || "sum" in c) if (c.valueFact) out.push(c.valueFact);
  for (const i of itemComparisons(c.where)) if (i.valueFact) out.push(i.valueFact);
  return [...new Set(out)];
}

// --- The CEL form ----------------------------------------------------------------------------------

const symbols: Record<FactOperator, string> = { eq: "==", neq: "!=", gt: ">", gte: ">=", lt: "<", lte: "<=" };
const isFactOperator = (op: Operator): op is FactOperator => (factOperators as readonly Operator[]).includes(op);

/** Facts' numbers are CEL doubles, and CEL does not compare a double with an integer literal for equality: `3` is `3.0`. */
export function numberLiteral(n: number): string {
  const text = String(n);
  return /[.eE]/.test(text) || !Number.isFinite(n) ? text : `${text}.0`;
}

/**
 * A value as a CEL literal for a fact of `type`: numbers as doubles, dates as timestamps (a date without
 * a time is midnight UTC, as the gate reads it); null when it cannot be one.
 */
export function typedLiteral(value: unknown, type: FactType | undefined): string | null {
  if (typeof value === "number") return numberLiteral(value);
  if (typeof value === "boolean") return String(value);
  if (typeof value === "string") {
    if (type !== "date") return JSON.stringify(value);
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : `timestamp(${JSON.stringify(date.toISOString())})`;
  }
  if (Array.isArray(value)) {
    const items = value.map((v) => typedLiteral(v, type === "string[]" ? "string" : type));
    return items.some((i) => i === null) ? null : `[${items.join(", ")}]`;
  }
  return null;
}

/**
 * The CEL form of one comparison, of a fact or of an item's field (`subject`), with a value or with
 * another fact; null where there is no exact one (whole calendar days, a list's set equality).
 */
export function comparisonExpression(subject: string, type: FactType | undefined, c: Pick<Comparison, "op" | "value" | "valueFact">, opts: { itemField?: string } = {}): string | null {
  const { op, value } = c;
  if (c.valueFact !== undefined) return isFactOperator(op) ? `${subject} ${symbols[op]} ${c.valueFact}` : null;
  // A string compared by order is a date (the gate reads dates that came through JSON that way).
  const as = type ?? (typeof value === "string" && ["gt", "gte", "lt", "lte"].includes(op) ? "date" : undefined);
  const list = Array.isArray(value);
  const lit = () => typedLiteral(value, as);
  const binary = (sym: string) => {
    const l = lit();
    return l === null ? null : `${subject} ${sym} ${l}`;
  };
  switch (op) {
    case "eq":
    case "neq":
      return list || as === "string[]" ? null : binary(symbols[op]);
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return binary(symbols[op]);
    case "in":
    case "not_in": {
      if (!list || as === "string[]") return null;
      const l = lit();
      return l === null ? null : op === "in" ? `${subject} in ${l}` : `!(${subject} in ${l})`;
    }
    case "contains":
    case "not_contains": {
      if (typeof value !== "string") return null;
      const holds = as === "string[]" ? `${JSON.stringify(value)} in ${subject}` : as === "string" ? `${subject}.contains(${JSON.stringify(value)})` : null;
      return holds && (op === "contains" ? holds : `!(${holds})`);
    }
    case "exists":
    case "not_exists":
      // Only a direct field of an item can be asked after: a whole fact's absence (or a nested object's)
      // makes any expression not hold, where `not_exists` would.
      if (!opts.itemField || opts.itemField.includes(".")) return null;
      return op === "exists" ? `has(${subject})` : `!has(${subject})`;
    default:
      return null;
  }
}

/** The item variable: `i`, unless a fact the block compares with starts with it. */
function itemVariable(c: ListBlock): string {
  const roots = new Set(itemComparisons(c.where).flatMap((i) => (i.valueFact ? [i.valueFact.split(".")[0]] : [])));
  for (const name of ["i", "item_", "it_"]) if (!roots.has(name)) return name;
  return "i_";
}

function whereExpression(where: ItemCondition, variable: string, fieldType: (field: string | undefined) => FactType | undefined): string | null {
  const all = "all" in where;
  const parts = itemComparisons(where).map((i) => comparisonExpression(i.field ? `${variable}.${i.field}` : variable, fieldType(i.field), i, { itemField: i.field }));
  if (parts.some((p) => p === null)) return null;
  if (!parts.length) return all ? "true" : "false";
  return parts.length === 1 ? parts[0]! : parts.map((p) => `(${p})`).join(all ? " && " : " || ");
}

/**
 * A block's exact CEL form, e.g. `size(order.items.filter(i, i.quantity > 1.0)) <= 3`,
 * `sum(order.items.map(i, i.unit_price)) <= order.total`, `stock.all(i, i.returnable == true)`; null
 * where a part has none. The fields' types come from the catalogue (or, at the gate, from the values).
 */
export function blockExpression(c: ListBlock | Comparison, typeOf: TypeOf, fieldsOf?: FieldsOf): string | null {
  if ("fact" in c) return comparisonExpression(c.fact, typeOf(c.fact), c);
  const list = blockList(c);
  const listType = typeOf(list);
  const fields = fieldsOf?.(list);
  const fieldType = (field: string | undefined): FactType | undefined => (field === undefined ? (listType === "string[]" ? "string" : undefined) : fields?.find((f) => f.name === field)?.type);
  const v = itemVariable(c);
  const where = c.where ? whereExpression(c.where, v, fieldType) : undefined;
  if (where === null) return null;
  if ("every" in c) return `${list}.all(${v}, ${where})`;
  if ("some" in c) return `${list}.exists(${v}, ${where})`;
  const filtered = where === undefined ? list : `${list}.filter(${v}, ${where})`;
  const sym = symbols[c.op];
  if ("count" in c) {
    // size() is an integer: compared with a whole number as one, with a fact or a fraction as a double.
    if (c.valueFact !== undefined) return `double(size(${filtered})) ${sym} ${c.valueFact}`;
    if (typeof c.value !== "number") return null;
    return Number.isInteger(c.value) ? `size(${filtered}) ${sym} ${c.value}` : `double(size(${filtered})) ${sym} ${numberLiteral(c.value)}`;
  }
  const total = `sum(${filtered}.map(${v}, ${v}.${c.field}))`;
  if (c.valueFact !== undefined) return `${total} ${sym} ${c.valueFact}`;
  return typeof c.value === "number" ? `${total} ${sym} ${numberLiteral(c.value)}` : null;
}

// --- Checking a block against the fact catalogue --------------------------------------------------

export type CatalogueEntry = { name: string; type: FactType; fields?: readonly ItemField[] };

const typeWords: Record<FactType, string> = { string: "text", number: "a number", boolean: "yes/no", date: "a date", "string[]": "a list of text", "object[]": "a list of objects", map: "objects by id" };
/** Operators an item's field takes: its type's, less whole calendar days (no exact CEL form) and a list's set comparisons. */
export function itemOperators(type: FactType, opts: { field: boolean } = { field: true }): Operator[] {
  const ops: Operator[] = type === "string[]" ? ["contains", "not_contains", "exists", "not_exists"] : operatorsOf(type).filter((op) => !op.startsWith("days_since_"));
  // The items of a list of text are always there; a field of an object may be missing.
  return opts.field ? ops : ops.filter((op) => op !== "exists" && op !== "not_exists");
}
/** Facts that can be compared with each other: the same type, a scalar one. */
export const comparableTypes: readonly FactType[] = ["string", "number", "boolean", "date"];
export const factOperatorsFor = (type: FactType): FactOperator[] => (type === "number" || type === "date" ? [...factOperators] : ["eq", "neq"]);

/** "count of order.items", "every item of stock": where a block's problem is. */
export function blockPlace(c: ListBlock): string {
  const list = blockList(c);
  return { count: `count of ${list}`, sum: `sum of ${"sum" in c ? c.field : ""} over ${list}`, every: `every item of ${list}`, some: `some item of ${list}` }[blockKind(c)];
}

function otherFactProblem(subject: string, type: FactType, op: Operator, other: string, facts: readonly CatalogueEntry[]): string | null {
  const otherType = facts.find((f) => f.name === other)?.type;
  if (!otherType) return `Unknown fact ${other}: pick one from the list of facts`;
  if (!comparableTypes.includes(type)) return `${subject} is ${typeWords[type]}: it cannot be compared with another fact`;
  if (otherType !== type) return `${subject} is ${typeWords[type]} but ${other} is ${typeWords[otherType]}: compare facts of the same type`;
  if (!factOperatorsFor(type).includes(op as FactOperator)) return `${subject} and ${other} are ${typeWords[type]}: the operator ${op} does not compare them`;
  return null;
}

/** A fact compared with another: both known, of the same scalar type, with an operator that orders or equates them. */
export function factComparisonProblem(c: Comparison & { valueFact: string }, facts: readonly CatalogueEntry[]): string | null {
  if (c.value !== undefined) return `${c.fact} is compared with a value and with ${c.valueFact}: keep one`;
  const type = facts.find((f) => f.name === c.fact)?.type;
  if (!type) return `Unknown fact ${c.fact}: a comparison with another fact needs facts from the list`;
  return otherFactProblem(c.fact, type, c.op, c.valueFact, facts);
}

function valueProblem(subject: string, type: FactType, c: Pick<ItemComparison, "op" | "value">): string | null {
  const { op, value } = c;
  if (op === "exists" || op === "not_exists") return value === undefined ? null : `${subject} ${op} takes no value`;
  if (value === undefined) return `${subject} needs a value to compare with`;
  const item = type === "number" ? "number" : "string";
  if (op === "in" || op === "not_in") return Array.isArray(value) && value.every((v) => typeof v === item) ? null : `${subject} needs a list of ${item === "number" ? "numbers" : "text"}`;
  if (type === "string[]" || type === "string") return typeof value === "string" ? null : `${subject} needs text`;
  if (type === "number") return typeof value === "number" ? null : `${subject} needs a number`;
  if (type === "boolean") return typeof value === "boolean" ? null : `${subject} needs true or false`;
  if (type === "date") return typeof value === "string" && !Number.isNaN(Date.parse(value)) ? null : `${subject} needs a date`;
  return null;
}

/**
 * What is wrong with a block against the agent's facts, in the builder's words ("order.items has no
 * field colour"), or null. The list must be a known list; fields must be the items' own (any name, for a
 * list whose fields are not known, typed by what it is compared with); compared facts must be known and
 * of the field's type; a sum needs a number field.
 */
export function listBlockProblem(c: ListBlock, facts: readonly CatalogueEntry[]): string | null {
  const list = blockList(c);
  const fact = facts.find((f) => f.name === list);
  if (!fact) return `Unknown fact ${list}: pick a list from the facts`;
  if (fact.type !== "object[]" && fact.type !== "string[]") return `${list} is ${typeWords[fact.type]}, not a list`;
  const loose = fact.type === "object[]" && !fact.fields?.length;
  const fieldOf = (field: string | undefined): { type?: FactType; problem?: string } => {
    if (field === undefined) return fact.type === "string[]" ? { type: "string" } : { problem: `pick a field of the items of ${list}` };
    if (fact.type === "string[]") return { problem: `the items of ${list} are text, they have no field ${field}` };
    if (loose) return {};
    const found = fact.fields!.find((f) => f.name === field);
    return found ? { type: found.type } : { problem: `${list} has no field ${field}` };
  };
  for (const i of itemComparisons(c.where)) {
    const { type: known, problem } = fieldOf(i.field);
    if (problem) return problem;
    const subject = i.field ?? "the item";
    if (i.valueFact !== undefined) {
      if (i.value !== undefined) return `${subject} is compared with a value and with ${i.valueFact}: keep one`;
      const other = facts.find((f) => f.name === i.valueFact)?.type;
      const type = known ?? other;
      if (!type) return `Unknown fact ${i.valueFact}: pick one from the list of facts`;
      const wrong = otherFactProblem(subject, type, i.op, i.valueFact, facts);
      if (wrong) return wrong;
      continue;
    }
    // A field of a list whose fields are not known takes the type of the value it is compared with.
    const type: FactType | undefined = known ?? (typeof i.value === "number" ? "number" : typeof i.value === "boolean" ? "boolean" : Array.isArray(i.value) ? (typeof i.value[0] === "number" ? "number" : "string") : "string");
    if (!itemOperators(type, { field: i.field !== undefined }).includes(i.op)) return `${subject} is ${typeWords[type]}: the operator ${i.op} does not apply to it here`;
    const wrong = valueProblem(subject, type, i);
    if (wrong) return wrong;
  }
  if ("sum" in c) {
    if (fact.type === "string[]") return `${list} is a list of text: there is nothing to sum`;
    const { type, problem } = fieldOf(c.field);
    if (problem) return problem;
    if (type && type !== "number") return `${c.field} is ${typeWords[type]}: only a number field can be summed`;
  }
  if ("count" in c || "sum" in c) {
    if (c.value !== undefined && c.valueFact !== undefined) return `it is compared with a value and with ${c.valueFact}: keep one`;
    if (c.valueFact !== undefined) {
      const other = facts.find((f) => f.name === c.valueFact)?.type;
      if (!other) return `Unknown fact ${c.valueFact}: pick one from the list of facts`;
      if (other !== "number") return `${c.valueFact} is ${typeWords[other]}: a ${"count" in c ? "count" : "sum"} is compared with a number`;
    } else if (typeof c.value !== "number") return `compare it with a number or a number fact`;
  }
  return null;
}

/** The field types a catalogue gives (for `blockExpression`). */
export const catalogueTypes = (facts: readonly CatalogueEntry[]): { typeOf: TypeOf; fieldsOf: FieldsOf } => ({
  typeOf: (name) => facts.find((f) => f.name === name)?.type,
  fieldsOf: (name) => facts.find((f) => f.name === name)?.fields,
});

// --- Types from the values, at the gate ----------------------------------------------------------

const isoDate = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/;

/** A value's type as the gate's expressions see it (an ISO date string is a timestamp there). */
export function valueType(value: unknown): FactType | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return "date";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "string") return isoDate.test(value) && !Number.isNaN(Date.parse(value)) ? "date" : "string";
  if (Array.isArray(value)) return value.some((v) => typeof v === "object" && v !== null) ? "object[]" : "string[]";
  if (typeof value === "object") return "map";
  return undefined;
}

/** The fields an item list's values have, typed from the first item that has each (nested objects as dotted names). */
export function fieldsOfItems(items: readonly unknown[], wanted: readonly string[]): ItemField[] {
  const out: ItemField[] = [];
  for (const name of wanted) {
    for (const item of items) {
      let node: unknown = item;
      for (const part of name.split(".")) node = node && typeof node === "object" && !Array.isArray(node) && !(node instanceof Date) ? (node as Record<string, unknown>)[part] : undefined;
      const type = valueType(node);
      if (type && type !== "object[]" && type !== "map") {
        out.push({ name, type: type as FieldType });
        break;
      }
    }
  }
  return out;
}

/** The item fields a block's item conditions compare (the ones whose type changes its CEL form). */
export const comparedFields = (c: ListBlock): string[] => itemComparisons(c.where).flatMap((i) => (i.field ? [i.field] : []));
