// A tool's argument schema (JSON Schema, the subset tools use) as form fields, and arguments checked
// against it. Shared by the studio's test-call form (errors at the field) and the test-call service.

export interface JsonSchema {
  type?: string | string[];
  description?: string;
  title?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  default?: unknown;
}

/** How a schema is edited: a typed control, a list of scalars, a nested group, or raw JSON. */
export type FieldKind = "string" | "number" | "integer" | "boolean" | "enum" | "list" | "object" | "json";

const typeOf = (s: JsonSchema) => (Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type);
const isScalarKind = (k: FieldKind) => k === "string" || k === "number" || k === "integer" || k === "enum";

export function fieldKind(schema: JsonSchema): FieldKind {
  if (Array.isArray(schema.enum) && schema.enum.length > 0 && schema.enum.every((v) => typeof v === "string" || typeof v === "number")) return "enum";
  const type = typeOf(schema);
  if (type === "string" || type === "number" || type === "integer" || type === "boolean") return type;
  if (type === "array") return schema.items && isScalarKind(fieldKind(schema.items)) ? "list" : "json";
  if ((type === "object" || schema.properties) && schema.properties && Object.keys(schema.properties).length > 0) return "object";
  return "json";
}

/** Where an argument sits, as the form and the messages name it: `address.zip`, `item_ids[1]`. */
export type ArgErrors = Record<string, string>;

const describeType = (t: string) => (t === "integer" ? "a whole number" : t === "number" ? "a number" : t === "boolean" ? "true or false" : t === "array" ? "a list" : t === "object" ? "an object" : "text");

function matchesType(value: unknown, type: string): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "array":
      return Array.isArray(value);
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "null":
      return value === null;
    default:
      return true;
  }
}

/** Checks `value` against `schema`: required properties, types, enums and bounds. Empty means valid. */
export function validateArgs(schema: JsonSchema, value: unknown, path = ""): ArgErrors {
  const errors: ArgErrors = {};
  const at = path || "arguments";
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length > 0 && !types.some((t) => matchesType(value, t))) {
    errors[at] = `Must be ${types.filter((t) => t !== "null").map(describeType).join(" or ")}`;
    return errors;
  }
  if (Array.isArray(schema.enum) && schema.enum.length > 0 && !schema.enum.some((v) => v === value)) {
    errors[at] = `Must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`;
    return errors;
  }
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) errors[at] = `Must be at least ${schema.minimum}`;
    if (schema.maximum !== undefined && value > schema.maximum) errors[at] = `Must be at most ${schema.maximum}`;
  }
  if (typeof value === "string") {
    if (schema.minLength !== undefined && value.length < schema.minLength) errors[at] = schema.minLength === 1 ? "Must not be empty" : `Must be at least ${schema.minLength} characters`;
    if (schema.maxLength !== undefined && value.length > schema.maxLength) errors[at] = `Must be at most ${schema.maxLength} characters`;
  }
  if (Array.isArray(value) && schema.items) value.forEach((item, i) => Object.assign(errors, validateArgs(schema.items!, item, `${path}[${i}]`)));
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const name of schema.required ?? []) if (obj[name] === undefined) errors[join(path, name)] = "Required";
    for (const [name, sub] of Object.entries(schema.properties ?? {})) {
      if (obj[name] !== undefined) Object.assign(errors, validateArgs(sub, obj[name], join(path, name)));
    }
  }
  return errors;
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

/** Starting arguments for a test call: each property's default, else nothing (an unknown value is left out). */
export function initialArgs(schema: JsonSchema): Record<string, unknown> {
  return Object.fromEntries(Object.entries(schema.properties ?? {}).flatMap(([name, s]) => (s.default !== undefined ? [[name, s.default]] : [])));
}
