import "server-only";
import { asc, eq } from "drizzle-orm";
import { turnTraces, type StoredTraceStep } from "@/db/schema";
import type { TurnRun } from "./turn-run";

/** The parts of a handoff summary read from the record, not written by a model: a person can trust them. */
export interface HandoffFacts {
  identity: { verified: boolean; userId: string | null; email: string | null };
  facts: { tool: string; input: unknown; output: unknown }[];
  gate: { policy: string; tool: string | null; decision: string; reason: string | null }[];
  sentiment: { score: number; negativeStreak: number } | null;
}

type Step = Pick<StoredTraceStep, "type" | "name" | "input" | "output" | "decision">;
const MAX_ITEMS = 10;

/** Facts looked up, the gate's decisions and the sentiment, from this turn's trace and the earlier turns'. */
export async function handoffFacts(run: TurnRun): Promise<HandoffFacts> {
  const earlier = await run.ctx.db
    .select({ events: turnTraces.events })
    .from(turnTraces)
    .where(eq(turnTraces.conversationId, run.conversation.id))
    .orderBy(asc(turnTraces.turn));
  const steps: Step[] = [...earlier.flatMap((t) => t.events as StoredTraceStep[]), ...run.trace.events];
  const facts = steps
    .filter((s) => s.type === "tool" && (s.decision === "ok" || s.decision === "facts" || s.decision === "replayed"))
    .map((s) => ({ tool: s.name, input: s.input ?? null, output: s.output ?? null }));
  const gate = steps
    .filter((s) => s.type === "policy")
    .map((s) => {
      const input = (s.input ?? {}) as { tool?: string };
      const output = (s.output ?? {}) as { reason?: string };
      return { policy: s.name, tool: input.tool ?? null, decision: s.decision ?? "unknown", reason: output.reason ?? null };
    });
  const supervisor = steps.filter((s) => s.type === "supervisor" && s.name === "supervisor").at(-1);
  const read = (supervisor?.input ?? null) as { sentiment?: { score?: number }; counters?: { negativeStreak?: number } } | null;
  const customer = run.session.customer;
  return {
    identity: { verified: Boolean(run.session.authenticatedUserId), userId: customer?.userId ?? run.session.authenticatedUserId ?? null, email: customer?.email ?? null },
    facts: facts.slice(-MAX_ITEMS),
    gate: gate.slice(-MAX_ITEMS),
    sentiment: typeof read?.sentiment?.score === "number" ? { score: read.sentiment.score, negativeStreak: read.counters?.negativeStreak ?? 0 } : null,
  };
}
