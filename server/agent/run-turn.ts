import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { messages } from "@/db/schema";
import { humanOwns } from "@/lib/schemas/inbox";
import { learnMemory } from "@/server/services/customers/learn-memory";
import { invalid } from "@/server/errors";
import { loadDraftConfig } from "./config/load-draft-config";
import { escalate } from "./pipeline/escalate";
import { execute } from "./pipeline/execute";
import { checkInput } from "./pipeline/input-guardrails";
import { loadConversation } from "./pipeline/load-conversation";
import { withConversationLock } from "./pipeline/lock";
import { countingUsage, type TokenUsage } from "./models/usage";
import { ModelMeter } from "./pipeline/model-meter";
import { persistTurn, type TurnMetrics } from "./pipeline/persist";
import { respond, type OnText } from "./pipeline/respond";
import { readConfirmation, route } from "./pipeline/route";
import { supervise, superviseAfter } from "./pipeline/supervisor";
import { Tracer } from "./pipeline/trace";
import type { TurnRun } from "./pipeline/turn-run";
import { understand } from "./pipeline/understand";
import type { Citation, StoredMessage, TurnCtx, TurnResult } from "./types";

const MAX_TEXT = 4000;
const KEPT_KEYS = 50;

/**
 * One customer message through the pipeline (DESIGN §2): lock → load → input guardrails → supervisor
 * → route → execute → compose + output guardrails (streamed) → persist.
 */
export async function runTurn(
  ctx: TurnCtx,
  input: { conversationId: string; text: string; idempotencyKey?: string },
  opts: { onText?: OnText } = {},
): Promise<TurnResult> {
  const text = input.text.trim();
  if (!text) throw invalid("The message is empty");
  if (text.length > MAX_TEXT) throw invalid(`Messages are limited to ${MAX_TEXT} characters`);
  // The customer waits from here: the wait for the conversation's lock is part of the reply's latency.
  const received = performance.now();
  const usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
  let firstTextAt: number | null = null;
  const onText: OnText | undefined =
    opts.onText &&
    ((chunk) => {
      firstTextAt ??= performance.now();
      return opts.onText!(chunk);
    });

  return countingUsage(usage, () => withConversationLock(ctx.db, input.conversationId, async (sql) => {
    const loaded = await loadConversation(sql.run, input.conversationId);
    const { conversation, session } = loaded;

    const seenTurn = input.idempotencyKey ? session.processed[input.idempotencyKey] : undefined;
    if (seenTurn !== undefined) return replay(ctx, conversation.id, seenTurn, conversation.status);

    const meter = new ModelMeter();
    const run: TurnRun = {
      ctx: { ...ctx, models: meter.wrap(ctx.models) },
      config: ctx.config ?? (await loadDraftConfig(ctx.db, { workspaceId: conversation.workspaceId, agentId: conversation.agentId })),
      conversation,
      turn: conversation.turns + 1,
      text,
      now: ctx.now?.() ?? new Date(),
      session,
      trace: new Tracer(),
      meter,
      understood: null,
      prefetched: null,
      segments: [],
      transcript: loaded.transcript,
      escalation: null,
      grounded: { amounts: [], policyText: [] },
      journeyName: null,
      journeyId: null,
      ended: null,
      flags: { injection: false },
      confirmedThisTurn: null,
      confirmationAnswer: null,
      pendingConfirmation: null,
      citations: [],
    };
    if (input.idempotencyKey) {
      session.processed[input.idempotencyKey] = run.turn;
      session.processed = Object.fromEntries(Object.entries(session.processed).slice(-KEPT_KEYS));
    }

    // A person owns an escalated conversation (waiting for one, or claimed): the AI records the message
    // and stays quiet; the status is left as the person's changes set it.
    if (humanOwns(conversation.owner)) {
      run.trace.record({ type: "supervisor", name: "human owns conversation", input: { owner: conversation.owner }, decision: "silent" });
      const stored = await persistTurn(sql.runLast, run, "", { status: null });
      return result(run, "", "escalated", null, stored);
    }

    checkInput(run);
    await supervise(run);
    if (!run.escalation) {
      await understand(run);
      await readConfirmation(run);
      const routed = await route(run);
      if (routed) await execute(run, routed);
      superviseAfter(run);
    }
    const handoff = run.escalation ? await escalate(run) : undefined;
    const reply = await respond(run, onText);
    const replied = performance.now();
    meter.record(run.trace);
    const status = handoff ? "escalated" : run.ended === "resolved" && !run.session.journey ? "resolved" : "open";
    await learnMemory(sql.run, run, ctx.memory);
    const stored = await persistTurn(sql.runLast, run, reply, { status, handoff, metrics: turnMetrics(ctx, usage, reply ? replied - received : null, firstTextAt === null ? null : firstTextAt - received) });
    return result(run, reply, status, handoff ?? null, stored);
  }));
}

const tenth = (ms: number | null) => (ms === null ? null : Math.round(ms * 10) / 10);

/** The turn's latency and its tokens at the workspace's prices (local models report none: 0). */
function turnMetrics(ctx: TurnCtx, usage: TokenUsage, latencyMs: number | null, firstTextMs: number | null): TurnMetrics {
  const prices = ctx.prices ?? { inputPerMillion: 0, outputPerMillion: 0 };
  const costUsd = (usage.inputTokens * prices.inputPerMillion + usage.outputTokens * prices.outputPerMillion) / 1_000_000;
  return { latencyMs: tenth(latencyMs), firstTextMs: tenth(firstTextMs), inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, costUsd };
}

function result(run: TurnRun, reply: string, status: string, handoff: unknown, messages: StoredMessage[]): TurnResult {
  return {
    conversationId: run.conversation.id,
    turn: run.turn,
    reply,
    citations: run.citations,
    status,
    journey: run.journeyName,
    escalated: status === "escalated",
    handoff,
    trace: run.trace.events,
    replayed: false,
    messages,
  };
}

async function replay(ctx: TurnCtx, conversationId: string, turn: number, status: string): Promise<TurnResult> {
  const rows = await ctx.db
    .select({ text: messages.text, citations: messages.citations })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.turn, turn), eq(messages.role, "agent")))
    .orderBy(asc(messages.createdAt));
  return { conversationId, turn, reply: rows.map((r) => r.text).join("\n\n"), citations: rows.flatMap((r) => r.citations as Citation[]), status, journey: null, escalated: status === "escalated", handoff: null, trace: [], replayed: true, messages: [] };
}
