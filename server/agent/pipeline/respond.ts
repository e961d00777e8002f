import { checkOutput } from "./output-guardrails";
import type { TurnRun } from "./turn-run";

export type OnText = (chunk: string) => void | Promise<void>;

/**
 * Composes each piece of the reply in the persona's voice, checks it against the output guardrails,
 * and streams it as soon as it passes: nothing reaches the customer unchecked.
 */
export async function respond(run: TurnRun, onText?: OnText): Promise<string> {
  const parts: string[] = [];
  for (const segment of run.segments) {
    const composed = await run.trace.step(
      "compose",
      segment.kind,
      { draft: segment.draft },
      () => run.ctx.models.composeReply({ persona: run.config.agent.persona, draft: segment.draft, customerMessage: run.text, kind: segment.kind }),
      (text) => ({ output: { text } }),
    );
    const check = checkOutput(run, composed);
    run.trace.record({ type: "guardrail", name: "output", input: { text: composed }, output: check.ok ? null : { violations: check.violations }, decision: check.ok ? "pass" : "blocked" });
    const text = check.ok ? composed : check.replacement!;
    await onText?.(parts.length ? `\n\n${text}` : text);
    parts.push(text);
  }
  return parts.join("\n\n");
}
