import { checkOutput } from "./output-guardrails";
import type { TurnRun } from "./turn-run";

export type OnText = (chunk: string) => void | Promise<void>;

type Composed = { ok: true; text: string; durationMs: number } | { ok: false; error: unknown };

/**
 * Composes each piece of the reply in the persona's voice, checks it against the output guardrails,
 * and streams it as soon as it passes: nothing reaches the customer unchecked. The pieces are composed
 * side by side (one model round trip for the whole reply) and checked and sent in order.
 */
export async function respond(run: TurnRun, onText?: OnText): Promise<string> {
  const persona = run.config.agent.persona;
  // Settled, not raw, promises: a later piece failing while an earlier one is awaited is not unhandled.
  const composing = run.segments.map(async (segment): Promise<Composed> => {
    if (segment.voiced) return { ok: true, text: segment.draft, durationMs: 0 };
    const started = performance.now();
    try {
      const text = await run.ctx.models.composeReply({ persona, draft: segment.draft, customerMessage: run.text, kind: segment.kind });
      return { ok: true, text, durationMs: performance.now() - started };
    } catch (error) {
      return { ok: false, error };
    }
  });
  const parts: string[] = [];
  for (const [i, segment] of run.segments.entries()) {
    const composed = await composing[i]!;
    if (!composed.ok) throw composed.error;
    run.trace.record({ type: "compose", name: segment.kind, input: { draft: segment.draft }, output: { text: composed.text }, decision: segment.voiced ? "already in voice" : null, durationMs: composed.durationMs });
    const check = checkOutput(run, composed.text);
    run.trace.record({ type: "guardrail", name: "output", input: { text: composed.text }, output: check.ok ? null : { violations: check.violations }, decision: check.ok ? "pass" : "blocked" });
    const text = check.ok ? composed.text : check.replacement!;
    await onText?.(parts.length ? `\n\n${text}` : text);
    parts.push(text);
  }
  return parts.join("\n\n");
}
