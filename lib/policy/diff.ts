import type { Policy } from "@/lib/schemas/policy";
import { describeRule, describeTable, type FactTypeOf } from "./render";

// What changed between two saved versions of a policy, rule by rule (rules are matched by id), in the
// same plain language as the editor.

export type PolicyChange =
  | { kind: "added"; ruleId: string; after: string }
  | { kind: "removed"; ruleId: string; before: string }
  | { kind: "changed"; ruleId: string; before: string; after: string }
  | { kind: "moved"; ruleId: string; from: number; to: number }
  | { kind: "default"; before: string; after: string }
  | { kind: "name"; before: string; after: string }
  /** A computed fact added (before null), removed (after null) or changed: `name = expression`, or a decision table in words. */
  | { kind: "fact"; name: string; before: string | null; after: string | null };

type Comparable = Pick<Policy, "name" | "facts" | "rules" | "defaultDecision">;

const summary = (r: Policy["rules"][number], typeOf?: FactTypeOf) =>
  `${describeRule(r, typeOf)} — "${r.reason}"${r.conditions?.length ? ` (+ ${r.conditions.join("; ")})` : ""}`;

export function diffPolicy(before: Comparable, after: Comparable, typeOf?: FactTypeOf): PolicyChange[] {
  const changes: PolicyChange[] = [];
  if (before.name !== after.name) changes.push({ kind: "name", before: before.name, after: after.name });
  const facts = (p: Comparable) => new Map((p.facts ?? []).map((f) => [f.name, "table" in f ? describeTable(f.name, f.table, typeOf) : `${f.name} = ${f.expr}`]));
  const [oldFacts, newFacts] = [facts(before), facts(after)];
  for (const name of new Set([...oldFacts.keys(), ...newFacts.keys()])) {
    const [a, b] = [oldFacts.get(name) ?? null, newFacts.get(name) ?? null];
    if (a !== b) changes.push({ kind: "fact", name, before: a, after: b });
  }
  const oldById = new Map(before.rules.map((r, i) => [r.id, { rule: r, index: i }]));
  const newIds = new Set(after.rules.map((r) => r.id));
  for (const r of before.rules) if (!newIds.has(r.id)) changes.push({ kind: "removed", ruleId: r.id, before: summary(r, typeOf) });

  // Positions among the rules both versions have, so adding one rule does not mark every later rule as moved.
  const keptOld = before.rules.filter((r) => newIds.has(r.id)).map((r) => r.id);
  const keptNew = after.rules.filter((r) => oldById.has(r.id)).map((r) => r.id);
  after.rules.forEach((r, i) => {
    const old = oldById.get(r.id);
    if (!old) return void changes.push({ kind: "added", ruleId: r.id, after: summary(r, typeOf) });
    const [a, b] = [summary(old.rule, typeOf), summary(r, typeOf)];
    if (a !== b || (old.rule.description ?? "") !== (r.description ?? "")) changes.push({ kind: "changed", ruleId: r.id, before: a, after: b });
    if (keptOld.indexOf(r.id) !== keptNew.indexOf(r.id)) changes.push({ kind: "moved", ruleId: r.id, from: old.index + 1, to: i + 1 });
  });

  const d = (p: Comparable) => `${p.defaultDecision.decision}: "${p.defaultDecision.reason}"`;
  if (d(before) !== d(after)) changes.push({ kind: "default", before: d(before), after: d(after) });
  return changes;
}
