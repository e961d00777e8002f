import type { TurnRun } from "./turn-run";

const ASKS_FOR_HUMAN = /\b(human|real person|live (agent|person)|representative|speak (to|with) (a |an |your )?(person|agent|manager|someone)|talk (to|with) (a |an |your )?(person|agent|manager|someone)|customer service agent|operator)\b/i;

/**
 * Decides, before anything else runs, whether this turn goes to a person: the customer asks for one,
 * frustration persists, the agent keeps failing, or a builder's trigger phrase appears.
 */
export async function supervise(run: TurnRun): Promise<void> {
  const started = performance.now();
  const rules = run.config.guardrails.escalation;
  const { counters } = run.session;
  const sentiment = await run.ctx.models.detectSentiment(run.text);
  counters.negativeStreak = sentiment.score <= rules.sentimentThreshold ? counters.negativeStreak + 1 : 0;
  const lower = run.text.toLowerCase();
  const phrase = rules.phrases.find((p) => lower.includes(p.toLowerCase()));

  const reason = ASKS_FOR_HUMAN.test(run.text)
    ? "The customer asked for a person"
    : phrase
      ? `The customer said "${phrase}", which the team wants handled by a person`
      : counters.negativeStreak >= rules.negativeStreak
        ? `The customer has been upset for ${counters.negativeStreak} messages in a row`
        : counters.failures >= rules.repeatedFailures
          ? `The agent failed ${counters.failures} times to get this done`
          : counters.unrouted >= rules.lowConfidenceTurns
            ? `The agent did not understand ${counters.unrouted} messages in a row`
            : null;
  if (reason) run.escalation = { reason };
  run.trace.record({
    type: "supervisor",
    name: "supervisor",
    input: { sentiment, counters: { ...counters } },
    output: reason ? { reason } : null,
    decision: reason ? "escalate" : "continue",
    durationMs: performance.now() - started,
  });
}

/** Failures met during the turn can also end it in a handoff. */
export function superviseAfter(run: TurnRun): void {
  const rules = run.config.guardrails.escalation;
  if (!run.escalation && run.session.counters.failures >= rules.repeatedFailures) {
    run.escalation = { reason: `The agent failed ${run.session.counters.failures} times to get this done` };
    run.trace.record({ type: "supervisor", name: "repeated failure", input: { failures: run.session.counters.failures }, output: run.escalation, decision: "escalate" });
  }
}
