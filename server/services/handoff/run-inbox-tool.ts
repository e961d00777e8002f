import "server-only";
import { and, eq } from "drizzle-orm";
import { conversations } from "@/db/schema";
import type { PolicyDecision } from "@/lib/schemas/policy";
import { loadDraftConfig } from "@/server/agent/config/load-draft-config";
import { Tracer } from "@/server/agent/pipeline/trace";
import type { TurnRun } from "@/server/agent/pipeline/turn-run";
import { ModelMeter } from "@/server/agent/pipeline/model-meter";
import { actionHash, callTool, type ToolOutcome } from "@/server/agent/tools/call-tool";
import { runHttpTool } from "@/server/agent/tools/http-tool";
import { executeWithLedger } from "@/server/agent/tools/ledger";
import { emptySession, type SessionState } from "@/server/agent/types";
import { can } from "@/server/authz/permissions";
import { conflict, forbidden, invalid, notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { loadRelease } from "@/server/services/releases/load-release";
import { buildTurnContext } from "@/server/services/runtime/build-turn-context";
import { appendTraceStep } from "./append-trace-step";
import { recordConversationEvent } from "./record-event";

const LEASE_MARGIN_MS = 5_000;

export interface RunInboxToolInput {
  conversationId: string;
  tool: string;
  args: Record<string, unknown>;
  /** An admin's override of the gate's denial: the reason is audited. */
  override?: { reason: string };
}

/**
 * A person holding a conversation runs one of its agent's tools (e.g. a refund) through the same path as
 * the AI — callTool: the policy gate with the conversation's verified facts, then the ledger, so a retry
 * or an action the AI already took never runs twice. The person's click is the confirmation. If the gate
 * says no, an admin may override it with a reason: the call then runs through the ledger under its own key.
 */
export async function runInboxTool(ctx: WorkspaceCtx & { appUrl: string }, input: RunInboxToolInput) {
  const [c] = await ctx.db
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, input.conversationId), eq(conversations.workspaceId, ctx.workspace.id)));
  if (!c) throw notFound("Conversation");
  if (c.owner !== "human") throw conflict("Claim the conversation before acting for the customer");
  if (c.assigneeId !== ctx.userId) throw forbidden("Someone else holds this conversation: only they can act in it");
  if (input.override && !can(ctx.role, "inbox:override")) throw forbidden(`Your role (${ctx.role}) cannot override the policy gate: ask an admin`);

  const config = c.releaseId
    ? (await loadRelease(ctx.db, { workspaceId: ctx.workspace.id, releaseId: c.releaseId })).config
    : await loadDraftConfig(ctx.db, { workspaceId: ctx.workspace.id, agentId: c.agentId });
  const tool = config.tools[input.tool];
  if (!tool) throw invalid(`The agent has no tool called "${input.tool}": pick one of ${Object.keys(config.tools).join(", ") || "(none)"}`);
  const turnCtx = await buildTurnContext(ctx.db, { workspaceId: ctx.workspace.id, appUrl: ctx.appUrl, config });
  const session: SessionState = { ...emptySession(), ...(c.state as Partial<SessionState>) };
  const hash = actionHash(tool.name, input.args);
  const turn = c.turns + 1;
  // The person's click confirms this exact action, as a customer's "yes" would.
  session.confirmation = { hash, tool: tool.name, turn: turn - 1 };
  const meter = new ModelMeter();
  const run: TurnRun = {
    ctx: turnCtx,
    config,
    conversation: { id: c.id, workspaceId: c.workspaceId, agentId: c.agentId, status: c.status, owner: c.owner, customer: c.customer, turns: c.turns },
    turn,
    text: "",
    now: new Date(),
    session,
    trace: new Tracer(),
    meter,
    understood: null,
    prefetched: null,
    segments: [],
    transcript: [],
    escalation: null,
    grounded: { amounts: [], policyText: [] },
    journeyName: null,
    journeyId: null,
    ended: null,
    flags: { injection: false },
    confirmedThisTurn: hash,
    confirmationAnswer: "yes",
    pendingConfirmation: null,
    citations: [],
  };

  let outcome: ToolOutcome = await callTool(run, tool.name, input.args);
  let overridden: PolicyDecision | null = null;
  if (input.override && (outcome.status === "denied" || outcome.status === "escalate" || outcome.status === "needs_confirmation")) {
    overridden = { ...outcome.decision, decision: "allow", ruleId: "override", reason: `Overridden by an admin: ${input.override.reason}` };
    const result = await executeWithLedger(
      { db: ctx.db, workspaceId: c.workspaceId, conversationId: c.id },
      { tool: tool.name, args: input.args, idempotencyKey: `${c.id}:${turn}:${hash}:override`, decision: overridden, leaseMs: tool.timeoutMs + LEASE_MARGIN_MS },
      ({ executionId }) => runHttpTool(tool, input.args, turnCtx, { idempotencyKey: executionId }),
    );
    run.trace.record({ type: "policy", name: "override", input: { tool: tool.name, by: ctx.userId }, output: { reason: input.override.reason, gate: outcome.decision }, decision: "allow" });
    outcome = result.status === "succeeded" ? { status: "ok", result: result.result, replayed: result.replayed } : { status: "error", message: result.status === "failed" ? result.error : "blocked", code: "failed" };
  }

  const answer = toAnswer(outcome);
  await ctx.db.transaction(async (tx) => {
    for (const e of run.trace.events) await appendTraceStep(tx, c, { type: e.type, name: `person: ${e.name}`, input: e.input, output: e.output, decision: e.decision ?? null });
    await recordAudit(tx, {
      workspaceId: c.workspaceId,
      actorId: ctx.userId,
      action: overridden ? "conversation.override_gate" : "conversation.run_tool",
      targetType: "conversation",
      targetId: c.id,
      after: { tool: tool.name, args: input.args, status: answer.status, ...(overridden && { reason: input.override!.reason, gate: outcome }) },
    });
    await recordConversationEvent(tx, { workspaceId: c.workspaceId, conversationId: c.id, type: "tool.ran", internal: true, payload: { tool: tool.name, status: answer.status } });
  });
  return { ...answer, overridden: Boolean(overridden) };
}

function toAnswer(outcome: ToolOutcome) {
  if (outcome.status === "ok") return { status: "ok" as const, result: outcome.result, replayed: outcome.replayed };
  if (outcome.status === "error") return { status: "error" as const, message: outcome.message };
  return { status: outcome.status, decision: { decision: outcome.decision.decision, reason: outcome.decision.reason, ruleId: outcome.decision.ruleId } };
}
