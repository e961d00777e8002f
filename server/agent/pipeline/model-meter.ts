import type { Models } from "../models/types";

/**
 * Counts a turn's model round trips and how long the turn waited on them. Calls in flight together
 * are one round and their wait counts once: the figure is what the customer waited, not the bill.
 */
export class ModelMeter {
  calls = 0;
  rounds = 0;
  waitMs = 0;
  private inFlight = 0;
  private since = 0;

  async track<T>(fn: () => Promise<T>, calls: (result: T) => number = () => 1): Promise<T> {
    this.begin();
    let made = 1;
    try {
      const result = await fn();
      made = calls(result);
      return result;
    } finally {
      this.end(made);
    }
  }

  /** A streamed call: in flight from its start until it is read to the end (or stopped). */
  trackStream(stream: AsyncIterable<string>): AsyncIterable<string> {
    this.begin();
    const end = () => this.end(1);
    return (async function* () {
      try {
        yield* stream;
      } finally {
        end();
      }
    })();
  }

  private begin() {
    if (this.inFlight++ === 0) {
      this.rounds += 1;
      this.since = performance.now();
    }
  }

  private end(calls: number) {
    this.calls += calls;
    if (--this.inFlight === 0) this.waitMs += performance.now() - this.since;
  }

  /** The same models, metered. Local models make no round trips and come back as they are. */
  wrap(models: Models): Models {
    if (models.kind === "local") return models;
    const metered =
      <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
      (...args: A) =>
        this.track(() => fn(...args));
    return {
      kind: models.kind,
      understand: metered(models.understand),
      classifyIntent: metered(models.classifyIntent),
      extractSlots: metered(models.extractSlots),
      // Local on every path (models/llm/index.ts): no round trip to count.
      detectSentiment: models.detectSentiment,
      composeReply: metered(models.composeReply),
      ...(models.streamReply && { streamReply: (input, signal) => this.trackStream(models.streamReply!(input, signal)) }),
      answerFromKnowledge: metered(models.answerFromKnowledge),
      summarizeForHandoff: metered(models.summarizeForHandoff),
      judge: metered(models.judge),
      embed: metered(models.embed),
    };
  }

  /** The turn's figures, for its trace; nothing when the turn made no model call. */
  record(trace: { record: (event: { type: "llm"; name: string; output: unknown; durationMs: number }) => void }): void {
    if (this.calls === 0) return;
    const waitMs = Math.round(this.waitMs * 10) / 10;
    trace.record({ type: "llm", name: "model calls", output: { calls: this.calls, rounds: this.rounds, waitMs }, durationMs: waitMs });
  }
}
