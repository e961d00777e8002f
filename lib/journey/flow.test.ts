import { describe, expect, it } from "vitest";
import { retailJourneys } from "@/server/agent/demo/retail-journeys";
import type { JourneyGraph } from "@/lib/schemas/journey";
import { cloneNodes, flowToGraph, graphToFlow } from "./flow";
import { connectionProblem, replacesEdges, sourceHandles } from "./handles";

describe("graph ↔ React Flow", () => {
  it("round-trips every demo journey exactly (laid out once, then stable)", () => {
    for (const { name, graph } of retailJourneys()) {
      const first = graphToFlow(graph);
      const laid = flowToGraph(graph.trigger, first.nodes, first.edges);
      expect(laid.nodes.every((n) => n.position), name).toBe(true);
      expect({ ...laid, nodes: laid.nodes.map(({ position: _p, ...n }) => n) }, name).toEqual(graph);
      const again = graphToFlow(laid);
      expect(flowToGraph(laid.trigger, again.nodes, again.edges), name).toEqual(laid);
    }
  });

  it("puts each edge on the source handle named by its label", () => {
    const { edges } = graphToFlow(retailJourneys()[1]!.graph);
    const byId = new Map(edges.map((e) => [e.id, e]));
    expect(byId.get("auth_check->auth_profile:yes")?.sourceHandle).toBe("yes");
    expect(byId.get("auth_profile->order_id")?.sourceHandle).toBe("next");
  });

  it("copies nodes with fresh ids and keeps only the edges between them", () => {
    const graph = retailJourneys()[1]!.graph;
    const { nodes, edges } = cloneNodes(graph, ["order_id", "order_load", "start"]);
    expect(nodes.map((n) => n.type)).toEqual(["collect", "tool_call"]);
    expect(nodes.every((n) => !graph.nodes.some((g) => g.id === n.id))).toBe(true);
    expect(edges).toEqual([{ id: `${nodes[0]!.id}->${nodes[1]!.id}`, source: nodes[0]!.id, target: nodes[1]!.id }]);
  });
});

describe("connections", () => {
  const graph: JourneyGraph = {
    trigger: { description: "", examples: [] },
    nodes: [
      { id: "t", type: "trigger" },
      { id: "p", type: "policy_check", policy: "cancel", tool: "cancel_pending_order", args: {} },
      { id: "end", type: "end", outcome: "resolved" },
      { id: "h", type: "handoff", reason: "x" },
    ],
    edges: [{ id: "e1", source: "p", target: "end", label: "allow" }],
  };

  it("offers the policy decisions as ways out of a policy check, none out of an end", () => {
    expect(sourceHandles(graph.nodes[1]!)).toEqual(["next", "allow", "deny", "require_confirmation", "escalate"]);
    expect(sourceHandles(graph.nodes[2]!)).toEqual([]);
  });

  it("allows only valid connections", () => {
    expect(connectionProblem(graph, { source: "p", target: "h", sourceHandle: "deny", targetHandle: "in" })).toBeNull();
    // A way out that is already connected may be drawn again: the new edge replaces the old one.
    expect(connectionProblem(graph, { source: "p", target: "h", sourceHandle: "allow" })).toBeNull();
    expect(replacesEdges(graph.edges, { source: "p", sourceHandle: "allow" }).map((e) => e.id)).toEqual(["e1"]);
    expect(replacesEdges(graph.edges, { source: "p", sourceHandle: "deny" })).toEqual([]);
    expect(connectionProblem(graph, { source: "p", target: "t", sourceHandle: "deny" })).toMatch(/trigger/);
    expect(connectionProblem(graph, { source: "end", target: "h", sourceHandle: "next" })).toMatch(/no "next" way out/);
    expect(connectionProblem(graph, { source: "p", target: "p", sourceHandle: "deny" })).toMatch(/itself/);
    expect(connectionProblem(graph, { source: "t", target: "h", sourceHandle: "success" })).toMatch(/no "success"/);
  });
});
