import type { JourneyEdge, JourneyGraph, JourneyNode } from "@/lib/schemas/journey";
import type { Policy, Rule } from "@/lib/schemas/policy";
import type { ReleaseSnapshot } from "./snapshot";

// What changed between two snapshots (a release, or the draft as a snapshot), for the releases page.
// Pure functions over the snapshot shape: no database, no clock.

export type ChangeKind = "added" | "removed" | "changed";

export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface NodeChange {
  nodeId: string;
  label: string;
  type: string;
  kind: ChangeKind;
  /** Settings that changed (dotted paths), for "changed". Moving a node on the canvas is not a change. */
  fields: string[];
}

export interface JourneyDiff {
  id: string;
  name: string;
  kind: ChangeKind;
  fields: string[];
  nodes: NodeChange[];
  edges: { kind: "added" | "removed"; edge: string }[];
}

export interface RuleChange {
  ruleId: string;
  kind: ChangeKind;
  fields: string[];
}

export interface PolicyDiff {
  key: string;
  name: string;
  kind: ChangeKind;
  fields: string[];
  rules: RuleChange[];
  /** First matching rule wins, so a new order is a behaviour change even with identical rules. */
  reordered: boolean;
}

export interface ToolDiff {
  name: string;
  kind: ChangeKind;
  fields: string[];
}

export interface DocumentChange {
  id: string;
  title: string;
  kind: ChangeKind;
  before: number | null;
  after: number | null;
}

export interface ReleaseDiff {
  journeys: JourneyDiff[];
  policies: PolicyDiff[];
  tools: ToolDiff[];
  persona: FieldChange[];
  settings: FieldChange[];
  knowledge: DocumentChange[];
  empty: boolean;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** Canonical JSON: key order does not make two equal values differ. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

const same = (a: unknown, b: unknown) => stableJson(a) === stableJson(b);

/** Dotted paths where two values differ: objects are walked, arrays and scalars compared whole. */
export function changedPaths(before: unknown, after: unknown, opts: { ignore?: string[]; prefix?: string } = {}): FieldChange[] {
  const prefix = opts.prefix ?? "";
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys
      .filter((k) => !opts.ignore?.includes(prefix + k))
      .flatMap((k) => changedPaths(before[k], after[k], { ignore: opts.ignore, prefix: `${prefix}${k}.` }));
  }
  if (same(before, after)) return [];
  return [{ path: prefix.replace(/\.$/, ""), before, after }];
}

/** Pairs two keyed lists: what only `before` has, only `after` has, and what both have. */
function pair<T>(before: T[], after: T[], key: (x: T) => string) {
  const a = new Map(before.map((x) => [key(x), x]));
  const b = new Map(after.map((x) => [key(x), x]));
  return {
    removed: [...a.values()].filter((x) => !b.has(key(x))),
    added: [...b.values()].filter((x) => !a.has(key(x))),
    both: [...b.values()].filter((x) => a.has(key(x))).map((x) => [a.get(key(x))!, x] as const),
  };
}

const nodeLabel = (n: JourneyNode) => n.label ?? n.id;
const edgeText = (e: JourneyEdge) => `${e.source} → ${e.target}${e.label ? ` (${e.label})` : ""}`;

export function diffJourneyGraph(before: JourneyGraph, after: JourneyGraph): Pick<JourneyDiff, "nodes" | "edges" | "fields"> {
  const nodes = pair(before.nodes, after.nodes, (n) => n.id);
  const nodeChanges: NodeChange[] = [
    ...nodes.removed.map((n) => ({ nodeId: n.id, label: nodeLabel(n), type: n.type, kind: "removed" as const, fields: [] })),
    ...nodes.added.map((n) => ({ nodeId: n.id, label: nodeLabel(n), type: n.type, kind: "added" as const, fields: [] })),
    ...nodes.both.flatMap(([a, b]) => {
      const fields = changedPaths(a, b, { ignore: ["position"] }).map((c) => c.path);
      return fields.length ? [{ nodeId: b.id, label: nodeLabel(b), type: b.type, kind: "changed" as const, fields }] : [];
    }),
  ];
  const edgeKey = (e: JourneyEdge) => `${e.source}|${e.target}|${e.label ?? ""}`;
  const edges = pair(before.edges, after.edges, edgeKey);
  return {
    nodes: nodeChanges,
    edges: [...edges.removed.map((e) => ({ kind: "removed" as const, edge: edgeText(e) })), ...edges.added.map((e) => ({ kind: "added" as const, edge: edgeText(e) }))],
    fields: changedPaths(before.trigger, after.trigger, { prefix: "trigger." }).map((c) => c.path),
  };
}

export function diffJourneys(before: ReleaseSnapshot["journeys"], after: ReleaseSnapshot["journeys"]): JourneyDiff[] {
  const p = pair(before, after, (j) => j.id);
  return [
    ...p.removed.map((j) => ({ id: j.id, name: j.name, kind: "removed" as const, fields: [], nodes: [], edges: [] })),
    ...p.added.map((j) => ({ id: j.id, name: j.name, kind: "added" as const, fields: [], nodes: [], edges: [] })),
    ...p.both.flatMap(([a, b]) => {
      const graph = diffJourneyGraph(a.graph, b.graph);
      const fields = [...(a.name !== b.name ? ["name"] : []), ...graph.fields];
      if (!fields.length && !graph.nodes.length && !graph.edges.length) return [];
      return [{ id: b.id, name: b.name, kind: "changed" as const, ...graph, fields }];
    }),
  ];
}

export function diffPolicy(before: Policy, after: Policy): Pick<PolicyDiff, "fields" | "rules" | "reordered"> {
  const p = pair<Rule>(before.rules, after.rules, (r) => r.id);
  const rules: RuleChange[] = [
    ...p.removed.map((r) => ({ ruleId: r.id, kind: "removed" as const, fields: [] })),
    ...p.added.map((r) => ({ ruleId: r.id, kind: "added" as const, fields: [] })),
    ...p.both.flatMap(([a, b]) => {
      const fields = changedPaths(a, b).map((c) => c.path.split(".")[0]!);
      return fields.length ? [{ ruleId: b.id, kind: "changed" as const, fields: [...new Set(fields)] }] : [];
    }),
  ];
  const common = new Set(p.both.map(([, b]) => b.id));
  const order = (rs: Rule[]) => rs.filter((r) => common.has(r.id)).map((r) => r.id).join(",");
  const fields = changedPaths(before, after, { ignore: ["rules", "version"] }).map((c) => c.path);
  return { fields, rules, reordered: order(before.rules) !== order(after.rules) };
}

export function diffPolicies(before: ReleaseSnapshot["policies"], after: ReleaseSnapshot["policies"]): PolicyDiff[] {
  const p = pair(Object.values(before), Object.values(after), (x) => x.key);
  return [
    ...p.removed.map((x) => ({ key: x.key, name: x.name, kind: "removed" as const, fields: [], rules: [], reordered: false })),
    ...p.added.map((x) => ({ key: x.key, name: x.name, kind: "added" as const, fields: [], rules: [], reordered: false })),
    ...p.both.flatMap(([a, b]) => {
      const d = diffPolicy(a, b);
      return d.fields.length || d.rules.length || d.reordered ? [{ key: b.key, name: b.name, kind: "changed" as const, ...d }] : [];
    }),
  ];
}

export function diffTools(before: ReleaseSnapshot["tools"], after: ReleaseSnapshot["tools"]): ToolDiff[] {
  const p = pair(Object.values(before), Object.values(after), (t) => t.name);
  return [
    ...p.removed.map((t) => ({ name: t.name, kind: "removed" as const, fields: [] })),
    ...p.added.map((t) => ({ name: t.name, kind: "added" as const, fields: [] })),
    ...p.both.flatMap(([a, b]) => {
      const fields = changedPaths(a, b).map((c) => c.path);
      return fields.length ? [{ name: b.name, kind: "changed" as const, fields }] : [];
    }),
  ];
}

export function diffKnowledge(before: ReleaseSnapshot["knowledge"], after: ReleaseSnapshot["knowledge"]): DocumentChange[] {
  const docs = (k: ReleaseSnapshot["knowledge"]) => k.flatMap((kb) => kb.documents);
  const p = pair(docs(before), docs(after), (d) => d.id);
  return [
    ...p.removed.map((d) => ({ id: d.id, title: d.title, kind: "removed" as const, before: d.activeVersion, after: null })),
    ...p.added.map((d) => ({ id: d.id, title: d.title, kind: "added" as const, before: null, after: d.activeVersion })),
    ...p.both.flatMap(([a, b]) => (a.activeVersion !== b.activeVersion ? [{ id: b.id, title: b.title, kind: "changed" as const, before: a.activeVersion, after: b.activeVersion }] : [])),
  ];
}

/** Everything that changed from `before` to `after`. */
export function diffSnapshots(before: ReleaseSnapshot, after: ReleaseSnapshot): ReleaseDiff {
  const d = {
    journeys: diffJourneys(before.journeys, after.journeys),
    policies: diffPolicies(before.policies, after.policies),
    tools: diffTools(before.tools, after.tools),
    persona: changedPaths(before.agent.persona, after.agent.persona),
    // Guardrails live in settings.guardrails; compare them in their parsed form, with the rest of settings.
    settings: [
      ...changedPaths(before.guardrails, after.guardrails, { prefix: "guardrails." }),
      ...changedPaths({ ...before.agent.settings, guardrails: undefined }, { ...after.agent.settings, guardrails: undefined }),
      ...(before.agent.name !== after.agent.name ? [{ path: "name", before: before.agent.name, after: after.agent.name }] : []),
    ],
    knowledge: diffKnowledge(before.knowledge, after.knowledge),
  };
  const empty = Object.values(d).every((list) => list.length === 0);
  return { ...d, empty };
}
