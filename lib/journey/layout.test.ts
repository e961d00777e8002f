import { describe, expect, it } from "vitest";
import { retailJourneys } from "@/server/agent/demo/retail-journeys";
import type { JourneyGraph, JourneyNode } from "@/lib/schemas/journey";
import { estimateNodeSize, isPositioned, layoutJourney, overlappingNodes } from "./layout";

const strip = (g: JourneyGraph): JourneyGraph => ({ ...g, nodes: g.nodes.map(({ position: _p, ...n }) => n as JourneyNode) });

/** A wide, branching graph: every tenth node is a condition with two ways out. */
function bigGraph(count: number): JourneyGraph {
  const nodes: JourneyNode[] = [{ id: "start", type: "trigger" }];
  const edges: JourneyGraph["edges"] = [];
  for (let i = 1; i < count; i++) {
    nodes.push(i % 10 === 0 ? { id: `n${i}`, type: "condition", branches: [{ label: "a", all: [{ left: "slots.x", op: "exists" }] }] } : { id: `n${i}`, type: "message", text: `Step ${i}` });
    const parent = i < 3 ? "start" : `n${Math.floor(i / 2)}`;
    edges.push({ id: `e${i}`, source: parent, target: `n${i}`, ...(parent.startsWith("n") && Number(parent.slice(1)) % 10 === 0 ? { label: i % 2 ? "a" : "else" } : {}) });
  }
  return { trigger: { description: "big", examples: [] }, nodes, edges };
}

describe("layoutJourney", () => {
  it("positions every node of every demo journey with no two nodes overlapping", () => {
    for (const { name, graph } of retailJourneys()) {
      const laid = layoutJourney(strip(graph));
      expect(isPositioned(laid), name).toBe(true);
      expect(overlappingNodes(laid), name).toEqual([]);
      expect(laid.edges).toEqual(graph.edges);
    }
  });

  it("lays out 300 nodes without overlaps, each rank below its parent", () => {
    const laid = layoutJourney(bigGraph(300));
    expect(overlappingNodes(laid)).toEqual([]);
    const y = new Map(laid.nodes.map((n) => [n.id, n.position!.y]));
    for (const e of laid.edges) expect(y.get(e.target)!, e.id).toBeGreaterThan(y.get(e.source)!);
  });

  it("uses measured sizes when given, so tall nodes still do not overlap", () => {
    const graph = strip(retailJourneys()[1]!.graph);
    const sizes = Object.fromEntries(graph.nodes.map((n) => [n.id, { width: 300, height: 180 }]));
    const laid = layoutJourney(graph, sizes);
    expect(overlappingNodes(laid, sizes)).toEqual([]);
    expect(overlappingNodes(laid)).toEqual([]);
  });

  it("overlappingNodes finds nodes on top of each other (the check itself can fail)", () => {
    const g: JourneyGraph = { trigger: { description: "", examples: [] }, nodes: [{ id: "a", type: "trigger", position: { x: 0, y: 0 } }, { id: "b", type: "end", outcome: "resolved", position: { x: 100, y: 20 } }], edges: [] };
    expect(overlappingNodes(g)).toEqual([["a", "b"]]);
    expect(estimateNodeSize(g.nodes[0]!, g).width).toBeGreaterThan(100);
  });
});
