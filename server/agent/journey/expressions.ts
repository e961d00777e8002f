import type { Expression } from "@/lib/schemas/journey";

/** What templates and conditions read: `slots.x`, `result.order.status`, `session.authenticatedUserId`. */
export type Scope = Record<string, unknown>;

export function getPath(scope: unknown, path: string): unknown {
  let value: unknown = scope;
  for (const key of path.split(".").filter(Boolean)) {
    if (value === null || value === undefined) return undefined;
    if (Array.isArray(value) && /^\d+$/.test(key)) value = value[Number(key)];
    else if (typeof value === "object") value = (value as Record<string, unknown>)[key];
    else return undefined;
  }
  return value;
}

const money = (n: number) => `$${n.toFixed(2)}`;

// Filters a builder can use in a template: `{{slots.name|first}}`, `{{result.order.items|names}}`.
const filters: Record<string, (v: unknown) => unknown> = {
  first: (v) => (Array.isArray(v) ? v[0] : typeof v === "string" ? v.trim().split(/\s+/)[0] : v),
  last: (v) => (Array.isArray(v) ? v.at(-1) : typeof v === "string" ? v.trim().split(/\s+/).slice(1).join(" ") || v : v),
  lower: (v) => (typeof v === "string" ? v.toLowerCase() : v),
  upper: (v) => (typeof v === "string" ? v.toUpperCase() : v),
  capitalize: (v) => (typeof v === "string" ? v.charAt(0).toUpperCase() + v.slice(1) : v),
  names: (v) => (Array.isArray(v) ? listText(v.map((x) => getPath(x, "name") ?? x)) : v),
  list: (v) => (Array.isArray(v) ? listText(v) : v),
  money: (v) => (typeof v === "number" ? money(v) : v),
  keys: (v) => (v && typeof v === "object" ? Object.keys(v) : v),
  count: (v) => (Array.isArray(v) ? v.length : v && typeof v === "object" ? Object.keys(v).length : 0),
  json: (v) => JSON.stringify(v),
  /** "none", "no", "n/a" → empty (optional answers like a second address line). */
  optional: (v) => (typeof v === "string" && /^(none|no|nope|n\/?a|-|nothing)$/i.test(v.trim()) ? "" : v),
  wrap: (v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]),
  /** Available variants as "option values (item id)", for offering choices. */
  variants: (v) => {
    const list = Array.isArray(v) ? v : v && typeof v === "object" ? Object.values(v) : [];
    return list
      .filter((x) => getPath(x, "available") !== false)
      .map((x) => `${Object.values((getPath(x, "options") as Record<string, string>) ?? {}).join(", ")} (${String(getPath(x, "item_id"))})`)
      .join("; ");
  },
  total: (v) => (Array.isArray(v) ? money(v.reduce((s: number, x) => s + Number(getPath(x, "price") ?? 0), 0)) : v),
};

export function listText(values: unknown[]): string {
  const items = values.map((v) => String(v));
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** Evaluates `path|filter|filter`, with a few paths relative to a lookup item (`item_names_of`). */
export function evaluate(expr: string, scope: Scope): unknown {
  const [path, ...pipes] = expr.split("|").map((s) => s.trim());
  let value = getPath(scope, path ?? "");
  for (const name of pipes) {
    const [fn, arg] = name.split(":");
    if (fn === "default") value = value === undefined || value === null || value === "" ? arg : value;
    else if (fn === "lookup" && arg) value = lookup(value, getPath(scope, arg));
    else if (fn === "pluck" && arg) value = Array.isArray(value) ? value.map((x) => getPath(x, arg)) : getPath(value, arg);
    else if (fn && filters[fn]) value = filters[fn](value);
  }
  return value;
}

/** `ids|lookup:result.order.items` → the items whose item_id is in ids (for naming them). */
function lookup(ids: unknown, items: unknown): unknown {
  if (!Array.isArray(items)) return ids;
  const wanted = Array.isArray(ids) ? ids : [ids];
  return wanted.map((id) => items.find((it) => getPath(it, "item_id") === id) ?? id);
}

const WHOLE = /^\{\{\s*([^{}]+?)\s*\}\}$/;
const ANY = /\{\{\s*([^{}]+?)\s*\}\}/g;

/** Renders text; a missing value renders empty. */
export function renderText(template: string, scope: Scope): string {
  return template.replace(ANY, (_, expr: string) => display(evaluate(expr, scope)));
}

/** Renders an argument: a template that is exactly one `{{expr}}` keeps the value's type (lists, numbers). */
export function renderValue(template: unknown, scope: Scope): unknown {
  if (typeof template !== "string") return template;
  const whole = WHOLE.exec(template);
  if (whole) return evaluate(whole[1]!, scope);
  return renderText(template, scope);
}

export function renderArgs(args: Record<string, unknown>, scope: Scope): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, renderValue(v, scope)]));
}

function display(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return listText(value);
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function holds(e: Expression, scope: Scope): boolean {
  const left = evaluate(e.left, scope);
  const right = typeof e.right === "string" ? renderValue(e.right, scope) : e.right;
  switch (e.op) {
    case "exists":
      return left !== undefined && left !== null && left !== "";
    case "not_exists":
      return left === undefined || left === null || left === "";
    case "eq":
      return String(left) === String(right);
    case "neq":
      return String(left) !== String(right);
    case "in":
      return Array.isArray(right) && right.map(String).includes(String(left));
    case "not_in":
      return !(Array.isArray(right) && right.map(String).includes(String(left)));
    case "contains":
      return Array.isArray(left) ? left.map(String).includes(String(right)) : String(left ?? "").includes(String(right));
    case "gt":
      return Number(left) > Number(right);
    case "gte":
      return Number(left) >= Number(right);
    case "lt":
      return Number(left) < Number(right);
    case "lte":
      return Number(left) <= Number(right);
  }
}
