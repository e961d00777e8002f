import { type Decision, type FactType, type Operator, operatorsOf } from "@/lib/schemas/policy";

// The rule builder's vocabulary: how each operator reads in plain language, and what kind of value it
// takes for a fact of a given type. Pure, shared by the editor, the renderer and the tests.

export const decisionLabels: Record<Decision, string> = {
  allow: "Allow",
  deny: "Deny",
  require_confirmation: "Ask the customer to confirm",
  escalate: "Escalate to a person",
};

/** How an operator reads after the fact's name ("order status" + "is not" + "pending"). */
export function operatorLabel(op: Operator, type: FactType): string {
  const date = type === "date";
  const list = type === "string[]";
  switch (op) {
    case "eq":
      return list ? "is exactly" : "is";
    case "neq":
      return list ? "is not exactly" : "is not";
    case "in":
      return list ? "only has items from" : "is one of";
    case "not_in":
      return list ? "has none of" : "is not one of";
    case "contains":
      return list ? "includes" : "contains";
    case "not_contains":
      return list ? "does not include" : "does not contain";
    case "gt":
      return date ? "is after" : "is more than";
    case "gte":
      return date ? "is on or after" : "is at least";
    case "lt":
      return date ? "is before" : "is less than";
    case "lte":
      return date ? "is on or before" : "is at most";
    case "exists":
      return "is known";
    case "not_exists":
      return "is not known";
    case "days_since_gt":
      return "was more than … days ago";
    case "days_since_gte":
      return "was at least … days ago";
    case "days_since_lt":
      return "was less than … days ago";
    case "days_since_lte":
      return "was at most … days ago";
  }
}

export type ValueKind = "none" | "text" | "number" | "boolean" | "date" | "days" | "list";

/** What the value input of a comparison looks like. */
export function valueKind(type: FactType, op: Operator): ValueKind {
  if (op === "exists" || op === "not_exists") return "none";
  if (op.startsWith("days_since_")) return "days";
  if (op === "in" || op === "not_in") return "list";
  if (type === "string[]") return op === "eq" || op === "neq" ? "list" : "text";
  if (type === "number") return "number";
  if (type === "boolean") return "boolean";
  if (type === "date") return "date";
  return "text";
}

/** A sensible starting value when the builder picks an operator, so a new condition is valid at once. */
export function defaultValue(type: FactType, op: Operator): string | number | boolean | string[] | undefined {
  switch (valueKind(type, op)) {
    case "none":
      return undefined;
    case "number":
    case "days":
      return 30;
    case "boolean":
      return true;
    case "list":
      return [];
    case "date":
      return new Date().toISOString().slice(0, 10);
    default:
      return "";
  }
}

export function operatorsFor(type: FactType): readonly Operator[] {
  return operatorsOf(type);
}
