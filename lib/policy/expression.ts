import { Environment, EvaluationError, Optional } from "@marcbachmann/cel-js";
import type { Condition, FactType, FactValue, Facts, FieldType, ItemField } from "@/lib/schemas/policy";
import { blockExpression, blockFacts, type FieldsOf, type TypeOf } from "./blocks";

// Policy conditions written as CEL (the Common Expression Language of Kubernetes, Envoy and Google IAM):
// comparisons between facts, arithmetic, size(), all/exists/filter/map over lists, string and membership
// tests, timestamps and durations. Non-Turing-complete and side-effect free, so a rule stays a pure
// function of its facts. @marcbachmann/cel-js: maintained, zero dependencies, type-checks against declared
// variables and reports errors with their position; it runs in the browser too, so the rule builder
// checks an expression as it is typed with the same code the server saves it with.
//
// Facts keep their dotted names: `order.status` is field `status` of variable `order`. Numbers are CEL
// doubles (JSON has no integers), so `request.amount + 10` gets mixed-number operators below. `now` is the
// gate's clock, never the machine's, so a decision can be replayed.

export const MAX_EXPRESSION_LENGTH = 2000;
/** `range(n)` gives at most this many positions (lists of facts are far shorter). */
const MAX_RANGE = 1000;

const celType: Record<FieldType, string> = {
  string: "string",
  number: "double",
  boolean: "bool",
  date: "google.protobuf.Timestamp",
  "string[]": "list<string>",
};

type Schema = { [field: string]: string | Schema };

/** A fact of the catalogue: its name, type and, for a list of objects (or a map), its items' (values') fields when known. */
export type CatalogueFact = { name: string; type: FactType; fields?: readonly ItemField[] };

/** Dotted names as a nested schema: `product.name` is field `name` of field `product`. */
function schemaOf(entries: readonly { name: string; type: string }[]): Schema {
  const root: Schema = {};
  for (const entry of entries) {
    const path = entry.name.split(".");
    let node = root;
    for (const [i, part] of path.entries()) {
      if (i === path.length - 1) {
        if (node[part] === undefined) node[part] = entry.type;
      } else {
        // A name that is both a fact and a group of facts (`x` and `x.y`): the group wins.
        if (typeof node[part] !== "object") node[part] = {};
        node = node[part] as Schema;
      }
    }
  }
  return root;
}

/** A base environment: limits against hostile input, and arithmetic that mixes doubles and integer literals. */
function baseEnvironment(opts: { dynamic: boolean }): Environment {
  const env = new Environment({
    unlistedVariablesAreDyn: opts.dynamic,
    // `cond ? optional.of(x) : optional.none()`: a computed fact that is not known in some cases.
    enableOptionalTypes: true,
    limits: { maxAstNodes: 500, maxDepth: 32, maxListElements: 100, maxMapEntries: 100, maxCallArguments: 8 },
  });
  const ops: [string, (a: number, b: number) => number][] = [
    ["+", (a, b) => a + b],
    ["-", (a, b) => a - b],
    ["*", (a, b) => a * b],
    ["/", (a, b) => a / b],
  ];
  for (const [op, fn] of ops) {
    env.registerOperator(`double ${op} int`, (a: number, b: bigint) => fn(a, Number(b)));
    env.registerOperator(`int ${op} double`, (a: bigint, b: number) => fn(Number(a), b));
  }
  env.registerFunction("sum(list<double>): double", (xs: number[]) => xs.reduce((s, x) => s + x, 0));
  // The positions of a list, for pairing two lists item by item: `range(size(a)).all(i, a[i] != b[i])`.
  env.registerFunction("range(int): list<int>", (n: bigint) => Array.from({ length: Math.max(0, Math.min(Number(n), MAX_RANGE)) }, (_, i) => BigInt(i)));
  // Money: `round(x, 2)` rounds to cents as a ledger does (the exact binary value, so 2.675 gives 2.67).
  env.registerFunction("round(double, int): double", (x: number, digits: bigint) => {
    const rounded = Number(x.toFixed(Math.max(0, Math.min(Number(digits), 10))));
    return Object.is(rounded, -0) ? 0 : rounded;
  });
  // Seconds since the epoch (standard CEL): `int(now) / 86400` is the UTC calendar day.
  env.registerFunction("int(google.protobuf.Timestamp): int", (t: Date) => BigInt(Math.floor(t.getTime() / 1000)));
  if (!opts.dynamic) env.registerVariable("now", "google.protobuf.Timestamp");
  return env;
}

/**
 * The type-checking environment for a fact catalogue: each dotted fact becomes a typed field; a list of
 * objects is a list of its own item type (`order.items` → `list<order_items_item>`) when its fields are
 * known, else a list of maps whose fields are not checked; a map of objects is `map<string, …>` likewise.
 */
function catalogueEnvironment(facts: readonly CatalogueFact[]): Environment {
  const env = baseEnvironment({ dynamic: false });
  const typed = facts.map((fact) => {
    if (fact.type !== "object[]" && fact.type !== "map") return { name: fact.name, type: celType[fact.type] };
    const of = (inner: string) => (fact.type === "map" ? `map<string, ${inner}>` : `list<${inner}>`);
    if (!fact.fields?.length) return { name: fact.name, type: of("map<string, dyn>") };
    const item = `${fact.name.replace(/\./g, "_")}_${fact.type === "map" ? "value" : "item"}`;
    env.registerType({ name: item, schema: schemaOf(fact.fields.map((f) => ({ name: f.name, type: celType[f.type] }))) });
    return { name: fact.name, type: of(item) };
  });
  for (const [name, type] of Object.entries(schemaOf(typed))) {
    if (name === "now") continue;
    if (typeof type === "string") env.registerVariable(name, type);
    else env.registerVariable({ name, schema: type });
  }
  return env;
}

export type ExpressionProblem = { message: string; start: number; end: number };

/**
 * Checks an expression against the agent's facts: it must parse, use only known facts with their types,
 * and be a yes/no question. Returns the problem with its place in the text, or null.
 */
export function checkExpression(expr: string, facts: readonly CatalogueFact[]): ExpressionProblem | null {
  const typed = expressionType(expr, facts);
  if ("problem" in typed) return typed.problem;
  if (typed.type !== "bool") return { message: `A condition must be true or false, but this is a ${humanize(typed.type)}: compare it with something`, start: 0, end: expr.length };
  return null;
}

/** The CEL type an expression has over the agent's facts, or its problem. */
function expressionType(expr: string, facts: readonly CatalogueFact[]): { type: string } | { problem: ExpressionProblem } {
  if (!expr.trim()) return { problem: { message: "Write an expression, e.g. request.amount <= order.total", start: 0, end: 0 } };
  if (expr.length > MAX_EXPRESSION_LENGTH) return { problem: { message: `Expressions are at most ${MAX_EXPRESSION_LENGTH} characters`, start: MAX_EXPRESSION_LENGTH, end: expr.length } };
  try {
    const result = catalogueEnvironment(facts).check(expr);
    return result.valid ? { type: result.type ?? "dyn" } : { problem: problemOf(result.error, expr) };
  } catch (error) {
    return { problem: problemOf(error, expr) };
  }
}

const factTypeOfCel: Record<string, FactType> = { bool: "boolean", double: "number", int: "number", uint: "number", string: "string", "google.protobuf.Timestamp": "date", "list<string>": "string[]" };

/**
 * The fact type of a computed fact's expression over the facts known at its place (see computed-facts.ts),
 * or its problem: it does not type-check, or its value is not a fact type (e.g. a duration).
 */
export function computedExpressionType(expr: string, facts: readonly CatalogueFact[]): { type: FactType } | { problem: ExpressionProblem } {
  const typed = expressionType(expr, facts);
  if ("problem" in typed) return typed;
  const type = factTypeOfCel[typed.type.replace(/^optional<(.+)>$/, "$1")];
  if (!type) return { problem: { message: `A computed fact is a number, text, yes/no, date or list of text; this is a ${humanize(typed.type)} (a duration? use .getHours() or .getMinutes())`, start: 0, end: expr.length } };
  return { type };
}

/** Only the syntax, for places that have no fact catalogue (the stored policy's schema). */
export function syntaxProblem(expr: string): ExpressionProblem | null {
  try {
    compile(expr); // the parse the gate would make anyway, kept for it
    return null;
  } catch (error) {
    return problemOf(error, expr);
  }
}

function problemOf(error: unknown, expr: string): ExpressionProblem {
  const e = error as { summary?: string; message?: string; range?: { start: number; end: number } };
  const start = e.range?.start ?? 0;
  return { message: humanize(e.summary ?? e.message ?? "The expression is not valid"), start, end: e.range?.end ?? expr.length };
}

/** The library's messages name CEL internals; builders know facts. */
function humanize(message: string): string {
  return message
    .replace(/^Unknown variable: (\S+)/, "Unknown fact $1: pick one from the list of facts")
    .replace(/^No such key: (\S+)/, "No fact named $1 here: pick one from the list of facts")
    .replace(/^Unexpected token: EOF/, "The expression ends too early: something is missing at the end")
    .replace(/^no such overload: (.+)$/, "These types do not go together: $1")
    .replace(/dyn<(\w+)>/g, "$1")
    .replace(/google\.protobuf\.Timestamp/g, "date")
    .replace(/\b(double|int)\b/g, "number");
}

/** Where an expression problem is, for a message: "at column 12". */
export const positionText = (p: ExpressionProblem) => `at column ${p.start + 1}`;

// --- Evaluation (the gate) ---------------------------------------------------------------------------

let runtimeEnv: Environment | undefined;
const runtime = () => (runtimeEnv ??= baseEnvironment({ dynamic: true }));

type Compiled = ReturnType<Environment["parse"]>;
// Parsed once per process and expression (policies change rarely; a release's rules are a fixed set).
const compiled = new Map<string, Compiled>();
const MAX_COMPILED = 5000;

function compile(expr: string): Compiled {
  let fn = compiled.get(expr);
  if (!fn) {
    fn = runtime().parse(expr);
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
    compiled.set(expr, fn);
  }
  return fn;
}

/** Which of `names` an expression reads (for the trace and the test bench): each one that appears in it whole. */
export function factsIn(expr: string, names: Iterable<string>): string[] {
  const paths = pathsIn(expr);
  return [...names].filter((name) => paths.has(name));
}

/** The facts a condition reads: every comparison's and block's facts, and those of `names` its expressions name. */
export function factsReadBy(condition: Condition, names: readonly string[], out = new Set<string>()): Set<string> {
  if ("all" in condition) condition.all.forEach((c) => factsReadBy(c, names, out));
  else if ("any" in condition) condition.any.forEach((c) => factsReadBy(c, names, out));
  else if ("not" in condition) factsReadBy(condition.not, names, out);
  else if ("expr" in condition) factsIn(condition.expr, names).forEach((name) => out.add(name));
  else blockFacts(condition).forEach((name) => out.add(name));
  return out;
}

// Every dotted name in an expression and each of its prefixes (`order.item_ids.all` → `order`,
// `order.item_ids`, `order.item_ids.all`), outside string literals; kept per expression.
const pathsCache = new Map<string, Set<string>>();
function pathsIn(expr: string): Set<string> {
  let paths = pathsCache.get(expr);
  if (!paths) {
    paths = new Set();
    const code = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
    for (const [chain] of code.matchAll(/(?<![\w.])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*/g)) {
      const parts = chain.split(".");
      for (let i = 1; i <= parts.length; i++) paths.add(parts.slice(0, i).join("."));
    }
    if (pathsCache.size >= MAX_COMPILED) pathsCache.delete(pathsCache.keys().next().value!);
    pathsCache.set(expr, paths);
  }
  return paths;
}

/** The facts (and `now`) as an expression reads them; built once per decision, extended by computed facts. */
export type ExpressionContext = Record<string, unknown>;

export function expressionContext(facts: Facts, now: Date): ExpressionContext {
  const context: ExpressionContext = { now };
  for (const [name, value] of Object.entries(facts)) if (value !== undefined) addFact(context, name, value);
  return context;
}

/**
 * Evaluates an expression condition. A fact it needs that is not known makes it not hold (as a comparison
 * on an unknown fact never matches); any other failure is a policy bug and throws, so the gate fails closed.
 */
export function evaluateExpression(expr: string, context: ExpressionContext): boolean {
  const value = expressionValue(expr, context);
  if (value === undefined) return false;
  if (typeof value !== "boolean") throw new Error(`the expression gives ${typeof value}, not true or false`);
  return value;
}

/**
 * A computed fact's value: undefined when a fact it needs is not known (so it is not known either), or
 * when it says so itself with `optional.none()`.
 */
export function computeFact(expr: string, context: ExpressionContext): FactValue | undefined {
  let value = expressionValue(expr, context);
  // optional.none() is "not known"; optional.of(x) is x.
  if (value instanceof Optional) value = value.hasValue() ? value.value() : undefined;
  if (typeof value === "bigint") return Number(value);
  if (value === undefined || typeof value === "number" || typeof value === "string" || typeof value === "boolean" || value instanceof Date) return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
  throw new Error("a computed fact must be a number, text, yes/no, date or list of text");
}

function expressionValue(expr: string, context: ExpressionContext): unknown {
  try {
    return compile(expr)(context);
  } catch (error) {
    // A missing key of a map, or an index past the end of a list, is a fact that is not known, too.
    if (error instanceof EvaluationError && (error.code === "no_such_key" || error.code === "index_out_of_bounds" || /Unknown variable/.test(error.message))) return undefined;
    throw new Error(error instanceof EvaluationError ? error.summary : (error as Error).message);
  }
}

/**
 * Dates that came through JSON (the test bench, recorded facts, a lookup's answer) as ISO strings are
 * timestamps again, in the items of a list of objects too.
 */
function asTimestamp(value: unknown): unknown {
  if (typeof value === "string") return /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(value) && !Number.isNaN(Date.parse(value)) ? new Date(value) : value;
  if (Array.isArray(value)) return value.some((v) => typeof v === "object" && v !== null) ? value.map(asTimestamp) : value;
  if (value && typeof value === "object" && !(value instanceof Date)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asTimestamp(v)]));
  return value;
}

/** Puts `order.status` at `context.order.status` (a name that is both a fact and a group keeps the group). */
export function addFact(context: ExpressionContext, name: string, value: FactValue): void {
  const path = name.split(".");
  let node = context;
  for (const part of path.slice(0, -1)) {
    if (typeof node[part] !== "object" || node[part] === null || node[part] instanceof Date || Array.isArray(node[part])) node[part] = {};
    node = node[part] as ExpressionContext;
  }
  const leaf = path.at(-1)!;
  if (typeof node[leaf] !== "object" || node[leaf] === null) node[leaf] = asTimestamp(value);
}

// --- From the visual builder ---------------------------------------------------------------------------

/**
 * The same condition as an expression, so a builder can switch a rule to expression mode and keep what
 * it says, and the gate evaluates visual blocks by it; null where there is no exact equivalent (whole
 * calendar days, a list's set equality, whether a fact is known). `fieldsOf` types the items of lists
 * (the catalogue's, or the values' at the gate).
 */
export function toExpression(condition: Condition, typeOf: TypeOf, fieldsOf?: FieldsOf): string | null {
  if ("expr" in condition) return condition.expr;
  const join = (parts: Condition[], op: string, empty: string) => {
    const inner = parts.map((p) => toExpression(p, typeOf, fieldsOf));
    if (inner.some((p) => p === null)) return null;
    return inner.length ? inner.map((p) => (inner.length > 1 ? `(${p})` : p)).join(` ${op} `) : empty;
  };
  if ("all" in condition) return join(condition.all, "&&", "true");
  if ("any" in condition) return join(condition.any, "||", "false");
  if ("not" in condition) {
    const inner = toExpression(condition.not, typeOf, fieldsOf);
    return inner === null ? null : `!(${inner})`;
  }
  return blockExpression(condition, typeOf, fieldsOf);
}
