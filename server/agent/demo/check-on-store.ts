import "server-only";
import type { PolicyDecision } from "@/lib/schemas/policy";
import type { StoreCtx } from "@/server/services/store/types";
import type { Tracer } from "../pipeline/trace";
import { argumentsProblem, checkGate, fixed, type GateInput } from "../policy/gate";
import { lookupFacts } from "../tools/fact-lookup";
import { inProcessStore } from "./in-process-store";

const noTrace: Pick<Tracer, "record"> = { record: () => undefined };

/**
 * The gate on a copy of the demo store without an agent's configuration — the τ² replay, the policy
 * tests, scripts: the demo agent's tools (its data), their lookups answered by the store in process,
 * then the one gate every brand's write passes. The runtime never uses it (decideWrite runs the agent's
 * own lookups over HTTP).
 */
export async function checkOnDemoStore(ctx: StoreCtx, input: Omit<GateInput, "ownWrite" | "lookedUp">): Promise<PolicyDecision> {
  const store = inProcessStore(ctx);
  const definition = store.tools[input.tool];
  if (!definition) return fixed("deny", "unknown-tool", `There is no tool called ${input.tool}.`);
  if (definition.kind === "read") return fixed("allow", "read", "Reading is always allowed.");
  if (!input.policies[input.tool]) return fixed("deny", "no-policy", "This action has no policy, so it is not allowed.");
  if (argumentsProblem(definition, input.args)) return fixed("deny", "invalid-arguments", `The request for ${input.tool} is incomplete or malformed.`);
  const args = input.args as Record<string, unknown>;
  const lookedUp = await lookupFacts({ ctx: store.env, config: store, session: input.session, trace: noTrace, now: input.now }, definition, args);
  return checkGate({ ...input, ownWrite: true, lookedUp });
}
