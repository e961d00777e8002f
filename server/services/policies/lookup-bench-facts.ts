import "server-only";
import { z } from "zod";
import type { Facts } from "@/lib/schemas/policy";
import { agentInput } from "@/lib/schemas/policy-authoring";
import { loadDraftConfig } from "@/server/agent/config/load-draft-config";
import { requestFacts } from "@/server/agent/policy/facts";
import { Tracer } from "@/server/agent/pipeline/trace";
import { lookupFacts } from "@/server/agent/tools/fact-lookup";
import { invalid } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";
import { buildTurnContext } from "@/server/services/runtime/build-turn-context";
import { agentRef } from "./agent-ref";

export const lookupBenchFactsInput = agentInput.extend({
  /** One of the agent's own write tools. */
  tool: z.string().min(1),
  args: z.record(z.string(), z.unknown()).default({}),
  /** Play this customer, verified (as a verifying lookup would set it); nobody when absent. */
  customerId: z.string().trim().min(1).max(200).optional(),
  confirmed: z.boolean().default(false),
});

/**
 * The facts the gate would have for a brand's own write: the request's arguments and what its lookups
 * find, run against the brand's backend exactly as at run time (same secrets and network rules). Nothing
 * is written. The lookups' calls come back too, so the builder sees what was asked and answered.
 */
export async function lookupBenchFacts(ctx: WorkspaceCtx & { appUrl: string }, input: z.input<typeof lookupBenchFactsInput>) {
  const { agent: agentIdOrSlug, tool: name, args, customerId, confirmed } = lookupBenchFactsInput.parse(input);
  const agent = await agentRef(ctx, agentIdOrSlug);
  const config = await loadDraftConfig(ctx.db, { workspaceId: ctx.workspace.id, agentId: agent.id });
  const tool = config.tools[name];
  if (tool?.kind !== "write") throw invalid(`${name} is not one of this agent's own write tools`);
  const env = await buildTurnContext(ctx.db, { workspaceId: ctx.workspace.id, appUrl: ctx.appUrl, config });
  const session = { authenticatedUserId: customerId, confirmed };
  const trace = new Tracer();
  const lookedUp = await lookupFacts({ ctx: env, config, session, trace }, tool, args);
  const facts: Facts = { ...requestFacts(args, session), ...(lookedUp && "facts" in lookedUp ? lookedUp.facts : {}) };
  return {
    // Unknown facts are left out, as the bench's facts editor treats a missing fact as unknown.
    facts: Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined)) as Facts,
    unavailable: lookedUp && "unavailable" in lookedUp ? lookedUp.unavailable : null,
    lookups: trace.events.map((e) => ({ tool: e.name, input: e.input, answer: e.output, outcome: e.decision ?? "" })),
  };
}
