import { z } from "zod";
import { computedFactSchema, decisionSchema, ruleSchema } from "./policy";

// Inputs of the policy editor, test bench and policy tests (the policy itself is lib/schemas/policy.ts).

export const agentInput = z.object({ agent: z.string().min(1).max(64) });
const policyKeySchema = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "Policy keys are lower-case words joined by - or _");

export const savePolicyInput = agentInput.extend({
  key: policyKeySchema,
  name: z.string().trim().min(1, "Give the policy a name"),
  description: z.string().optional(),
  facts: z.array(computedFactSchema).max(50, "At most 50 computed facts").optional(),
  rules: z.array(ruleSchema),
  defaultDecision: z.object({ decision: decisionSchema, reason: z.string().trim().min(1, "Say what the customer hears when no rule matches") }),
  /** The revision the editor started from: saving over someone else's newer save is refused. */
  baseRevision: z.int32().positive().optional(),
});

export const createPolicyInput = agentInput.extend({ key: policyKeySchema, name: z.string().trim().min(1, "Give the policy a name") });

/** Facts as the bench sends them: JSON values, dates as ISO strings. */
export const factsInput = z.record(
  z.string(),
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.array(z.string()),
    z.array(z.record(z.string(), z.unknown())).max(200, "At most 200 items in a list"),
    // A map: objects keyed by an id (a customer's payment methods).
    z.record(z.string(), z.record(z.string(), z.unknown())),
  ]),
);

export const evaluateInput = agentInput.extend({
  policy: savePolicyInput.omit({ agent: true, baseRevision: true }),
  facts: factsInput,
  now: z.iso.datetime().optional(),
});

export const benchFactsInput = agentInput.extend({
  tool: z.string().min(1),
  args: z.record(z.string(), z.unknown()).default({}),
  /** Play the order's (or user's) own customer, verified; otherwise nobody is authenticated. */
  asCustomer: z.boolean().default(true),
  confirmed: z.boolean().default(false),
});

export const createPolicyTestInput = agentInput.extend({
  policyKey: policyKeySchema,
  name: z.string().trim().min(1, "Name the test, e.g. \"PayPal refunds escalate\""),
  facts: factsInput,
  expectedDecision: decisionSchema,
  expectedRuleId: z.string().optional(),
});
