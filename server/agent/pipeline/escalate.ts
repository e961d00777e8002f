import { handoffFacts } from "./handoff-facts";
import { say, type TurnRun } from "./turn-run";

const HANDOFF_MESSAGE = "I'm handing this over to a member of our team, who will pick it up from here with everything we've covered. Please hold on.";

/**
 * Hands the conversation to a person with a summary, so the customer never repeats themselves: who, what
 * they want, what was tried and why (the model's), plus verified identity, facts looked up, the gate's
 * decisions and the sentiment (from the traces).
 */
export async function escalate(run: TurnRun): Promise<unknown> {
  const reason = run.escalation!.reason;
  const attempted = run.trace.events
    .filter((e) => e.type === "tool" || e.type === "policy")
    .map((e) => `${e.type === "tool" ? "called" : "checked policy"} ${e.name}: ${e.decision ?? ""}`);
  const customer = run.session.customer
    ? { id: run.session.customer.userId, email: run.session.customer.email }
    : ((run.conversation.customer as { id?: string; name?: string; email?: string } | null) ?? null);
  const summary = await run.trace.step(
    "escalation",
    "handoff summary",
    { reason },
    () =>
      run.ctx.models.summarizeForHandoff({
        customer,
        transcript: [...run.transcript, { role: "customer", text: run.text }],
        journey: run.journeyName,
        attempted,
        reason,
      }),
    (s) => ({ output: s, decision: "escalated" }),
  );
  run.session.journey = null;
  run.session.confirmation = null;
  run.session.outcome = { journey: run.journeyName, result: "escalated" };
  if (!run.segments.some((s) => s.kind === "handoff")) say(run, "handoff", HANDOFF_MESSAGE);
  return { ...summary, ...(await handoffFacts(run)), reason, at: run.now.toISOString() };
}
