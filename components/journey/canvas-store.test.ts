import { describe, expect, it } from "vitest";
import { overlappingNodes } from "@/lib/journey/layout";
import type { JourneyGraph } from "@/lib/schemas/journey";
import { CanvasStore } from "./canvas-store";

const graph: JourneyGraph = {
  trigger: { description: "Order status", examples: [] },
  nodes: [
    { id: "start", type: "trigger", position: { x: 0, y: 0 } },
    { id: "a", type: "message", text: "A", position: { x: 0, y: 200 } },
    { id: "b", type: "message", text: "B", position: { x: 300, y: 200 } },
    { id: "p", type: "policy_check", policy: "cancel", tool: "cancel_pending_order", args: {}, position: { x: 0, y: 400 } },
    { id: "end", type: "end", outcome: "resolved", position: { x: 0, y: 600 } },
  ],
  edges: [
    { id: "start->a", source: "start", target: "a" },
    { id: "p->end:allow", source: "p", target: "end", label: "allow" },
    { id: "p->a:deny", source: "p", target: "a", label: "deny" },
  ],
};

describe("the canvas store", () => {
  it("moves an edge when a connected way out is drawn to another step, as one undo step", () => {
    const store = new CanvasStore(graph);
    store.connect({ source: "start", target: "b", sourceHandle: "next", targetHandle: "in" });
    expect(store.getState().edges.map((e) => e.id)).toEqual(["p->end:allow", "p->a:deny", "start->b"]);
    store.connect({ source: "p", target: "b", sourceHandle: "allow", targetHandle: "in" });
    expect(store.getState().history.present.edges).toEqual([
      { id: "p->a:deny", source: "p", target: "a", label: "deny" },
      { id: "start->b", source: "start", target: "b" },
      { id: "p->b:allow", source: "p", target: "b", label: "allow" },
    ]);
    store.undo();
    expect(store.getState().edges.map((e) => e.id).sort()).toEqual(["p->a:deny", "p->end:allow", "start->b"]);
  });

  it("places a new step where no other step is", () => {
    const store = new CanvasStore(graph);
    // Aimed at the policy check's position: it lands next to it instead.
    const id = store.addNode("tool_call", { x: 0, y: 400 });
    const added = store.getState().nodes.find((n) => n.id === id)!;
    expect(added.position).not.toEqual({ x: -120, y: 318 });
    expect(overlappingNodes(store.getState().history.present)).toEqual([]);
    // Again and again at the same point: each lands in its own free spot.
    for (const type of ["message", "collect", "policy_check", "end"] as const) store.addNode(type, { x: 0, y: 400 });
    expect(store.getState().nodes).toHaveLength(graph.nodes.length + 5);
    expect(overlappingNodes(store.getState().history.present)).toEqual([]);
  });
});
