import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { agents } from "@/db/schema";
import { type Guardrails, guardrailsSchema } from "@/lib/schemas/guardrails";
import type { AgentConfig } from "@/server/agent/config/agent-config";
import { localModels } from "@/server/agent/models";
import { maskPii } from "@/server/agent/pipeline/mask-pii";
import { checkOutput } from "@/server/agent/pipeline/output-guardrails";
import { supervise } from "@/server/agent/pipeline/supervisor";
import { Tracer } from "@/server/agent/pipeline/trace";
import type { TurnRun } from "@/server/agent/pipeline/turn-run";
import { emptySession } from "@/server/agent/types";
import { invalid } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { agentRef } from "@/server/services/policies/agent-ref";

// Guardrails live in agents.settings.guardrails (what loadDraftConfig reads). Saving bumps the agent's
// updatedAt, which the runtime's config fingerprint includes.

export async function getGuardrails(ctx: WorkspaceCtx, input: { agent: string }): Promise<Guardrails> {
  const agent = await agentRef(ctx, input.agent);
  return guardrailsSchema.parse(agent.settings.guardrails ?? {});
}

export const saveGuardrailsInput = z.object({ agent: z.string().min(1).max(64), guardrails: guardrailsSchema });

export async function saveGuardrails(ctx: WorkspaceCtx, input: z.input<typeof saveGuardrailsInput>): Promise<Guardrails> {
  const { agent: agentIdOrSlug, guardrails } = saveGuardrailsInput.parse(input);
  const clean = { ...guardrails, bannedPhrases: tidy(guardrails.bannedPhrases), neverPromise: tidy(guardrails.neverPromise), escalation: { ...guardrails.escalation, phrases: tidy(guardrails.escalation.phrases) } };
  return ctx.db.transaction(async (tx) => {
    const agent = await agentRef({ ...ctx, db: tx }, agentIdOrSlug);
    await tx
      .update(agents)
      .set({ settings: { ...agent.settings, guardrails: clean }, updatedAt: new Date() })
      .where(and(eq(agents.id, agent.id), eq(agents.workspaceId, ctx.workspace.id)));
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "agent.guardrails.update", targetType: "agent", targetId: agent.id, before: agent.settings.guardrails ?? null, after: clean });
    return clean;
  });
}

const tidy = (list: string[]) => [...new Set(list.map((s) => s.trim()).filter(Boolean))];

export const testGuardrailsInput = z.object({
  guardrails: guardrailsSchema,
  check: z.enum(["output", "escalation", "pii"]),
  text: z.string().min(1, "Type a sample text to check").max(4000),
  /** For output checks: what a policy decision of the turn said, and amounts a tool returned. */
  policyText: z.string().default(""),
  amounts: z.array(z.number()).default([]),
  /** For escalation checks: the conversation so far. */
  failuresSoFar: z.number().int().min(0).default(0),
  negativeStreakSoFar: z.number().int().min(0).default(0),
  unroutedSoFar: z.number().int().min(0).default(0),
});

/**
 * Runs the real guardrail functions on a sample text with the guardrails being edited: the output check
 * the pipeline runs before a reply is sent, the supervisor's escalation decision, or transcript masking.
 */
export async function testGuardrails(input: z.input<typeof testGuardrailsInput>) {
  const t = testGuardrailsInput.parse(input);
  if (t.check === "pii") return { check: "pii" as const, masked: maskPii(t.text) };
  const session = emptySession();
  session.counters = { failures: t.failuresSoFar, negativeStreak: t.negativeStreakSoFar, unrouted: t.unroutedSoFar };
  const run = {
    ctx: { models: localModels },
    config: { guardrails: t.guardrails } as AgentConfig,
    text: t.text,
    session,
    trace: new Tracer(),
    escalation: null,
    grounded: { amounts: t.amounts, policyText: t.policyText ? [t.policyText] : [] },
  } as unknown as TurnRun;
  if (t.check === "output") {
    const result = checkOutput(run, t.text);
    return { check: "output" as const, ok: result.ok, violations: result.violations, replacement: result.replacement ?? null };
  }
  await supervise(run);
  const event = run.trace.events[0];
  if (!event) throw invalid("The supervisor did not report a decision");
  return { check: "escalation" as const, escalate: run.escalation !== null, reason: run.escalation?.reason ?? null, sentiment: (event.input as { sentiment: unknown }).sentiment };
}
