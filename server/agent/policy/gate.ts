import "server-only";
import type { Policy, PolicyDecision } from "@/lib/schemas/policy";
import { isStoreTool, isWriteTool, storeToolArgs } from "@/server/services/store/args";
import type { StoreCtx } from "@/server/services/store/types";
import { evaluatePolicy } from "./evaluate";
import { deriveFacts, type Session } from "./facts";

const fixed = (decision: PolicyDecision["decision"], ruleId: string, reason: string): PolicyDecision => ({
  decision,
  ruleId,
  reason,
  conditions: [],
  policyKey: ruleId,
  policyVersion: 0,
  trace: [],
});

/**
 * The gate every tool call passes before it runs. Reads are always allowed; a write runs only if the
 * policy bound to it allows it for facts derived from the store and the session. A write with no bound
 * policy, or a tool nobody knows, is denied: fail closed.
 */
export async function checkGate(
  ctx: StoreCtx,
  input: { tool: string; args: unknown; session: Session; policies: Partial<Record<string, Policy>>; now?: Date },
): Promise<PolicyDecision> {
  const { tool, session, policies } = input;
  if (!isStoreTool(tool)) return fixed("deny", "unknown-tool", `There is no tool called ${tool}.`);
  if (!isWriteTool(tool)) return fixed("allow", "read", "Reading is always allowed.");

  const policy = policies[tool];
  if (!policy) return fixed("deny", "no-policy", "This action has no policy, so it is not allowed.");
  const parsed = storeToolArgs[tool].safeParse(input.args ?? {});
  if (!parsed.success) return fixed("deny", "invalid-arguments", `The request for ${tool} is incomplete or malformed.`);

  const now = input.now ?? new Date();
  const facts = await deriveFacts(ctx, { tool, args: parsed.data, session, now });
  return evaluatePolicy(policy, facts, { now });
}
