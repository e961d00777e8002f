// Fact types and operators: plain constants, imported by the policy schema and by the code the schema
// itself uses (lib/policy/blocks.ts through expression.ts), so they live apart from both.

/**
 * `object[]` is a list of objects (line items, guests); `map` is objects keyed by an id (a customer's
 * payment methods by payment-method id), read as `user.payment_methods[request.payment_method_id].source`
 * and `request.payment_method_id in user.payment_methods`.
 */
export const factTypes = ["string", "number", "boolean", "date", "string[]", "object[]", "map"] as const;
export type FactType = (typeof factTypes)[number];
/** The types a field of an item in a list of objects (or a value of a map) can have. */
export type FieldType = Exclude<FactType, "object[]" | "map">;
/** A field of the items of an `object[]` fact; nested objects' fields have dotted names (`product.name`). */
export interface ItemField {
  name: string;
  type: FieldType;
}

/** One item of a list of objects (line items, guests, payments): JSON, keys in snake_case. */
export type FactObject = { [key: string]: unknown };
/** Objects keyed by an id (the keys are data, kept as they are; the objects' keys in snake_case). */
export type FactMap = { [key: string]: FactObject };
/** A fact's value. Dates are `Date` objects or ISO-8601 strings; `undefined` means "not known". */
export type FactValue = string | number | boolean | Date | string[] | FactObject[] | FactMap;
export type Facts = Record<string, FactValue | undefined>;

export const operators = [
  "eq",
  "neq",
  "in",
  "not_in",
  "contains",
  "not_contains",
  "gt",
  "gte",
  "lt",
  "lte",
  "exists",
  "not_exists",
  "days_since_gt",
  "days_since_gte",
  "days_since_lt",
  "days_since_lte",
] as const;
export type Operator = (typeof operators)[number];

/**
 * Which operators make sense for which fact type; the editor offers only these, the evaluator refuses
 * others. A map (objects by id) takes only exists / not_exists: see `operatorsOf`.
 */
export const operatorsByType: Record<Exclude<FactType, "map">, readonly Operator[]> = {
  string: ["eq", "neq", "in", "not_in", "contains", "not_contains", "exists", "not_exists"],
  number: ["eq", "neq", "in", "not_in", "gt", "gte", "lt", "lte", "exists", "not_exists"],
  boolean: ["eq", "neq", "exists", "not_exists"],
  date: ["eq", "neq", "gt", "gte", "lt", "lte", "exists", "not_exists", "days_since_gt", "days_since_gte", "days_since_lt", "days_since_lte"],
  "string[]": ["eq", "neq", "in", "not_in", "contains", "not_contains", "exists", "not_exists"],
  // Counting, sums and per-item checks on lists are their own blocks (count, sum, every, some).
  "object[]": ["exists", "not_exists"],
};

/** The operators a fact of any type takes; a map's entries are read in expressions (`key in map`, `map[key].field`). */
export const operatorsOf = (type: FactType): readonly Operator[] => (type === "map" ? ["exists", "not_exists"] : operatorsByType[type]);

/** The operators that compare a fact with another fact, and a count or a sum with a number. */
export const factOperators = ["eq", "neq", "gt", "gte", "lt", "lte"] as const satisfies readonly Operator[];
export type FactOperator = (typeof factOperators)[number];

