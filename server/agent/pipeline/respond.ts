import { checkOutput } from "./output-guardrails";
import type { TurnRun } from "./turn-run";

export type OnText = (chunk: string) => void | Promise<void>;

type Composed = { ok: true; text: string; durationMs: number } | { ok: false; error: unknown };
type Segment = TurnRun["segments"][number];

/**
 * Composes each piece of the reply in the persona's voice, checks it against the output guardrails,
 * and sends it as soon as it passes: nothing reaches the customer unchecked. The pieces are composed
 * side by side (one model round trip for the whole reply) and checked and sent in order. When the
 * caller streams and the model can, a piece goes out sentence by sentence as the model writes it.
 */
export async function respond(run: TurnRun, onText?: OnText): Promise<string> {
  const streamReply = run.ctx.models.streamReply;
  if (onText && streamReply) return respondStreaming(run, onText, streamReply);

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
    recordCompose(run, segment, composed.text, composed.durationMs);
    const check = checkOutput(run, composed.text);
    run.trace.record({ type: "guardrail", name: "output", input: { text: composed.text }, output: check.ok ? null : { violations: check.violations }, decision: check.ok ? "pass" : "blocked" });
    const text = check.ok ? composed.text : check.replacement!;
    await onText?.(parts.length ? `\n\n${text}` : text);
    parts.push(text);
  }
  return parts.join("\n\n");
}

type StreamReply = NonNullable<TurnRun["ctx"]["models"]["streamReply"]>;

/**
 * Every piece's model stream starts at once; they are read in order. Text is held until a sentence
 * ends, that sentence is checked, then sent. A sentence that fails the check is replaced by the
 * guardrail's sentence and the rest of that piece is not generated.
 */
async function respondStreaming(run: TurnRun, onText: OnText, streamReply: StreamReply): Promise<string> {
  const persona = run.config.agent.persona;
  const controllers = run.segments.map(() => new AbortController());
  const streams = run.segments.map((segment, i) =>
    segment.voiced ? null : streamReply({ persona, draft: segment.draft, customerMessage: run.text, kind: segment.kind }, controllers[i]!.signal),
  );
  const started = performance.now();
  const parts: string[] = [];
  try {
    for (const [i, segment] of run.segments.entries()) {
      let sent = "";
      const send = async (text: string) => {
        await onText(parts.length && !sent ? `\n\n${text}` : text);
        sent += text;
      };
      const generated = { text: "" };
      const blocked = await streamChecked(run, streams[i] ?? [segment.draft], generated, send);
      if (blocked) controllers[i]!.abort();
      recordCompose(run, segment, generated.text.trim(), streams[i] ? performance.now() - started : 0);
      run.trace.record({
        type: "guardrail",
        name: "output",
        input: { text: generated.text.trim() },
        output: blocked ? { violations: blocked } : null,
        decision: blocked ? "blocked" : "pass",
      });
      parts.push(sent);
    }
  } finally {
    for (const controller of controllers) controller.abort();
  }
  return parts.join("\n\n");
}

// After a sentence's closing punctuation, or before a line break: the space that follows goes with the next one.
const SENTENCE_END = /[.!?…]["')\]]*(?=\s)|(?=\n)/g;

/**
 * Reads one piece's text, sending each complete sentence once it passes the output check (leading and
 * trailing space trimmed, the space between sentences kept). Returns the violations that stopped it.
 */
async function streamChecked(run: TurnRun, pieces: AsyncIterable<string> | string[], generated: { text: string }, send: (text: string) => Promise<void>): Promise<string[] | null> {
  let pending = "";
  let first = true;
  const release = async (text: string): Promise<string[] | null> => {
    const out = first ? text.trimStart() : text;
    if (!out.trim()) return null;
    const check = checkOutput(run, out);
    if (!check.ok) {
      await send(`${first ? "" : " "}${check.replacement!}`);
      return check.violations;
    }
    await send(out);
    first = false;
    return null;
  };
  for await (const piece of pieces) {
    generated.text += piece;
    pending += piece;
    let end = -1;
    for (const m of pending.matchAll(SENTENCE_END)) end = m.index + m[0].length;
    if (end < 0) continue;
    const blocked = await release(pending.slice(0, end));
    if (blocked) return blocked;
    pending = pending.slice(end);
  }
  return release(pending.trimEnd());
}

function recordCompose(run: TurnRun, segment: Segment, text: string, durationMs: number) {
  run.trace.record({ type: "compose", name: segment.kind, input: { draft: segment.draft }, output: { text }, decision: segment.voiced ? "already in voice" : null, durationMs });
}
