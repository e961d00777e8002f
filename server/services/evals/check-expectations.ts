import type { Expectation, ExpectationResult } from "@/lib/schemas/evals";
import type { Citation, TraceEvent } from "@/server/agent/types";
import { sameValue, type StoreChanges, valueAfter } from "./store-changes";

/** What a case's conversation did, as the expectations read it. */
export interface Observation {
  turns: { customer: string; reply: string; citations: Citation[]; trace: TraceEvent[] }[];
  /** The conversation's status at the end: open | resolved | escalated | abandoned. */
  status: string;
  escalated: boolean;
  /** Why it was handed to a person (the handoff summary's reason), if it was. */
  escalationReason: string | null;
  /** The agent's write tools (a write is a call of one of them that ran). */
  writeTools: ReadonlySet<string>;
  /** The sandbox store's changes (sandbox cases only). */
  store: StoreChanges | null;
  /** The judge's verdicts, by rubric (asked before checking: the judge is async). */
  verdicts: Map<string, { pass: boolean; reasoning: string; undecided?: boolean }>;
}

const events = (o: Observation) => o.turns.flatMap((t) => t.trace);
/** Tool calls that ran (not skipped lookups, not the gate's refusals). */
const ranCalls = (o: Observation, tool?: string) => events(o).filter((e) => e.type === "tool" && (e.decision === "ok" || e.decision === "replayed") && (!tool || e.name === tool));
const show = (v: unknown) => (typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v ?? null));

/** Each expectation checked on its own: pass or fail, with what was expected and what the run got. */
export function checkExpectations(expectations: Expectation[], o: Observation): ExpectationResult[] {
  return expectations.map((e) => ({ kind: e.kind, ...check(e, o) }));
}

function check(e: Expectation, o: Observation): Omit<ExpectationResult, "kind"> {
  switch (e.kind) {
    case "journey": {
      const reached = [...new Set(events(o).filter((x) => x.type === "route" && (x.output as { journeyId?: string } | undefined)?.journeyId).map((x) => x.name))];
      return { passed: reached.some((j) => j.toLowerCase() === e.journey.toLowerCase()), expected: `journey "${e.journey}" reached`, got: reached.length ? `reached ${reached.map((j) => `"${j}"`).join(", ")}` : "no journey" };
    }
    case "tool_called": {
      const calls = ranCalls(o, e.tool);
      const matching = calls.filter((c) => !e.args || argsMatch(e.args, (c.input ?? {}) as Record<string, unknown>, e.match));
      const expected = e.args ? `${e.tool} called with ${show(e.args)} (${e.match})` : `${e.tool} called`;
      return { passed: matching.length > 0, expected, got: calls.length ? calls.map((c) => `${e.tool}(${show(c.input)})`).join("; ") : `${e.tool} not called` };
    }
    case "tool_not_called": {
      const calls = ranCalls(o, e.tool);
      return { passed: calls.length === 0, expected: `${e.tool} not called`, got: calls.length ? `called ${calls.length}× (${show(calls[0]!.input)})` : "not called" };
    }
    case "decision": {
      const decisions = events(o).filter((x) => x.type === "policy" && (x.input as { tool?: string } | undefined)?.tool === e.tool);
      const ruleOf = (x: TraceEvent) => (x.output as { ruleId?: string } | undefined)?.ruleId ?? null;
      const passed = decisions.some((x) => x.decision === e.decision && (!e.rule || ruleOf(x) === e.rule));
      return {
        passed,
        expected: `the gate decides ${e.decision} on ${e.tool}${e.rule ? ` by rule ${e.rule}` : ""}`,
        got: decisions.length ? decisions.map((x) => `${x.decision} (rule ${ruleOf(x)})`).join("; ") : `the gate was not asked about ${e.tool}`,
      };
    }
    case "writes": {
      const writes = events(o).filter((x) => x.type === "tool" && x.decision === "ok" && o.writeTools.has(x.name));
      return { passed: writes.length === e.count, expected: `${e.count} write${e.count === 1 ? "" : "s"}`, got: `${writes.length} (${writes.map((w) => w.name).join(", ") || "none"})` };
    }
    case "reply_contains":
    case "reply_not_contains":
    case "reply_matches": {
      const replies = e.turn ? [o.turns[e.turn - 1]?.reply ?? ""] : o.turns.map((t) => t.reply);
      const where = e.turn ? `reply ${e.turn}` : "a reply";
      if (e.kind === "reply_matches") {
        const pattern = new RegExp(e.pattern, "i");
        return { passed: replies.some((r) => pattern.test(r)), expected: `${where} matches /${e.pattern}/i`, got: quoteReplies(replies) };
      }
      const has = replies.some((r) => r.toLowerCase().includes(e.text.toLowerCase()));
      const wanted = e.kind === "reply_contains";
      return { passed: has === wanted, expected: `${wanted ? `${where} contains` : `no ${e.turn ? `reply ${e.turn}` : "reply"} contains`} "${e.text}"`, got: quoteReplies(replies) };
    }
    case "citation": {
      const cited = [...new Set(o.turns.flatMap((t) => t.citations.map((c) => c.documentTitle)))];
      const passed = e.document ? cited.some((d) => d.toLowerCase() === e.document!.toLowerCase()) : cited.length > 0;
      return { passed, expected: e.document ? `cites "${e.document}"` : "cites a document", got: cited.length ? `cites ${cited.map((d) => `"${d}"`).join(", ")}` : "no citation" };
    }
    case "escalated": {
      const reasonOk = !e.reason || (o.escalationReason ?? "").toLowerCase().includes(e.reason.toLowerCase());
      return {
        passed: o.escalated === e.value && (!e.value || reasonOk),
        expected: e.value ? `escalated${e.reason ? ` because of "${e.reason}"` : ""}` : "not escalated",
        got: o.escalated ? `escalated${o.escalationReason ? ` (${o.escalationReason})` : ""}` : "not escalated",
      };
    }
    case "outcome":
      return { passed: o.status === e.status, expected: `ends ${e.status}`, got: `ends ${o.status}` };
    case "end_state":
      return checkEndState(e, o.store);
    case "judge": {
      const v = o.verdicts.get(e.rubric);
      if (!v) return { passed: false, expected: `the judge passes: ${e.rubric}`, got: "not judged" };
      if (v.undecided) return { passed: false, expected: `the judge passes: ${e.rubric}`, got: `the judge could not grade this rubric: ${v.reasoning}` };
      return { passed: v.pass, expected: `the judge passes: ${e.rubric}`, got: `${v.pass ? "pass" : "fail"}: ${v.reasoning}` };
    }
  }
}

function quoteReplies(replies: string[]): string {
  const text = replies.map((r) => `"${r}"`).join(" / ");
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}

/** exact: equal JSON; subset: the expected keys (recursively) equal; pattern: each expected string is a regex the value's text matches. */
export function argsMatch(expected: Record<string, unknown>, got: Record<string, unknown>, match: "exact" | "subset" | "pattern"): boolean {
  if (match === "exact") return sameValue(expected, got);
  return Object.entries(expected).every(([key, want]) => {
    const have = got[key];
    if (match === "pattern" && typeof want === "string") return new RegExp(want, "i").test(typeof have === "string" ? have : JSON.stringify(have ?? null));
    if (isObject(want) && isObject(have)) return argsMatch(want, have, match);
    return sameValue(want, have);
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function checkEndState(e: Extract<Expectation, { kind: "end_state" }>, store: StoreChanges | null): Omit<ExpectationResult, "kind"> {
  const expected = e.changes.length ? `${e.changes.length} change${e.changes.length === 1 ? "" : "s"}${e.exact ? ", nothing else" : ""}: ${e.changes.map((c) => `${c.path} = ${show(c.value)}`).join("; ")}` : "the store unchanged";
  if (!store) return { passed: false, expected, got: "no sandbox store to read" };
  const problems: string[] = [];
  for (const c of e.changes) {
    const after = valueAfter(store, c.path);
    if (!sameValue(after ?? null, c.value ?? null)) problems.push(`${c.path} is ${show(after)}`);
  }
  if (e.exact) {
    const covered = (leaf: string) => e.changes.some((c) => leaf === c.path || leaf.startsWith(`${c.path}/`));
    for (const [leaf, value] of store.leaves) if (!covered(leaf)) problems.push(`${leaf} also changed to ${show(value)}`);
  }
  const got = problems.length ? problems.slice(0, 10).join("; ") + (problems.length > 10 ? ` (and ${problems.length - 10} more)` : "") : "as expected";
  return { passed: problems.length === 0, expected, got };
}
