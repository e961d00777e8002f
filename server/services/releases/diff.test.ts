import { describe, expect, it } from "vitest";
import { guardrailsSchema } from "@/lib/schemas/guardrails";
import { journeyGraphSchema } from "@/lib/schemas/journey";
import { policySchema } from "@/lib/schemas/policy";
import { httpToolSchema } from "@/lib/schemas/tool";
import { changedPaths, diffJourneyGraph, diffPolicy, diffSnapshots, stableJson } from "./diff";
import type { ReleaseSnapshot } from "./snapshot";

const graph = journeyGraphSchema.parse({
  trigger: { description: "Order status", examples: ["where is my order"] },
  nodes: [
    { id: "t", type: "trigger", position: { x: 0, y: 0 } },
    { id: "ask", type: "collect", slot: { name: "order_id", type: "order_id", prompt: "Which order?" } },
    { id: "done", type: "end", outcome: "resolved", message: "Bye" },
  ],
  edges: [
    { id: "e1", source: "t", target: "ask" },
    { id: "e2", source: "ask", target: "done" },
  ],
});

const policy = policySchema.parse({
  key: "refunds",
  name: "Refunds",
  version: 1,
  rules: [
    { id: "late", when: { fact: "order.delivered_days_ago", op: "gt", value: 30 }, decision: "deny", reason: "Too late" },
    { id: "ok", when: { fact: "order.status", op: "eq", value: "delivered" }, decision: "allow", reason: "Fine" },
  ],
  defaultDecision: { decision: "deny", reason: "No" },
});

const tool = httpToolSchema.parse({ name: "get_order", description: "Reads an order", method: "GET", url: "{{appUrl}}/orders/{id}", kind: "read" });

function snapshot(): ReleaseSnapshot {
  return structuredClone({
    format: 1,
    agent: { id: "a", name: "Support", persona: { agentName: "Sam", tone: "friendly", greeting: "Hi" }, settings: { storeId: "s" } },
    journeys: [{ id: "j1", name: "Status", graph }],
    policies: { refunds: policy },
    tools: { get_order: tool },
    guardrails: guardrailsSchema.parse({}),
    storeId: "s",
    knowledge: [{ knowledgeBaseId: "kb", documents: [{ id: "d1", title: "FAQ", activeVersion: 1 }] }],
  });
}

describe("changedPaths", () => {
  it("walks objects, compares arrays whole and ignores key order", () => {
    expect(changedPaths({ a: 1, b: { c: 2, d: [1, 2] } }, { b: { d: [1, 2], c: 3 }, a: 1 })).toEqual([{ path: "b.c", before: 2, after: 3 }]);
    expect(changedPaths({ list: [1, 2] }, { list: [2, 1] }).map((c) => c.path)).toEqual(["list"]);
    expect(changedPaths({ a: 1 }, { a: 1, b: 2 })).toEqual([{ path: "b", before: undefined, after: 2 }]);
    expect(stableJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe(stableJson({ a: [{ c: 2, d: 1 }], b: 1 }));
  });
});

describe("diffJourneyGraph", () => {
  it("lists added, removed and changed nodes with the settings that changed; moving a node is not a change", () => {
    const after = structuredClone(graph);
    after.nodes[0]!.position = { x: 500, y: 20 };
    (after.nodes[1] as Extract<(typeof after.nodes)[number], { type: "collect" }>).slot.prompt = "What is the order number?";
    after.nodes = after.nodes.filter((n) => n.id !== "done");
    after.nodes.push({ id: "bye", type: "handoff", reason: "Needs a person" });
    after.edges = [{ id: "e1", source: "t", target: "ask" }, { id: "e3", source: "ask", target: "bye", label: "else" }];
    const d = diffJourneyGraph(graph, after);
    expect(d.nodes).toEqual([
      { nodeId: "done", label: "done", type: "end", kind: "removed", fields: [] },
      { nodeId: "bye", label: "bye", type: "handoff", kind: "added", fields: [] },
      { nodeId: "ask", label: "ask", type: "collect", kind: "changed", fields: ["slot.prompt"] },
    ]);
    expect(d.edges).toEqual([
      { kind: "removed", edge: "ask → done" },
      { kind: "added", edge: "ask → bye (else)" },
    ]);
    expect(d.fields).toEqual([]);
  });
});

describe("diffPolicy", () => {
  it("compares rule by rule and notices a new order", () => {
    const after = structuredClone(policy);
    after.rules.reverse();
    after.rules[0]!.reason = "Delivered orders are fine";
    after.rules.push({ id: "vip", description: "", when: { fact: "customer.tier", op: "eq", value: "gold" }, decision: "allow", reason: "VIP" });
    const d = diffPolicy(policy, after);
    expect(d.rules).toEqual([
      { ruleId: "vip", kind: "added", fields: [] },
      { ruleId: "ok", kind: "changed", fields: ["reason"] },
    ]);
    expect(d.reordered).toBe(true);
    expect(diffPolicy(policy, structuredClone(policy))).toEqual({ fields: [], rules: [], reordered: false });
  });
});

describe("diffSnapshots", () => {
  it("is empty for equal snapshots", () => {
    expect(diffSnapshots(snapshot(), snapshot()).empty).toBe(true);
  });

  it("reports journeys, policies, tools, persona, settings and knowledge", () => {
    const after = snapshot();
    after.journeys[0]!.name = "Order status";
    after.journeys.push({ id: "j2", name: "Returns", graph });
    delete (after.policies as Record<string, unknown>).refunds;
    after.tools.get_order = { ...tool, timeoutMs: 2000 };
    after.agent.persona.greeting = "Hello there";
    after.guardrails.bannedPhrases = ["guarantee"];
    after.agent.settings.tone = "x";
    after.knowledge[0]!.documents = [{ id: "d1", title: "FAQ", activeVersion: 2 }, { id: "d2", title: "Shipping", activeVersion: 1 }];
    const d = diffSnapshots(snapshot(), after);
    expect(d.empty).toBe(false);
    expect(d.journeys.map((j) => [j.id, j.kind, j.fields])).toEqual([
      ["j2", "added", []],
      ["j1", "changed", ["name"]],
    ]);
    expect(d.policies).toEqual([{ key: "refunds", name: "Refunds", kind: "removed", fields: [], rules: [], reordered: false }]);
    expect(d.tools).toEqual([{ name: "get_order", kind: "changed", fields: ["timeoutMs"] }]);
    expect(d.persona).toEqual([{ path: "greeting", before: "Hi", after: "Hello there" }]);
    expect(d.settings.map((s) => s.path)).toEqual(["guardrails.bannedPhrases", "tone"]);
    expect(d.knowledge).toEqual([
      { id: "d2", title: "Shipping", kind: "added", before: null, after: 1 },
      { id: "d1", title: "FAQ", kind: "changed", before: 1, after: 2 },
    ]);
  });
});
