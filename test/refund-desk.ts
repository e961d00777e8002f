import type { Db } from "@/db/client";
import { JourneyBuilder } from "@/server/agent/demo/journey-builder";
import { createApiKey } from "@/server/services/api-keys/create-api-key";
import { publishRelease } from "@/server/services/releases/publish-release";
import { makeWorkspace } from "./factories";

/**
 * An agent with a write tool that refunds on the brand's own backend (`{{appUrl}}/refunds`), bound to a
 * policy allowing up to $100 and denying the rest.
 */
export async function createRefundDesk(db: Db, opts: { toolTimeoutMs: number }) {
  const { owner, workspace, caller } = await makeWorkspace(db);
  const agent = await caller.agents.create({ workspace: workspace.slug, name: "Refund desk" });
  const scope = { workspace: workspace.slug, agent: agent.slug };
  await caller.policies.create({ ...scope, key: "refunds", name: "Refunds" });
  await caller.policies.save({
    ...scope,
    key: "refunds",
    name: "Refunds",
    rules: [{ id: "small", description: "Small refunds", when: { fact: "request.amount", op: "lte", value: 100 }, decision: "allow", reason: "Refunds up to $100 are fine." }],
    defaultDecision: { decision: "deny", reason: "I can't refund that." },
  });
  await caller.tools.save({
    ...scope,
    tool: {
      name: "issue_refund",
      description: "Refund the customer",
      method: "POST",
      url: "{{appUrl}}/refunds",
      args: { type: "object", properties: { amount: { type: "number" } } },
      kind: "write",
      policyKey: "refunds",
      timeoutMs: opts.toolTimeoutMs,
    },
  });
  return { owner, workspace, caller, agent, scope };
}

/**
 * The refund desk published, with one journey that refunds through its tool and an API key: for tests
 * that need a write turn the brand's backend can hold or watch.
 */
export async function publishRefundDesk(db: Db, opts: { toolTimeoutMs: number; notes: string }): Promise<{ apiKey: string; agentSlug: string }> {
  const { owner, workspace, caller, agent, scope } = await createRefundDesk(db, opts);
  const graph = new JourneyBuilder({ description: "The customer wants money back", examples: ["I want a refund", "refund me please"] })
    .add({ id: "amount", type: "collect", label: "Ask amount", slot: { name: "amount", type: "number", prompt: "How much should I refund?", retries: 2 } })
    .add({ id: "refund", type: "tool_call", label: "Refund", tool: "issue_refund", args: { amount: "{{slots.amount}}" }, resultAs: "refund" })
    .add({ id: "done", type: "end", label: "Refunded", outcome: "resolved", message: "Done: refund {{result.refund.refund_id}} for ${{result.refund.amount}}." })
    .chain("start", "amount", "refund")
    .link("refund", "done", "success")
    .build();
  await caller.journeys.create({ ...scope, name: "Refund", graph });
  const ctx = { db, userId: owner.id, workspace, role: "owner" as const };
  await publishRelease(ctx, { agentId: agent.id, notes: opts.notes });
  return { apiKey: (await createApiKey(ctx, { name: opts.notes })).key, agentSlug: agent.slug };
}
