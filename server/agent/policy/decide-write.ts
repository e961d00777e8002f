import "server-only";
import type { Db } from "@/db/client";
import type { PolicyDecision } from "@/lib/schemas/policy";
import type { AgentConfig } from "../config/agent-config";
import type { Tracer } from "../pipeline/trace";
import { type LookedUp, lookupFacts, type RecordedAnswers } from "../tools/fact-lookup";
import type { HttpToolEnv } from "../tools/http-tool";
import type { Session } from "./facts";
import { argumentsProblem, checkGate, fixed } from "./gate";

export interface WriteCall {
  tool: string;
  args: Record<string, unknown>;
  session: Session;
  now: Date;
  /** Answers to give a lookup instead of calling its read tool (by the lookup's name): a case's recorded backend. */
  recorded?: RecordedAnswers;
}

/**
 * Decides a tool call as the runtime does, without running it: the gate's decision for the agent's
 * policy bound to the tool — on the request and what the write's lookups found, the same for every
 * brand and the demo store — then the tool's own "requires confirmation". A malformed request is
 * refused before any lookup runs. The runtime, the test bench and
 * `gate check` all decide through here, so they cannot disagree.
 */
export async function decideWrite(
  env: HttpToolEnv & { db: Db; config: Pick<AgentConfig, "tools" | "policies" | "storeId">; trace: Pick<Tracer, "record"> },
  call: WriteCall,
): Promise<{ decision: PolicyDecision; lookedUp: LookedUp | null }> {
  const { config } = env;
  const tool = config.tools[call.tool];
  if (!tool) return { decision: fixed("deny", "unknown-tool", `There is no tool called ${call.tool}.`), lookedUp: null };
  if (tool.kind === "read") return { decision: fixed("allow", "read", "Reading is always allowed."), lookedUp: null };
  const policy = tool.policyKey ? config.policies[tool.policyKey] : undefined;
  if (!policy) return { decision: fixed("deny", "no-policy", "This action has no policy, so it is not allowed."), lookedUp: null };
  if (argumentsProblem(tool, call.args)) return { decision: fixed("deny", "invalid-arguments", `The request for ${call.tool} is incomplete or malformed.`), lookedUp: null };
  const lookedUp = await lookupFacts({ ctx: env, config, session: call.session, trace: env.trace, now: call.now }, tool, call.args, call.recorded);
  let decision = await checkGate({ tool: call.tool, args: call.args, session: call.session, policies: { [call.tool]: policy }, now: call.now, ownWrite: true, lookedUp },
  );
  // A tool that always asks first asks even when its policy would allow.
  if (decision.decision === "allow" && tool.requiresConfirmation && !call.session.confirmed) {
    decision = { ...decision, decision: "require_confirmation", ruleId: "tool-requires-confirmation", reason: "Please confirm you want me to go ahead." };
  }
  return { decision, lookedUp };
}
