import { z } from "zod";
import { decisions } from "./policy";

// Evals (issue 17; server/services/evals/README.md): an agent's suites of cases. A case is a customer (a
// script of turns, or a simulated customer on an llm provider), fixtures, how its tools answer (mocked, or
// live against a sandbox copy of the demo store), and expectations, each checked and reported on its own.

export const MAX_CASE_NAME = 120;
export const MAX_TURNS = 20;
export const MAX_TURN_TEXT = 2000;
export const MAX_EXPECTATIONS = 40;
export const MAX_MOCKS = 50;
export const MAX_CASES_PER_SUITE = 2000;
export const MAX_REPEAT = 10;

const text = (what: string, max = MAX_TURN_TEXT) => z.string().trim().min(1, `${what} cannot be empty`).max(max, `Keep ${what} to ${max} characters or fewer`);
const json = z.unknown();
const argsMatch = z.enum(["exact", "subset", "pattern"]);

/** A scripted customer sends these messages in order (a turn is skipped once the conversation has ended). */
export const scriptedCustomerSchema = z.object({
  kind: z.literal("script"),
  turns: z.array(text("A customer message")).min(1, "A scripted customer says at least one thing").max(MAX_TURNS, `A script has at most ${MAX_TURNS} turns`),
});

/** With an llm provider, the model plays the customer: who they are, what they want and know, when they give up. */
export const simulatedCustomerSchema = z.object({
  kind: z.literal("simulated"),
  persona: text("The persona", 1000),
  goal: text("The goal", 1000),
  knows: z.string().trim().max(1000).default(""),
  opening: text("The first message"),
  maxTurns: z.number().int().min(1).max(MAX_TURNS).default(8),
});

export const customerSchema = z.discriminatedUnion("kind", [scriptedCustomerSchema, simulatedCustomerSchema], "The customer is a script (kind: script) or simulated (kind: simulated)");

/**
 * How the case's tools answer. `mock`: each call answers with the first matching mock (by tool and, when
 * given, arguments as a subset); a call no mock matches fails as the backend would with 404, and nothing
 * reaches the network. `sandbox`: the agent's tools run for real against a copy of the demo store made
 * for this case and thrown away after it.
 */
export const mockSchema = z.object({
  tool: z.string().min(1, "A mock names its tool"),
  args: z.record(z.string(), json).optional(),
  /** The answer's JSON body; or an error the backend gives. */
  response: json.optional(),
  error: z.object({ status: z.number().int().min(400).max(599), message: z.string().max(500).default("") }).optional(),
});

export const fixturesSchema = z.object({
  /** The customer's verified identity in the backend (a user id): the case starts signed in. */
  verifiedUserId: z.string().trim().min(1).max(200).optional(),
  /** What the brand passes as the customer on conversation create. */
  customer: z.record(z.string(), json).optional(),
});

const replyTurn = z.number().int().min(1).optional();

export const expectationSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("journey"), journey: text("The journey", 200) }),
    z.object({ kind: z.literal("tool_called"), tool: text("The tool", 100), args: z.record(z.string(), json).optional(), match: argsMatch.default("subset") }),
    z.object({ kind: z.literal("tool_not_called"), tool: text("The tool", 100) }),
    z.object({ kind: z.literal("decision"), tool: text("The tool", 100), decision: z.enum(decisions), rule: z.string().trim().max(100).optional() }),
    z.object({ kind: z.literal("writes"), count: z.number().int().min(0).max(100) }),
    z.object({ kind: z.literal("reply_contains"), text: text("The text", 500), turn: replyTurn }),
    z.object({ kind: z.literal("reply_not_contains"), text: text("The text", 500), turn: replyTurn }),
    z.object({ kind: z.literal("reply_matches"), pattern: text("The pattern", 500), turn: replyTurn }),
    z.object({ kind: z.literal("citation"), document: z.string().trim().max(300).optional() }),
    z.object({ kind: z.literal("escalated"), value: z.boolean(), reason: z.string().trim().max(300).optional() }),
    z.object({ kind: z.literal("outcome"), status: z.enum(["open", "resolved", "escalated", "abandoned"]) }),
    z.object({
      kind: z.literal("end_state"),
      /** The store's records after the case, as JSON-pointer paths (`/orders/#W2378156/status`) and their values; `null` for removed. */
      changes: z.array(z.object({ path: z.string().regex(/^\/(orders|users|products)\//, "A path starts with /orders/, /users/ or /products/"), value: json })).max(200),
      /** Nothing else in the store changed. */
      exact: z.boolean().default(true),
    }),
    z.object({ kind: z.literal("judge"), rubric: text("The rubric", 2000) }),
  ],
  "An expectation has a kind: journey, tool_called, tool_not_called, decision, writes, reply_contains, reply_not_contains, reply_matches, citation, escalated, outcome, end_state or judge",
);
export type Expectation = z.infer<typeof expectationSchema>;
export type ExpectationKind = Expectation["kind"];

export const caseDefinitionSchema = z
  .object({
    customer: customerSchema,
    fixtures: fixturesSchema.default({}),
    tools: z.enum(["mock", "sandbox"], "Tools are mock or sandbox").default("sandbox"),
    mocks: z.array(mockSchema).max(MAX_MOCKS, `A case has at most ${MAX_MOCKS} mocks`).default([]),
    expectations: z.array(expectationSchema).min(1, "A case checks at least one thing").max(MAX_EXPECTATIONS, `A case has at most ${MAX_EXPECTATIONS} expectations`),
  })
  .superRefine((c, ctx) => {
    if (c.tools === "sandbox" && c.mocks.length > 0) ctx.addIssue({ code: "custom", path: ["mocks"], message: "Mocks are used only when tools are mock: set tools to mock or remove the mocks" });
    c.expectations.forEach((e, i) => {
      if (e.kind === "end_state" && c.tools !== "sandbox") ctx.addIssue({ code: "custom", path: ["expectations", i], message: "An end state is checked in a sandbox store: set tools to sandbox" });
      if (e.kind === "reply_matches") {
        try {
          new RegExp(e.pattern, "i");
        } catch (error) {
          ctx.addIssue({ code: "custom", path: ["expectations", i, "pattern"], message: `Not a valid pattern: ${(error as Error).message}` });
        }
      }
    });
  });
export type CaseDefinition = z.infer<typeof caseDefinitionSchema>;

export const caseFields = {
  name: text("The case name", MAX_CASE_NAME),
  description: z.string().trim().max(2000).default(""),
  /** Why the agent fails it today; a known failure is reported but does not block publishing. */
  knownFailure: z.string().trim().max(500).nullable().default(null),
};

export const evalCaseSchema = z.object({ ...caseFields, definition: caseDefinitionSchema });
export type EvalCaseInput = z.input<typeof evalCaseSchema>;

export const suiteFields = {
  name: text("The suite name", 80),
  description: z.string().trim().max(2000).default(""),
  /** A gating suite's cases must pass before the draft is published. */
  gating: z.boolean().default(false),
};

/** A suite as a file (`switchback eval export` / import, the studio's export and import). */
export const SUITE_FILE_VERSION = 1;
export const suiteFileSchema = z.object({
  switchback: z.literal("eval-suite", 'A suite file starts with "switchback: eval-suite"'),
  version: z.number().int().min(1).max(SUITE_FILE_VERSION, `This app reads suite files of version ${SUITE_FILE_VERSION}`),
  suite: z.object({ ...suiteFields, cases: z.array(evalCaseSchema).max(MAX_CASES_PER_SUITE, `A suite has at most ${MAX_CASES_PER_SUITE} cases`) }),
});
export type SuiteFile = z.infer<typeof suiteFileSchema>;

/** What a run is against: the draft, the live release, or release N. */
export const runTargetSchema = z.union([z.literal("draft"), z.literal("live"), z.number().int().min(1)], "Run against draft, live or a release number");
export type RunTarget = z.infer<typeof runTargetSchema>;

/** One expectation's result: what was expected, what the run got. */
export interface ExpectationResult {
  kind: ExpectationKind;
  passed: boolean;
  expected: string;
  got: string;
}
