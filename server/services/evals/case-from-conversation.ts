import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { conversations, journeys, messageCorrections, messages, turnTraces } from "@/db/schema";
import { type CaseDefinition, caseDefinitionSchema, type Expectation, MAX_EXPECTATIONS, MAX_MOCKS, MAX_TURNS } from "@/lib/schemas/evals";
import { loadDraftConfig } from "@/server/agent/config/load-draft-config";
import { invalid, notFound } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";

/**
 * "Make this a test": a stored conversation as a proposed case. Its customer's messages become the
 * script, its tools' answers the mocks (so it replays without the backend), and what it did — journeys,
 * writes with their arguments, the gate's decisions, the outcome — the expectations. A reviewer's
 * correction on an agent message replaces what the agent did with what it should have done.
 */
export async function caseFromConversation(ctx: WorkspaceCtx, input: { conversationId: string }): Promise<{ agentId: string; name: string; definition: CaseDefinition }> {
  const where = (t: typeof messages | typeof turnTraces | typeof messageCorrections) => and(eq(t.conversationId, input.conversationId), eq(t.workspaceId, ctx.workspace.id));
  const [conversation] = await ctx.db
    .select({ agentId: conversations.agentId, status: conversations.status, createdAt: conversations.createdAt })
    .from(conversations)
    .where(and(eq(conversations.id, input.conversationId), eq(conversations.workspaceId, ctx.workspace.id)));
  if (!conversation) throw notFound("Conversation");
  const said = await ctx.db.select({ id: messages.id, role: messages.role, text: messages.text, turn: messages.turn }).from(messages).where(where(messages)).orderBy(asc(messages.turn), asc(messages.createdAt));
  const customerTurns = said.filter((m) => m.role === "customer");
  if (customerTurns.length === 0) throw invalid("The customer never wrote in this conversation: there is nothing to replay");
  if (customerTurns.length > MAX_TURNS) throw invalid(`The conversation has ${customerTurns.length} customer messages; a case replays at most ${MAX_TURNS}`);
  // A case's turn n is the customer's n-th message.
  const caseTurn = new Map(customerTurns.map((m, i) => [m.turn, i + 1]));
  const traces = await ctx.db.select({ turn: turnTraces.turn, events: turnTraces.events }).from(turnTraces).where(where(turnTraces)).orderBy(asc(turnTraces.turn));
  const config = await loadDraftConfig(ctx.db, { workspaceId: ctx.workspace.id, agentId: conversation.agentId });
  const isWrite = (tool: string) => config.tools[tool]?.kind === "write";

  const mocks: CaseDefinition["mocks"] = [];
  let expectations: Expectation[] = [];
  const add = (e: Expectation) => {
    if (!expectations.some((x) => JSON.stringify(x) === JSON.stringify(e))) expectations.push(e);
  };
  for (const { events } of traces) {
    for (const e of events) {
      if (e.type === "route" && (e.output as { journeyId?: string } | undefined)?.journeyId) add({ kind: "journey", journey: e.name });
      if (e.type === "tool" && (e.decision === "ok" || e.decision === "replayed") && config.tools[e.name]) {
        const args = (e.input ?? {}) as Record<string, unknown>;
        if (!mocks.some((m) => m.tool === e.name && JSON.stringify(m.args) === JSON.stringify(args))) mocks.push({ tool: e.name, args, response: e.output });
        if (isWrite(e.name)) add({ kind: "tool_called", tool: e.name, args, match: "subset" });
      }
      if (e.type === "policy" && e.decision) {
        const tool = (e.input as { tool?: string } | undefined)?.tool;
        const rule = (e.output as { ruleId?: string } | undefined)?.ruleId;
        if (tool && config.tools[tool]) add({ kind: "decision", tool, decision: e.decision as Extract<Expectation, { kind: "decision" }>["decision"], ...(rule ? { rule } : {}) });
      }
    }
  }
  const writes = traces.flatMap((t) => t.events).filter((e) => e.type === "tool" && e.decision === "ok" && isWrite(e.name)).length;
  add({ kind: "writes", count: writes });

  // What a reviewer said the agent should have done replaces what it did.
  const corrections = await ctx.db
    .select({ messageId: messageCorrections.messageId, text: messageCorrections.text, journey: journeys.name, tool: messageCorrections.expectedToolCall, decision: messageCorrections.expectedDecision })
    .from(messageCorrections)
    .leftJoin(journeys, eq(journeys.id, messageCorrections.expectedJourneyId))
    .where(where(messageCorrections));
  for (const c of corrections) {
    const message = said.find((m) => m.id === c.messageId);
    const turn = message ? caseTurn.get(message.turn) : undefined;
    if (c.text.trim()) add({ kind: "reply_contains", text: c.text.trim().slice(0, 500), ...(turn ? { turn } : {}) });
    if (c.journey) {
      expectations = expectations.filter((e) => e.kind !== "journey");
      add({ kind: "journey", journey: c.journey });
    }
    if (c.tool) {
      expectations = expectations.filter((e) => e.kind !== "tool_called" && e.kind !== "writes");
      add({ kind: "tool_called", tool: c.tool, match: "subset" });
    }
    if (c.decision) {
      const tools = [...new Set(expectations.filter((e) => e.kind === "decision").map((e) => (e as { tool: string }).tool))];
      expectations = expectations.filter((e) => e.kind !== "decision" && !(e.kind === "writes" && c.decision !== "allow"));
      for (const tool of tools) add({ kind: "decision", tool, decision: c.decision as Extract<Expectation, { kind: "decision" }>["decision"] });
    }
  }
  if (!corrections.some((c) => c.tool || c.decision)) add({ kind: "outcome", status: conversation.status as Extract<Expectation, { kind: "outcome" }>["status"] });

  const definition = caseDefinitionSchema.parse({
    customer: { kind: "script", turns: customerTurns.map((m) => m.text.slice(0, 2000)) },
    tools: "mock",
    mocks: mocks.slice(0, MAX_MOCKS),
    expectations: expectations.slice(0, MAX_EXPECTATIONS),
  });
  const opening = customerTurns[0]!.text.replace(/\s+/g, " ").slice(0, 60);
  return { agentId: conversation.agentId, name: `From a conversation: "${opening}"`, definition };
}
