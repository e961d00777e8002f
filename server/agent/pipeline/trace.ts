import type { TraceEvent } from "../types";

/** Collects the turn's trace events; they are persisted with the turn. */
export class Tracer {
  readonly events: TraceEvent[] = [];

  record(event: Omit<TraceEvent, "durationMs"> & { durationMs?: number }): void {
    this.events.push({ ...event, durationMs: event.durationMs ?? 0 });
  }

  /** Times `fn` and records what it returns through `describe`. */
  async step<T>(
    type: TraceEvent["type"],
    name: string,
    input: unknown,
    fn: () => Promise<T>,
    describe: (result: T) => { output?: unknown; decision?: string | null } = (r) => ({ output: r }),
  ): Promise<T> {
    const started = performance.now();
    const result = await fn();
    this.events.push({ type, name, input, decision: null, ...describe(result), durationMs: performance.now() - started });
    return result;
  }
}
