import "server-only";
import type { Policy, PolicyDecision } from "@/lib/schemas/policy";
import type { HttpTool } from "@/lib/schemas/tool";
import type { LookedUp } from "../tools/fact-lookup";
import { evaluatePolicy } from "./evaluate";
import { requestFacts, type Session } from "./facts";

/** A decision no policy made: an unknown tool, a read, a write without a policy or facts. */
export const fixed = (decision: PolicyDecision["decision"], ruleId: string, reason: string): PolicyDecision => ({
  decision,
  ruleId,
  reason,
  conditions: [],
  policyKey: ruleId,
  policyVersion: 0,
  trace: [],
});

export interface GateInput {
  tool: string;
  args: unknown;
  session: Session;
  policies: Partial<Record<string, Policy>>;
  now?: Date;
  /** Whether `tool` is one of the agent's writes (its tools say so); what the write's lookups found. */
  ownWrite: boolean;
  lookedUp?: LookedUp | null;
}

/**
 * The gate every write passes before it runs, the same for every brand. A write runs only if the policy
 * bound to it allows it for the session (`session.*`), the request's arguments (`request.*`), what
 * the write's lookups found (`<lookup>.*`, see lookupFacts) and the write's computed facts over them,
 * with the policy's own computed facts on top;
 * a lookup that failed denies. A write with no bound policy, or a tool nobody knows, is denied: fail
 * closed. Reads do not pass the gate.
 *
 * The caller (decideWrite, a journey's policy check) knows the agent's tools and ran the write's lookups.
 */
export async function checkGate(input: GateInput): Promise<PolicyDecision> {
  const { tool, session, policies, lookedUp } = input;
  const args = input.args && typeof input.args === "object" && !Array.isArray(input.args) ? (input.args as Record<string, unknown>) : {};
  if (!input.ownWrite) return fixed("deny", "unknown-tool", `There is no tool called ${tool}.`);

  const policy = policies[tool];
  if (!policy) return fixed("deny", "no-policy", "This action has no policy, so it is not allowed.");
  if (lookedUp && "unavailable" in lookedUp) return fixed("deny", "facts-unavailable", "I can't check the details of this request right now, so I can't go ahead. Please try again later.");
  return evaluatePolicy(policy, { ...requestFacts(args, session), ...lookedUp?.facts }, { now: input.now ?? new Date() });
}

const jsonTypes: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === "string",
  number: (v) => typeof v === "number" && Number.isFinite(v),
  integer: (v) => Number.isInteger(v),
  boolean: (v) => typeof v === "boolean",
  array: Array.isArray,
  object: (v) => typeof v === "object" && v !== null && !Array.isArray(v),
};

/**
 * What is wrong with a write's arguments against its declared schema (a required one missing, one of
 * the wrong type, a list item of the wrong type), or null: such a request is refused before any lookup.
 */
export function argumentsProblem(tool: HttpTool, args: unknown): string | null {
  if (!jsonTypes.object!(args)) return "the arguments must be an object";
  const given = args as Record<string, unknown>;
  const required = Array.isArray(tool.args.required) ? (tool.args.required as string[]) : [];
  const missing = required.find((name) => given[name] === undefined || given[name] === null);
  if (missing) return `${missing} is missing`;
  const properties = (tool.args.properties ?? {}) as Record<string, { type?: unknown; items?: { type?: unknown } }>;
  for (const [name, value] of Object.entries(given)) {
    const schema = properties[name];
    if (value === undefined || value === null || typeof schema?.type !== "string") continue;
    if (!jsonTypes[schema.type]?.(value)) return `${name} must be ${schema.type === "array" ? "a list" : `a ${schema.type}`}`;
    const itemType = schema.items?.type;
    if (Array.isArray(value) && typeof itemType === "string" && !value.every((x) => jsonTypes[itemType]?.(x) ?? true)) return `${name} must be a list of ${itemType}s`;
  }
  return null;
}
