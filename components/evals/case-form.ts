import type { z } from "zod";
import { type CaseDefinition, type ExpectationKind, caseDefinitionSchema, evalCaseSchema } from "@/lib/schemas/evals";
import { decisions } from "@/lib/schemas/policy";

// The case editor's form state and its two conversions: a stored case into rows of text fields, and the
// rows back into a case checked by the same schema the server uses. Errors carry the schema's path
// (`definition.expectations.2.text`), placed on the field that renders it (placeError).

export type Decision = (typeof decisions)[number];
export type ArgsMatch = "exact" | "subset" | "pattern";
export type OutcomeStatus = "open" | "resolved" | "escalated" | "abandoned";
type DefinitionInput = z.input<typeof caseDefinitionSchema>;

export interface TurnRow {
  key: string;
  text: string;
}

export interface ChangeRow {
  key: string;
  path: string;
  /** JSON text. */
  value: string;
}

export interface MockRow {
  key: string;
  tool: string;
  /** JSON object text; empty matches any arguments. */
  args: string;
  answer: "response" | "error";
  /** JSON text; empty answers with no body. */
  response: string;
  status: string;
  message: string;
}

/** One expectation as fields for every kind: switching the kind keeps what was typed. */
export interface ExpectationRow {
  key: string;
  kind: ExpectationKind;
  journey: string;
  tool: string;
  /** JSON object text. */
  args: string;
  match: ArgsMatch;
  decision: Decision;
  rule: string;
  count: string;
  text: string;
  pattern: string;
  turn: string;
  document: string;
  value: boolean;
  reason: string;
  status: OutcomeStatus;
  changes: ChangeRow[];
  exact: boolean;
  rubric: string;
}

export interface CaseForm {
  name: string;
  description: string;
  /** Empty: the agent should pass. */
  knownFailure: string;
  customerKind: "script" | "simulated";
  turns: TurnRow[];
  persona: string;
  goal: string;
  knows: string;
  opening: string;
  maxTurns: string;
  verifiedUserId: string;
  /** JSON object text: what the brand passes as the customer. */
  customerData: string;
  tools: "mock" | "sandbox";
  mocks: MockRow[];
  expectations: ExpectationRow[];
}

export interface CaseValues {
  name: string;
  description?: string;
  knownFailure?: string | null;
  definition: DefinitionInput;
}

export type EvalCase = z.infer<typeof evalCaseSchema>;

export const expectationKinds: { kind: ExpectationKind; label: string }[] = [
  { kind: "reply_contains", label: "A reply contains text" },
  { kind: "reply_not_contains", label: "No reply contains text" },
  { kind: "reply_matches", label: "A reply matches a pattern" },
  { kind: "tool_called", label: "A tool is called" },
  { kind: "tool_not_called", label: "A tool is not called" },
  { kind: "decision", label: "The policy gate decides" },
  { kind: "writes", label: "Number of writes" },
  { kind: "journey", label: "A journey is reached" },
  { kind: "citation", label: "A document is cited" },
  { kind: "escalated", label: "Handed to a person (or not)" },
  { kind: "outcome", label: "The conversation ends as" },
  { kind: "end_state", label: "The store ends as" },
  { kind: "judge", label: "The judge passes a rubric" },
];
export const kindLabel = (kind: ExpectationKind) => expectationKinds.find((k) => k.kind === kind)?.label ?? kind;
export const outcomeStatuses: OutcomeStatus[] = ["open", "resolved", "escalated", "abandoned"];
export { decisions };

let counter = 0;
/** A stable React key for a row (rows are added, removed and reordered). */
export const rowKey = () => `row-${++counter}`;

const json = (v: unknown) => (v === undefined ? "" : JSON.stringify(v, null, 2));

export function emptyExpectation(kind: ExpectationKind = "reply_contains"): ExpectationRow {
  return {
    key: rowKey(),
    kind,
    journey: "",
    tool: "",
    args: "",
    match: "subset",
    decision: "allow",
    rule: "",
    count: "0",
    text: "",
    pattern: "",
    turn: "",
    document: "",
    value: true,
    reason: "",
    status: "resolved",
    changes: [],
    exact: true,
    rubric: "",
  };
}

export function emptyMock(): MockRow {
  return { key: rowKey(), tool: "", args: "", answer: "response", response: "", status: "404", message: "" };
}

export const emptyChange = (): ChangeRow => ({ key: rowKey(), path: "", value: "" });

export function emptyCaseForm(): CaseForm {
  return {
    name: "",
    description: "",
    knownFailure: "",
    customerKind: "script",
    turns: [{ key: rowKey(), text: "" }],
    persona: "",
    goal: "",
    knows: "",
    opening: "",
    maxTurns: "8",
    verifiedUserId: "",
    customerData: "",
    tools: "sandbox",
    mocks: [],
    expectations: [emptyExpectation()],
  };
}

/** A stored (or proposed) case as the editor's fields. */
export function toCaseForm(values: CaseValues): CaseForm {
  const base = emptyCaseForm();
  const d = values.definition;
  const form: CaseForm = {
    ...base,
    name: values.name,
    description: values.description ?? "",
    knownFailure: values.knownFailure ?? "",
    tools: d.tools ?? "sandbox",
    verifiedUserId: d.fixtures?.verifiedUserId ?? "",
    customerData: json(d.fixtures?.customer),
    mocks: (d.mocks ?? []).map((m) => ({
      key: rowKey(),
      tool: m.tool,
      args: json(m.args),
      answer: m.error ? "error" : "response",
      response: json(m.response),
      status: m.error ? String(m.error.status) : "404",
      message: m.error?.message ?? "",
    })),
    expectations: d.expectations.map((e) => {
      const row = emptyExpectation(e.kind);
      switch (e.kind) {
        case "journey":
          return { ...row, journey: e.journey };
        case "tool_called":
          return { ...row, tool: e.tool, args: json(e.args), match: e.match ?? "subset" };
        case "tool_not_called":
          return { ...row, tool: e.tool };
        case "decision":
          return { ...row, tool: e.tool, decision: e.decision, rule: e.rule ?? "" };
        case "writes":
          return { ...row, count: String(e.count) };
        case "reply_contains":
        case "reply_not_contains":
          return { ...row, text: e.text, turn: e.turn ? String(e.turn) : "" };
        case "reply_matches":
          return { ...row, pattern: e.pattern, turn: e.turn ? String(e.turn) : "" };
        case "citation":
          return { ...row, document: e.document ?? "" };
        case "escalated":
          return { ...row, value: e.value, reason: e.reason ?? "" };
        case "outcome":
          return { ...row, status: e.status };
        case "end_state":
          return { ...row, changes: e.changes.map((c) => ({ key: rowKey(), path: c.path, value: json(c.value ?? null) })), exact: e.exact ?? true };
        case "judge":
          return { ...row, rubric: e.rubric };
      }
    }),
  };
  if (d.customer.kind === "script") return { ...form, customerKind: "script", turns: d.customer.turns.map((text) => ({ key: rowKey(), text })) };
  return {
    ...form,
    customerKind: "simulated",
    persona: d.customer.persona,
    goal: d.customer.goal,
    knows: d.customer.knows ?? "",
    opening: d.customer.opening,
    maxTurns: String(d.customer.maxTurns ?? 8),
  };
}

export type JsonShape = "object" | "value";

/** JSON text → value. Empty text is `undefined`; an `object` field takes only a JSON object. */
export function parseJsonField(text: string, shape: JsonShape): { ok: true; value: unknown } | { ok: false; message: string } {
  if (!text.trim()) return { ok: true, value: undefined };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `Not valid JSON: ${(error as Error).message}` };
  }
  if (shape === "object" && (typeof value !== "object" || value === null || Array.isArray(value))) {
    return { ok: false, message: 'This must be a JSON object, e.g. {"order_id": "#W2378156"}' };
  }
  return { ok: true, value };
}

export interface FieldError {
  /** The field's path (see placeError); "" for the form as a whole. */
  path: string;
  message: string;
}

/** A whole number from a number field; NaN when it is not one (reported by the caller). */
const whole = (text: string) => (text.trim() === "" ? undefined : /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);

/**
 * The form as a case, checked with the server's schema. On failure, the first problem in the order
 * the form shows its fields, placed on the field that can show it.
 */
export function validateCaseForm(form: CaseForm): { ok: true; value: EvalCase } | { ok: false; error: FieldError } {
  const problems: FieldError[] = [];
  const jsonAt = (path: string, text: string, shape: JsonShape) => {
    const parsed = parseJsonField(text, shape);
    if (!parsed.ok) problems.push({ path, message: parsed.message });
    return parsed.ok ? parsed.value : undefined;
  };
  const numberAt = (path: string, text: string) => {
    const n = whole(text);
    if (Number.isNaN(n)) problems.push({ path, message: "Enter a whole number" });
    return n;
  };

  const customer =
    form.customerKind === "script"
      ? { kind: "script" as const, turns: form.turns.map((t) => t.text) }
      : {
          kind: "simulated" as const,
          persona: form.persona,
          goal: form.goal,
          knows: form.knows,
          opening: form.opening,
          maxTurns: numberAt("definition.customer.maxTurns", form.maxTurns),
        };
  const customerData = jsonAt("definition.fixtures.customer", form.customerData, "object") as Record<string, unknown> | undefined;
  const fixtures = {
    ...(form.verifiedUserId.trim() ? { verifiedUserId: form.verifiedUserId } : {}),
    ...(customerData ? { customer: customerData } : {}),
  };
  // Mocks apply only to mocked tools; the rows stay in the form so switching back keeps them.
  const mocks =
    form.tools === "mock"
      ? form.mocks.map((m, i) => {
          const at = `definition.mocks.${i}`;
          const args = jsonAt(`${at}.args`, m.args, "object") as Record<string, unknown> | undefined;
          if (m.answer === "error") return { tool: m.tool, ...(args ? { args } : {}), error: { status: numberAt(`${at}.error.status`, m.status) ?? Number.NaN, message: m.message } };
          const response = jsonAt(`${at}.response`, m.response, "value");
          return { tool: m.tool, ...(args ? { args } : {}), ...(response !== undefined ? { response } : {}) };
        })
      : [];
  const report = (path: string, message: string) => problems.push({ path, message });
  const expectations = form.expectations.map((e, i) => expectationValue(e, `definition.expectations.${i}`, jsonAt, numberAt, report));

  const raw = {
    name: form.name,
    description: form.description,
    knownFailure: form.knownFailure.trim() ? form.knownFailure : null,
    definition: { customer, fixtures, tools: form.tools, mocks, expectations },
  };
  const parsed = evalCaseSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join(".");
      // A field whose JSON did not parse was left out: the JSON message says more than "required".
      if (!problems.some((p) => path === p.path || path.startsWith(`${p.path}.`))) problems.push({ path, message: issue.message });
    }
  }
  if (problems.length > 0) {
    const first = [...problems].sort((a, b) => compareFieldOrder(a.path, b.path))[0]!;
    return { ok: false, error: { path: placeError(first.path), message: first.message } };
  }
  if (!parsed.success) return { ok: false, error: { path: "", message: "The case is not valid" } };
  return { ok: true, value: parsed.data };
}

type JsonAt = (path: string, text: string, shape: JsonShape) => unknown;
type NumberAt = (path: string, text: string) => number | undefined;
type Report = (path: string, message: string) => void;

function expectationValue(e: ExpectationRow, at: string, jsonAt: JsonAt, numberAt: NumberAt, report: Report) {
  const turn = () => numberAt(`${at}.turn`, e.turn);
  switch (e.kind) {
    case "journey":
      return { kind: e.kind, journey: e.journey };
    case "tool_called": {
      const args = jsonAt(`${at}.args`, e.args, "object") as Record<string, unknown> | undefined;
      return { kind: e.kind, tool: e.tool, match: e.match, ...(args ? { args } : {}) };
    }
    case "tool_not_called":
      return { kind: e.kind, tool: e.tool };
    case "decision":
      return { kind: e.kind, tool: e.tool, decision: e.decision, ...(e.rule.trim() ? { rule: e.rule } : {}) };
    case "writes":
      return { kind: e.kind, count: numberAt(`${at}.count`, e.count) ?? Number.NaN };
    case "reply_contains":
    case "reply_not_contains":
      return { kind: e.kind, text: e.text, turn: turn() };
    case "reply_matches":
      return { kind: e.kind, pattern: e.pattern, turn: turn() };
    case "citation":
      return { kind: e.kind, ...(e.document.trim() ? { document: e.document } : {}) };
    case "escalated":
      return { kind: e.kind, value: e.value, ...(e.value && e.reason.trim() ? { reason: e.reason } : {}) };
    case "outcome":
      return { kind: e.kind, status: e.status };
    case "end_state":
      return {
        kind: e.kind,
        exact: e.exact,
        changes: e.changes.map((c, j) => {
          const path = `${at}.changes.${j}.value`;
          // A change always has a value: `null` says the record was removed.
          if (!c.value.trim()) report(path, "Give the value as JSON (null when the record is removed)");
          return { path: c.path, value: jsonAt(path, c.value, "value") };
        }),
      };
    case "judge":
      return { kind: e.kind, rubric: e.rubric };
  }
}

// The order the editor shows its sections, so "the first error" is the first one a person would meet.
const sectionOrder = ["name", "description", "knownFailure", "definition.customer", "definition.fixtures", "definition.tools", "definition.mocks", "definition.expectations"];

function compareFieldOrder(a: string, b: string): number {
  const rank = (p: string) => {
    const i = sectionOrder.findIndex((s) => p === s || p.startsWith(`${s}.`));
    return i === -1 ? sectionOrder.length : i;
  };
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  const as = a.split("."),
    bs = b.split(".");
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    if (as[i] === bs[i]) continue;
    const na = Number(as[i]),
      nb = Number(bs[i]);
    if (Number.isInteger(na) && Number.isInteger(nb)) return na - nb;
    return 0;
  }
  return as.length - bs.length;
}

// Every path the editor renders an error slot for.
const placed = [
  /^(name|description|knownFailure)$/,
  /^definition\.customer\.(turns|persona|goal|knows|opening|maxTurns)$/,
  /^definition\.customer\.turns\.\d+$/,
  /^definition\.fixtures\.(verifiedUserId|customer)$/,
  /^definition\.(tools|mocks|expectations)$/,
  /^definition\.mocks\.\d+\.(tool|args|response)$/,
  /^definition\.mocks\.\d+\.error\.(status|message)$/,
  /^definition\.expectations\.\d+$/,
  /^definition\.expectations\.\d+\.(journey|tool|args|match|decision|rule|count|text|pattern|turn|document|value|reason|status|changes|exact|rubric)$/,
  /^definition\.expectations\.\d+\.changes\.\d+\.(path|value)$/,
];

/** The nearest field that shows an error at `path` (a deeper path goes to its field; "" is the form). */
export function placeError(path: string): string {
  const parts = path.split(".").filter(Boolean);
  for (let n = parts.length; n > 0; n--) {
    const candidate = parts.slice(0, n).join(".");
    if (placed.some((re) => re.test(candidate))) return candidate;
  }
  return "";
}

/** A short line for a case's definition in the cases table. */
export function describeCustomer(definition: CaseDefinition): string {
  return definition.customer.kind === "script"
    ? `${definition.customer.turns.length} scripted message${definition.customer.turns.length === 1 ? "" : "s"}`
    : `simulated, up to ${definition.customer.maxTurns} turns`;
}
