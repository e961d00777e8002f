import "server-only";
import type { Facts } from "@/lib/schemas/policy";
import type { HttpTool } from "@/lib/schemas/tool";
import { getPath } from "../journey/expressions";
import { flattenFacts } from "../policy/facts";
import type { TurnRun } from "../pipeline/turn-run";
import { argumentNames, runHttpTool, ToolError } from "./http-tool";

/** What a write's fact lookup found: facts for its policy, or why they could not be had (the gate then denies). */
export type LookedUp = { facts: Facts } | { unavailable: string };

/**
 * Runs the read tool a write to the brand's own backend names in `factsFrom`, with the write's
 * arguments that the read tool takes, and turns its answer into facts: `<as>.exists`, every field as
 * `<as>.<field>`, and `<as>.belongs_to_authenticated_user` when it names its customer. A 404 means the
 * thing does not exist; any other failure leaves the facts unavailable, so the write is not allowed.
 */
export async function lookupFacts(run: Pick<TurnRun, "ctx" | "config" | "session" | "trace">, write: HttpTool, args: Record<string, unknown>): Promise<LookedUp | null> {
  const from = write.factsFrom;
  if (!from) return null;
  const read = run.config.tools[from.tool];
  if (read?.kind !== "read") return { unavailable: `${write.name} takes its facts from ${from.tool}, which is not a read tool of this agent` };
  const taken = argumentNames(read);
  const input = Object.fromEntries(Object.entries(args).filter(([k]) => taken.has(k)));
  const started = performance.now();
  const record = (output: unknown, decision: string) => run.trace.record({ type: "tool", name: read.name, input, output, decision, durationMs: performance.now() - started });
  try {
    const answer = await runHttpTool(read, input, run.ctx);
    record(answer, "facts");
    const facts: Facts = { ...flattenFacts(from.as, answer), [`${from.as}.exists`]: true };
    if (from.customerIdPath && run.session.authenticatedUserId) {
      facts[`${from.as}.belongs_to_authenticated_user`] = String(getPath(answer, from.customerIdPath) ?? "") === run.session.authenticatedUserId;
    }
    return { facts };
  } catch (e) {
    if (!(e instanceof ToolError)) throw e;
    record({ error: e.message, status: e.status }, e.status === 404 ? "facts" : "error");
    if (e.status === 404) return { facts: { [`${from.as}.exists`]: false } };
    return { unavailable: `${read.name} failed: ${e.message}` };
  }
}
