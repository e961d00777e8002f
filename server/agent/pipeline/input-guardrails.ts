import type { TurnRun } from "./turn-run";

const INJECTION = [
  /\bignore (all |any |your |the |previous |prior )*(rules|instructions|policy|policies|guidelines)\b/i,
  /\b(system prompt|developer mode|jailbreak)\b/i,
  /\byou are now\b/i,
  /\bpretend (that )?(you|the policy)\b/i,
  /\bdisregard (the |your )?(policy|rules|instructions)\b/i,
];
const CARD = /\b(?:\d[ -]?){13,19}\b/g;

/** Redacts what must not be logged in the trace (card numbers). The transcript keeps the message. */
export const redact = (text: string) => text.replace(CARD, (m) => (m.replace(/\D/g, "").length >= 13 ? "[card number]" : m));

/**
 * Flags prompt-injection attempts. A flagged message still runs: journeys never obey free text, the
 * gate holds for the model, and the model is told the message tries to change its instructions.
 */
export function checkInput(run: TurnRun): void {
  const started = performance.now();
  const signals = INJECTION.filter((re) => re.test(run.text)).map((re) => re.source);
  run.flags.injection = signals.length > 0;
  for (const m of run.text.matchAll(/#?W\d{7}\b|[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/gi)) run.session.mentioned.push(m[0].toLowerCase());
  run.session.mentioned = [...new Set(run.session.mentioned)].slice(-50);
  run.trace.record({
    type: "guardrail",
    name: "input",
    input: { text: redact(run.text) },
    output: { injection: signals },
    decision: signals.length ? "flagged" : "pass",
    durationMs: performance.now() - started,
  });
}
