import "server-only";
import type { FactObject, FactType, Facts } from "@/lib/schemas/policy";
import { factName } from "@/lib/policy/fact-name";
import { mapValues } from "@/lib/tools/response-facts";

/** What the runtime knows for sure about the conversation: set by tools, never by what the customer says. */
export interface Session {
  /** The user id a lookup by email or by name + zip returned in this conversation. */
  authenticatedUserId?: string;
  /** The customer said yes to the exact action being taken. */
  confirmed?: boolean;
}

/** The session's facts: every agent's policies may use them. */
export const sessionFacts: { name: string; type: FactType; description: string }[] = [
  { name: "session.authenticated_user_id", type: "string", description: "The customer a verifying lookup found in this conversation; unknown until then" },
  { name: "session.confirmed", type: "boolean", description: "The customer explicitly confirmed this action" },
];

/**
 * Facts for a write to a brand's own backend, which the runtime cannot look into: the verified session
 * and the request's own arguments as `request.<name>` (nested objects as `request.<name>.<key>`, names
 * in snake_case as fact names are: `refundAmount` is `request.refund_amount`). The arguments are what
 * will be executed, so rules on them (an amount, a reason) hold for the write.
 */
export function requestFacts(args: Record<string, unknown>, session: Session): Facts {
  return { "session.authenticated_user_id": session.authenticatedUserId, "session.confirmed": session.confirmed === true, ...flattenFacts("request", args) };
}

/**
 * A JSON value as facts under `prefix`: scalars and lists of scalars, nested objects as `prefix.key.key`
 * (three levels), lists of objects as one fact whose items keep their fields (for expressions such as
 * `order.items.all(i, i.status == "shipped")`), keys in snake_case. Where `schema` (the answer's JSON
 * Schema) says an object is a map — objects keyed by an id — it is one fact too, its keys kept as they
 * are (`user.payment_methods["gift_card_1"].source`).
 */
export function flattenFacts(prefix: string, value: unknown, schema?: unknown): Facts {
  const facts: Facts = {};
  const add = (fact: string, v: unknown, depth: number, s: unknown) => {
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") facts[fact] = v;
    else if (Array.isArray(v) && v.length > 0 && v.every(isObject)) facts[fact] = v.map((item) => factObject(item, 0));
    else if (Array.isArray(v)) facts[fact] = v.filter((x) => typeof x === "string" || typeof x === "number").map(String);
    else if (isObject(v) && mapValues(s)) facts[fact] = Object.fromEntries(Object.entries(v).filter(([, x]) => isObject(x)).map(([k, x]) => [k, factObject(x as Record<string, unknown>, 0)]));
    else if (isObject(v) && depth < 3) for (const [k, x] of Object.entries(v)) add(`${fact}.${factName(k)}`, x, depth + 1, propertyOf(s, k));
  };
  if (isObject(value)) for (const [k, v] of Object.entries(value)) add(`${prefix}.${factName(k)}`, v, 0, propertyOf(schema, k));
  return facts;
}

const propertyOf = (schema: unknown, key: string): unknown => (isObject(schema) && isObject(schema.properties) ? schema.properties[key] : undefined);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** An item of a list of objects as a fact sees it: keys in snake_case, nested objects kept (four levels). */
export function factObject(value: Record<string, unknown>, depth: number): FactObject {
  const out: FactObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (isObject(v)) {
      if (depth < 3) out[factName(k)] = factObject(v, depth + 1);
    } else if (Array.isArray(v)) {
      if (depth < 3) out[factName(k)] = v.map((x) => (isObject(x) ? factObject(x, depth + 1) : x));
    } else out[factName(k)] = v;
  }
  return out;
}

/** The fact an argument of an own write tool becomes: `refundAmount` is `request.refund_amount`. */
export const requestFactName = (arg: string) => `request.${factName(arg)}`;


