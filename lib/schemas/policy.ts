import { z } from "zod";
import { MAX_TABLE_ROWS, tableValueProblem } from "@/lib/policy/decision-table";
import { MAX_EXPRESSION_LENGTH, positionText, syntaxProblem } from "@/lib/policy/expression";
import { factOperators, type FactValue, operators } from "@/lib/policy/fact-types";

// Policies are data: the studio's rule builder edits them, the runtime evaluates them. Shared by both,
// so nothing here may import server code.

export * from "@/lib/policy/fact-types";

export const decisions = ["allow", "deny", "require_confirmation", "escalate"] as const;
export const decisionSchema = z.enum(decisions);
export type Decision = z.infer<typeof decisionSchema>;

const factNameSchema = z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/, "Facts look like order.status");
const literalSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]);

export const comparisonSchema = z.object({
  fact: factNameSchema,
  op: z.enum(operators),
  // Absent for exists/not_exists; a list for in/not_in; a number of days for days_since_*.
  value: literalSchema.optional(),
  /** Compared with another fact instead of a value (`request.refund_amount` ≤ `order.total`); eq…lte only. */
  valueFact: factNameSchema.optional(),
});
export type Comparison = z.infer<typeof comparisonSchema>;

// Visual blocks over a list fact (a lookup's line items, one answer per item, a list of text): count its
// items, sum a field, or ask whether every / some item holds. Their item conditions compare the item's
// fields (`field`; absent for a list of text, whose items are the values) with a value or a fact.
// Stored as data so the rule builder reopens them as blocks; evaluated through their CEL form
// (lib/policy/blocks.ts), so unknown facts and lists mean what they mean in expressions.

export const itemComparisonSchema = z
  .object({
    field: factNameSchema.optional(),
    op: z.enum(operators),
    value: literalSchema.optional(),
    valueFact: factNameSchema.optional(),
  })
  .strict();
export type ItemComparison = z.infer<typeof itemComparisonSchema>;

export const itemConditionSchema = z.union([z.object({ all: z.array(itemComparisonSchema).max(20) }).strict(), z.object({ any: z.array(itemComparisonSchema).max(20) }).strict()]);
export type ItemCondition = z.infer<typeof itemConditionSchema>;

const measured = { op: z.enum(factOperators), value: z.number().optional(), valueFact: factNameSchema.optional(), where: itemConditionSchema.optional() };
/** "The number of items of `count` [where …] is at most 3 (or a fact)". */
export const countConditionSchema = z.object({ count: factNameSchema, ...measured }).strict();
export type CountCondition = z.infer<typeof countConditionSchema>;
/** "The sum of `field` over the items of `sum` [where …] is at most 100 (or a fact)". */
export const sumConditionSchema = z.object({ sum: factNameSchema, field: factNameSchema, ...measured }).strict();
export type SumCondition = z.infer<typeof sumConditionSchema>;
/** "Every item of `every` has …". */
export const everyConditionSchema = z.object({ every: factNameSchema, where: itemConditionSchema }).strict();
export type EveryCondition = z.infer<typeof everyConditionSchema>;
/** "Some item of `some` has …". */
export const someConditionSchema = z.object({ some: factNameSchema, where: itemConditionSchema }).strict();
export type SomeCondition = z.infer<typeof someConditionSchema>;

export type ListBlock = CountCondition | SumCondition | EveryCondition | SomeCondition;

/** A condition written in CEL (lib/policy/expression.ts), e.g. `request.amount <= order.total`. */
export const expressionConditionSchema = z
  .object({ expr: z.string().trim().min(1, "Write the expression first: it is empty").max(MAX_EXPRESSION_LENGTH, `Expressions are at most ${MAX_EXPRESSION_LENGTH} characters`) })
  .strict()
  .superRefine(({ expr }, ctx) => {
    // Only the syntax here (this schema has no fact catalogue); saving a policy checks the types too.
    const problem = syntaxProblem(expr);
    if (problem) ctx.addIssue({ code: "custom", path: ["expr"], message: `${problem.message} (${positionText(problem)})` });
  });
export type ExpressionCondition = z.infer<typeof expressionConditionSchema>;

export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | ExpressionCondition | Comparison | ListBlock;

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(conditionSchema) }).strict(),
    z.object({ any: z.array(conditionSchema) }).strict(),
    z.object({ not: conditionSchema }).strict(),
    expressionConditionSchema,
    comparisonSchema.strict(),
    countConditionSchema,
    sumConditionSchema,
    everyConditionSchema,
    someConditionSchema,
  ]),
);

/** A fact a policy computes from others before its rules run, e.g. `refund_share = request.refund_amount / order.total`. */
export const expressionFactSchema = z
  .object({
    name: factNameSchema,
    expr: expressionConditionSchema.shape.expr,
    description: z.string().max(500).default(""),
  })
  .strict()
  .superRefine(({ expr }, ctx) => {
    const problem = syntaxProblem(expr);
    if (problem) ctx.addIssue({ code: "custom", path: ["expr"], message: `${problem.message} (${positionText(problem)})` });
  });
export type ExpressionFact = z.infer<typeof expressionFactSchema>;

export const tableValueSchema = z.union([z.string().max(500, "A table's text values are at most 500 characters"), z.number(), z.boolean()], {
  error: "A table's values are text, a number or yes/no",
});
export type TableValue = z.infer<typeof tableValueSchema>;

/** `first`: the first row that holds gives the value; `unique`: exactly one row may hold (two holding is a policy bug). */
export const tableHitPolicies = ["first", "unique"] as const;
export type TableHitPolicy = (typeof tableHitPolicies)[number];

export const decisionTableSchema = z
  .object({
    hit: z.enum(tableHitPolicies, "A table takes the first row that holds (first) or exactly one (unique)"),
    rows: z
      .array(z.object({ when: conditionSchema, value: tableValueSchema }).strict())
      .min(1, "A decision table needs at least one row")
      .max(MAX_TABLE_ROWS, `A decision table has at most ${MAX_TABLE_ROWS} rows`),
    /** The value when no row holds; without it the fact is not known then. */
    otherwise: tableValueSchema.optional(),
  })
  .strict();
export type DecisionTable = z.infer<typeof decisionTableSchema>;

/** "allowance, row 3: " — where in a table a problem is (rows numbered from 1, as the editor shows them). */
export const tablePlace = (name: string, row?: number) => (row === undefined ? `${name}: ` : `${name}, row ${row + 1}: `);

/** A fact picked by rows of conditions, e.g. an allowance by loyalty tier × room class. */
export const tableFactSchema = z
  .object({ name: factNameSchema, table: z.record(z.string(), z.unknown(), "A decision table is { hit, rows, otherwise }"), description: z.string().max(500).default("") })
  .strict()
  .transform((fact, ctx) => {
    // The table is parsed here rather than as a field so that each problem names the fact and the row.
    const table = decisionTableSchema.safeParse(fact.table);
    const problems = table.success
      ? [tableValueProblem(table.data)].filter((p) => p !== null)
      : table.error.issues.map((issue) => ({ row: issue.path[0] === "rows" && typeof issue.path[1] === "number" ? issue.path[1] : undefined, message: issue.message }));
    for (const { row, message } of problems) ctx.addIssue({ code: "custom", path: ["table"], message: `${tablePlace(fact.name, row)}${message}` });
    return table.success && !problems.length ? { ...fact, table: table.data } : z.NEVER;
  });
export type TableFact = z.infer<typeof tableFactSchema>;

const has = (input: unknown, key: string) => typeof input === "object" && input !== null && key in input;

/** A computed fact is an expression (`{ name, expr }`) or a decision table (`{ name, table }`). */
export const computedFactSchema = z.union([expressionFactSchema, tableFactSchema], {
  // The union's own "Invalid input" says nothing: say what is wrong with the kind of fact it is meant to be.
  error: (issue) => {
    if (issue.code !== "invalid_union") return undefined;
    const name = has(issue.input, "name") ? `${String((issue.input as { name: unknown }).name)}: ` : "";
    if (!has(issue.input, "expr") && !has(issue.input, "table")) return `${name}a computed fact needs an expression (expr) or a decision table (table)`;
    const first = issue.errors[has(issue.input, "table") ? 1 : 0]?.[0];
    if (!first) return undefined;
    // A table's own problems already say where they are (the fact and the row).
    if (has(issue.input, "table") && first.code === "custom") return first.message;
    return `${name}${first.path.length ? `${first.path.join(".")}: ` : ""}${first.message}`;
  },
});
export type ComputedFact = z.infer<typeof computedFactSchema>;

export const ruleSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "Rule ids are lower-case words joined by - or _"),
  description: z.string().default(""),
  when: conditionSchema,
  decision: decisionSchema,
  /** Customer-facing: what the agent may say about the decision. */
  reason: z.string().min(1),
  /** Extra obligations attached to the decision (e.g. "refund goes to the original payment method"). */
  conditions: z.array(z.string()).optional(),
});
export type Rule = z.infer<typeof ruleSchema>;

export const policySchema = z
  .object({
    key: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
    name: z.string().min(1),
    version: z.number().int().positive(),
    description: z.string().optional(),
    /** Computed in order before the rules; each may use the facts before it. */
    facts: z.array(computedFactSchema).max(50, "At most 50 computed facts").optional(),
    rules: z.array(ruleSchema),
    defaultDecision: z.object({ decision: decisionSchema, reason: z.string().min(1) }),
  })
  .refine((p) => new Set(p.rules.map((r) => r.id)).size === p.rules.length, "Rule ids must be unique within a policy")
  .refine((p) => new Set((p.facts ?? []).map((f) => f.name)).size === (p.facts ?? []).length, "Computed facts need different names");
export type Policy = z.infer<typeof policySchema>;

export interface RuleTrace {
  ruleId: string;
  matched: boolean;
  /** The facts the rule's condition read, with their values (null when unknown). */
  facts: Record<string, FactValue | null>;
}

export interface PolicyDecision {
  decision: Decision;
  conditions: string[];
  reason: string;
  /** The rule that fired; "default" when none did (and "read" for tools that need no policy). */
  ruleId: string;
  policyKey: string;
  policyVersion: number;
  trace: RuleTrace[];
  /** The policy's computed facts and their values (null when not known), when it has any. */
  computed?: Record<string, FactValue | null>;
  /** For each decision table: the row that gave its value (numbered from 1, as the editor shows them), or null when none held. */
  tableRows?: Record<string, number | null>;
}
