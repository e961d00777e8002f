import "server-only";
import type { Policy, PolicyDecision } from "@/lib/schemas/policy";
import { isStoreTool, isWriteTool, storeToolArgs } from "@/server/services/store/args";
import type { StoreCtx } from "@/server/services/store/types";
import { evaluatePolicy } from "./evaluate";
import type { LookedUp } from "../tools/fact-lookup";
import { deriveFacts, requestFacts, type Session } from "./facts";

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

/**
 * The gate every tool call passes before it runs. Reads are always allowed; a write runs only if the
 * policy bound to it allows it for facts derived from the store and the session. A write with no bound
 * policy, or a tool nobody knows, is denied: fail closed. `ownWrite` says the agent declares `tool` as a
 * write to its brand's own backend (an HTTP tool of its config that the demo store does not know): its
 * policy decides on the session, the request's arguments (`requestFacts`) and what the write's fact
 * lookup found (`lookedUp`, see lookupFacts); a lookup that failed denies.
 */
export async function checkGate(
  ctx: StoreCtx,
  input: { tool: string; args: unknown; session: Session; policies: Partial<Record<string, Policy>>; now?: Date; ownWrite?: boolean; lookedUp?: LookedUp | null },
): Promise<PolicyDecision> {
  const { tool, session, policies } = input;
  if (!isStoreTool(tool)) {
    if (!input.ownWrite) return fixed("deny", "unknown-tool", `There is no tool called ${tool}.`);
    const policy = policies[tool];
    if (!policy) return fixed("deny", "no-policy", "This action has no policy, so it is not allowed.");
    const args = input.args && typeof input.args === "object" && !Array.isArray(input.args) ? (input.args as Record<string, unknown>) : {};
    const lookedUp = input.lookedUp;
    if (lookedUp && "unavailable" in lookedUp) return fixed("deny", "facts-unavailable", "I can't check the details of this request right now, so I can't go ahead. Please try again later.");
    const now = input.now ?? new Date();
    return evaluatePolicy(policy, { ...requestFacts(args, session), ...lookedUp?.facts }, { now });
  }
  if (!isWriteTool(tool)) return fixed("allow", "read", "Reading is always allowed.");

  const policy = policies[tool];
  if (!policy) return fixed("deny", "no-policy", "This action has no policy, so it is not allowed.");
  const parsed = storeToolArgs[tool].safeParse(input.args ?? {});
  if (!parsed.success) return fixed("deny", "invalid-arguments", `The request for ${tool} is incomplete or malformed.`);

  const now = input.now ?? new Date();
  const facts = await deriveFacts(ctx, { tool, args: parsed.data, session, now });
  return evaluatePolicy(policy, facts, { now });
}
