import "server-only";
import type { FactObject, Facts } from "@/lib/schemas/policy";
import type { HttpTool, Lookup } from "@/lib/schemas/tool";
import { getPath } from "../journey/expressions";
import { addFact, computeFact, expressionContext } from "@/lib/policy/expression";
import { invalid } from "@/server/errors";
import { factObject, flattenFacts, requestFacts } from "../policy/facts";
import type { AgentConfig } from "../config/agent-config";
import type { Tracer } from "../pipeline/trace";
import type { Session } from "../policy/facts";
import { argumentNames, type HttpToolEnv, runHttpTool, ToolError } from "./http-tool";

/** What a write's fact lookups found: facts for its policy, or why they could not be had (the gate then denies). */
export type LookedUp = { facts: Facts } | { unavailable: string };

/** A lookup per item runs at most this many calls: a longer list denies rather than floods the backend. */
export const MAX_LOOKUP_ITEMS = 50;

type Run = { ctx: HttpToolEnv; config: Pick<AgentConfig, "tools">; session: Pick<Session, "authenticatedUserId">; trace: Pick<Tracer, "record">; /** The gate's clock, for the write's computed facts. */ now?: Date };

/**
 * Answers to give lookups instead of calling their read tools, by the lookup's name: one answer (null:
 * not found), or for a lookup per item one per item, in order. A case's recorded backend.
 */
export type RecordedAnswers = Record<string, unknown>;

/** What paths read: the request and each earlier lookup's answer, keys in snake_case as facts name them. */
type Sources = Record<string, unknown>;

class Unavailable extends Error {}

/**
 * Runs the read tools a write to the brand's own backend names in `factsFrom`, in order, and turns their
 * answers into facts for its policy. A lookup's arguments are the write's arguments of the same name,
 * or what its `args` map them to: `request.<argument>`, an earlier lookup's `<as>.<field>`, or `item`
 * for a lookup per item. One answer gives `<as>.exists`, each field as `<as>.<field>` and
 * `<as>.belongs_to_authenticated_user` when it names its customer; a lookup per item gives `<as>`, the
 * list of answers (each with `exists`). A 404 means the thing does not exist (and a lookup by one of its
 * fields finds nothing either); any other failure, or a source with no value, leaves the facts
 * unavailable, so the write is not allowed.
 */
export async function lookupFacts(run: Run, write: HttpTool, args: Record<string, unknown>, recorded?: RecordedAnswers): Promise<LookedUp | null> {
  if (!write.factsFrom?.length && !write.facts?.length) return null;
  const sources: Sources = { request: factObject(args, 0) };
  const facts: Facts = {};
  try {
    for (const lookup of write.factsFrom ?? []) {
      const read = run.config.tools[lookup.tool];
      if (read?.kind !== "read") throw new Unavailable(`${write.name} takes its facts from ${lookup.tool}, which is not a read tool of this agent`);
      const notFound = sourceNotFound(lookup, sources);
      if (notFound) {
        // What it would look up by was not found: so is what it looks up (the policy reads <as>.exists).
        run.trace.record({ type: "tool", name: read.name, input: {}, output: { skipped: `${notFound} was not found` }, decision: "skipped" });
        sources[lookup.as] = lookup.forEach === undefined ? { exists: false } : [];
        if (lookup.forEach === undefined) facts[`${lookup.as}.exists`] = false;
        else facts[lookup.as] = [];
        continue;
      }
      if (lookup.forEach === undefined) {
        const answer = await lookupOnce(run, read, lookupInput(read, lookup, args, sources), recordedAnswer(recorded, lookup));
        sources[lookup.as] = answer === null ? { exists: false } : factObject(asObject(answer), 0);
        Object.assign(facts, answer === null ? { [`${lookup.as}.exists`]: false } : { ...flattenFacts(lookup.as, answer, read.responseSchema), [`${lookup.as}.exists`]: true });
        if (answer !== null && lookup.customerIdPath && run.session.authenticatedUserId) facts[`${lookup.as}.belongs_to_authenticated_user`] = belongsToCustomer(run, lookup, answer);
      } else {
        const items = getPath(sources, lookup.forEach);
        if (!Array.isArray(items)) throw new Unavailable(`${lookup.forEach} is not a list, so ${lookup.tool} cannot run for each of its items`);
        if (items.length > MAX_LOOKUP_ITEMS) throw new Unavailable(`${lookup.forEach} has ${items.length} items; a lookup runs for at most ${MAX_LOOKUP_ITEMS}`);
        const answers = await Promise.all(items.map((item, i) => lookupOnce(run, read, lookupInput(read, lookup, args, { ...sources, item }), recordedAnswer(recorded, lookup, i))));
        const list: FactObject[] = answers.map((answer) =>
          answer === null
            ? { exists: false }
            : {
                ...factObject(asObject(answer), 0),
                exists: true,
                ...(lookup.customerIdPath && run.session.authenticatedUserId ? { belongs_to_authenticated_user: belongsToCustomer(run, lookup, answer) } : {}),
              },
        );
        sources[lookup.as] = list;
        facts[lookup.as] = list;
      }
    }
  } catch (e) {
    if (e instanceof Unavailable) return { unavailable: e.message };
    throw e;
  }
  if (write.facts?.length) Object.assign(facts, writeFacts(write, { ...requestFacts(args, run.session), ...facts }, run.now ?? new Date()));
  return { facts };
}

/**
 * The write's own computed facts, in order, over the request, the session and what its lookups found
 * (unknown when a fact they need is; a run-time error fails closed, as in a policy).
 */
function writeFacts(write: HttpTool, given: Facts, now: Date): Facts {
  const out: Facts = {};
  const context = expressionContext(given, now);
  for (const fact of write.facts ?? []) {
    let value;
    try {
      value = computeFact(fact.expr, context);
    } catch (error) {
      throw invalid(`${write.name}'s computed fact ${fact.name}: ${(error as Error).message}`);
    }
    out[fact.name] = value;
    if (value !== undefined) addFact(context, fact.name, value);
  }
  return out;
}

/** The earlier lookup this one takes a value from that found nothing, if any. */
function sourceNotFound(lookup: Lookup, sources: Sources): string | undefined {
  const roots = [...Object.values(lookup.args ?? {}), ...(lookup.forEach ? [lookup.forEach] : [])].map((path) => path.split(".")[0]!);
  return roots.find((root) => root !== "request" && root !== "item" && (sources[root] as { exists?: boolean } | undefined)?.exists === false);
}

/** The read tool's arguments: the write's arguments it takes by name, then the lookup's own sources. */
function lookupInput(read: HttpTool, lookup: Lookup, args: Record<string, unknown>, sources: Sources): Record<string, unknown> {
  const taken = argumentNames(read);
  const input = Object.fromEntries(Object.entries(args).filter(([k]) => taken.has(k)));
  for (const [arg, path] of Object.entries(lookup.args ?? {})) {
    const value = getPath(sources, path);
    if (value === undefined || value === null) throw new Unavailable(`${lookup.tool} needs ${arg}, and ${path} has no value`);
    input[arg] = value;
  }
  const required = Array.isArray(read.args.required) ? (read.args.required as string[]) : [];
  const missing = required.find((arg) => input[arg] === undefined || input[arg] === null);
  if (missing) throw new Unavailable(`${lookup.tool} needs ${missing}, and request.${missing} has no value`);
  return input;
}

const asObject = (answer: unknown): Record<string, unknown> => (answer && typeof answer === "object" && !Array.isArray(answer) ? (answer as Record<string, unknown>) : { value: answer });

const belongsToCustomer = (run: Run, lookup: Lookup, answer: unknown) => String(getPath(answer, lookup.customerIdPath!) ?? "") === run.session.authenticatedUserId;

/** The recorded answer for a lookup (or one item of it), when the caller gave answers for it. */
function recordedAnswer(recorded: RecordedAnswers | undefined, lookup: Lookup, item?: number): { answer: unknown } | undefined {
  if (!recorded || !(lookup.as in recorded)) return undefined;
  const answer = recorded[lookup.as];
  if (item === undefined) return { answer };
  if (!Array.isArray(answer)) throw new Unavailable(`The recorded answers for ${lookup.as} must be a list, one per item`);
  if (item >= answer.length) throw new Unavailable(`The recorded answers for ${lookup.as} have no answer for item ${item + 1}`);
  return { answer: answer[item] };
}

/**
 * One call of a read tool (or its recorded answer), as a tool step of the trace: its answer, null when
 * the thing does not exist (404, or a recorded null).
 */
async function lookupOnce(run: Run, read: HttpTool, input: Record<string, unknown>, recorded?: { answer: unknown }): Promise<unknown> {
  const started = performance.now();
  const record = (output: unknown, decision: string) => run.trace.record({ type: "tool", name: read.name, input, output, decision, durationMs: performance.now() - started });
  if (recorded) {
    record(recorded.answer, "recorded");
    return recorded.answer ?? null;
  }
  try {
    const answer = await runHttpTool(read, input, run.ctx);
    record(answer, "facts");
    return answer;
  } catch (e) {
    if (!(e instanceof ToolError)) throw e;
    record({ error: e.message, status: e.status }, e.status === 404 ? "facts" : "error");
    if (e.status === 404) return null;
    throw new Unavailable(`${read.name} failed: ${e.message}`);
  }
}
