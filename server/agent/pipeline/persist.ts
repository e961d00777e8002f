import "server-only";
import { eq } from "drizzle-orm";
import { conversations, messages, traceEvents } from "@/db/schema";
import { maskPii } from "./mask-pii";
import type { TurnRun } from "./turn-run";

/** Writes the turn in one transaction: both messages, the trace, the session, status and handoff. */
export async function persistTurn(run: TurnRun, reply: string, update: { status: string; handoff?: unknown }): Promise<void> {
  const { conversation, turn } = run;
  const base = { workspaceId: conversation.workspaceId, conversationId: conversation.id, turn };
  const at = run.now.getTime();
  const stored = run.config.guardrails.maskPii ? maskPii : (t: string) => t;
  await run.ctx.db.transaction(async (tx) => {
    await tx.insert(messages).values([
      { ...base, role: "customer", text: stored(run.text), createdAt: new Date(at) },
      ...(reply ? [{ ...base, role: "agent", text: stored(reply), citations: run.citations, createdAt: new Date(at + 1) }] : []),
    ]);
    if (run.trace.events.length > 0) {
      await tx.insert(traceEvents).values(
        run.trace.events.map((e, seq) => ({ ...base, seq, type: e.type, name: e.name, input: e.input ?? null, output: e.output ?? null, decision: e.decision ?? null, durationMs: e.durationMs })),
      );
    }
    await tx
      .update(conversations)
      .set({
        state: run.session,
        status: update.status,
        ...(update.handoff !== undefined ? { handoff: update.handoff } : {}),
        turns: turn,
        lastMessageAt: run.now,
        updatedAt: run.now,
      })
      .where(eq(conversations.id, conversation.id));
  });
}
