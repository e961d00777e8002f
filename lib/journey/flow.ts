import type { Edge, Node } from "@xyflow/react";
import type { JourneyEdge, JourneyGraph, JourneyNode, JourneyNodeType } from "@/lib/schemas/journey";
import { handleOfEdge, labelOfHandle, TARGET_HANDLE } from "./handles";
import { isPositioned, layoutJourney } from "./layout";

// Graph ↔ React Flow. The journey node (without its position) rides in `data.node`; the edge label is
// the source handle's id, so what the canvas draws is exactly what the runtime follows.

export type JourneyFlowNode = Node<{ node: JourneyNode }, JourneyNodeType>;
export type JourneyFlowEdge = Edge<{ label?: string }>;

export function toFlowNode(node: JourneyNode): JourneyFlowNode {
  const { position, ...rest } = node;
  return { id: node.id, type: node.type, position: position ?? { x: 0, y: 0 }, data: { node: rest as JourneyNode } };
}

export function toFlowEdge(edge: JourneyEdge): JourneyFlowEdge {
  return {
    id: edge.id,
    source: edge.source,
    target: edge.target,
    sourceHandle: handleOfEdge(edge),
    targetHandle: TARGET_HANDLE,
    label: edge.label,
    data: { label: edge.label },
    domAttributes: { "data-testid": `edge-${edge.id}` } as JourneyFlowEdge["domAttributes"],
  };
}

/** A graph for the canvas: laid out with dagre when any node has no position (seeds, imports). */
export function graphToFlow(graph: JourneyGraph): { nodes: JourneyFlowNode[]; edges: JourneyFlowEdge[] } {
  const placed = isPositioned(graph) ? graph : layoutJourney(graph);
  return { nodes: placed.nodes.map(toFlowNode), edges: placed.edges.map(toFlowEdge) };
}

export function fromFlowNode(n: Pick<JourneyFlowNode, "data" | "position">): JourneyNode {
  return { ...n.data.node, position: { x: Math.round(n.position.x), y: Math.round(n.position.y) } };
}

export function fromFlowEdge(e: Pick<JourneyFlowEdge, "id" | "source" | "target" | "sourceHandle">): JourneyEdge {
  const label = labelOfHandle(e.sourceHandle);
  return { id: e.id, source: e.source, target: e.target, ...(label ? { label } : {}) };
}

export function flowToGraph(trigger: JourneyGraph["trigger"], nodes: readonly JourneyFlowNode[], edges: readonly JourneyFlowEdge[]): JourneyGraph {
  return { trigger, nodes: nodes.map(fromFlowNode), edges: edges.map(fromFlowEdge) };
}

/** An id not used by any node yet: `collect_3`. */
export function freshId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let i = 1; ; i++) if (!used.has(`${prefix}_${i}`)) return `${prefix}_${i}`;
}

/**
 * Copies nodes (and the edges between them) with new ids, shifted by `offset`, for paste and duplicate.
 * Edges to nodes outside the selection are dropped: a pasted step starts unconnected.
 */
export function cloneNodes(graph: JourneyGraph, ids: readonly string[], offset = { x: 40, y: 40 }): { nodes: JourneyNode[]; edges: JourneyEdge[] } {
  const picked = graph.nodes.filter((n) => ids.includes(n.id) && n.type !== "trigger");
  const taken = new Set(graph.nodes.map((n) => n.id));
  const rename = new Map<string, string>();
  for (const n of picked) {
    const id = freshId(n.type, taken);
    taken.add(id);
    rename.set(n.id, id);
  }
  const nodes = picked.map((n) => ({ ...structuredClone(n), id: rename.get(n.id)!, position: { x: (n.position?.x ?? 0) + offset.x, y: (n.position?.y ?? 0) + offset.y } }));
  const edges = graph.edges
    .filter((e) => rename.has(e.source) && rename.has(e.target))
    .map((e) => ({ ...e, id: `${rename.get(e.source)}->${rename.get(e.target)}${e.label ? `:${e.label}` : ""}`, source: rename.get(e.source)!, target: rename.get(e.target)! }));
  return { nodes, edges };
}
