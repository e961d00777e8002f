import type { FieldType, ItemField } from "@/lib/schemas/policy";
import type { CatalogueFact } from "@/lib/policy/expression";
import { factName } from "@/lib/policy/fact-name";

// The facts a lookup's answer gives, typed from the read tool's response schema (JSON Schema, from its
// OpenAPI document or inferred from a test call's answer): what the rule builder offers and checks.

type Schema = { type?: unknown; format?: unknown; properties?: unknown; items?: unknown; additionalProperties?: unknown };
const MAX_DEPTH = 3;

const asSchema = (s: unknown): Schema => (s && typeof s === "object" && !Array.isArray(s) ? (s as Schema) : {});
const properties = (s: Schema): [string, Schema][] => Object.entries(asSchema(s.properties)).map(([k, v]) => [k, asSchema(v)]);
/** `type` may be a list (`["string", "null"]`): the first that is not null. */
const typeOf = (s: Schema): string | undefined => {
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== "null") : s.type;
  if (typeof t === "string") return t;
  return s.properties ? "object" : s.items ? "array" : undefined;
};

function scalarType(s: Schema): FieldType | null {
  switch (typeOf(s)) {
    case "string":
      return s.format === "date" || s.format === "date-time" ? "date" : "string";
    case "number":
    case "integer":
      return "number";
    case "boolean":
      return "boolean";
    default:
      return null;
  }
}

/**
 * The schema of a map's values when `s` is objects keyed by an id (JSON Schema `additionalProperties`
 * of objects and no named properties), e.g. a customer's payment methods by payment-method id.
 */
export function mapValues(s: unknown): Schema | null {
  const schema = asSchema(s);
  if (typeOf(schema) !== "object" || Object.keys(asSchema(schema.properties)).length > 0) return null;
  const values = asSchema(schema.additionalProperties);
  return typeOf(values) === "object" ? values : null;
}

/** The fields of one item of a list of objects, nested objects' fields with dotted names. */
export function itemFields(schema: Schema, prefix = "", depth = 0): ItemField[] {
  const fields: ItemField[] = [];
  for (const [key, s] of properties(schema)) {
    const name = `${prefix}${factName(key)}`;
    const scalar = scalarType(s);
    if (scalar) fields.push({ name, type: scalar });
    else if (typeOf(s) === "array" && typeOf(asSchema(s.items)) === "string") fields.push({ name, type: "string[]" });
    else if (typeOf(s) === "object" && depth < MAX_DEPTH) fields.push(...itemFields(s, `${name}.`, depth + 1));
  }
  return fields;
}

/** The facts an answer under `prefix` gives, as flattenFacts makes them at run time. */
export function responseFacts(prefix: string, schema: unknown, depth = 0): CatalogueFact[] {
  const facts: CatalogueFact[] = [];
  for (const [key, s] of properties(asSchema(schema))) {
    const name = `${prefix}.${factName(key)}`;
    const scalar = scalarType(s);
    if (scalar) facts.push({ name, type: scalar });
    else if (typeOf(s) === "array") {
      const items = asSchema(s.items);
      facts.push(typeOf(items) === "object" ? { name, type: "object[]", fields: itemFields(items) } : { name, type: "string[]" });
    } else if (mapValues(s)) facts.push({ name, type: "map", fields: itemFields(mapValues(s)!) });
    else if (typeOf(s) === "object" && depth < MAX_DEPTH) facts.push(...responseFacts(name, s, depth + 1));
  }
  return facts;
}

/** A JSON Schema of a value, for a read tool whose answer's shape was seen in a test call. */
export function inferSchema(value: unknown, depth = 0): Record<string, unknown> {
  if (typeof value === "string") return { type: "string", ...(/^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)) ? { format: "date-time" } : {}) };
  if (typeof value === "number") return { type: "number" };
  if (typeof value === "boolean") return { type: "boolean" };
  if (Array.isArray(value)) return { type: "array", ...(value.length && depth < 6 ? { items: inferSchema(value[0], depth + 1) } : {}) };
  if (value && typeof value === "object" && depth < 6) return { type: "object", properties: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inferSchema(v, depth + 1)])) };
  return {};
}
