import dagre from "@dagrejs/dagre";
import type { JourneyGraph, JourneyNode } from "@/lib/schemas/journey";
import { sourceHandles } from "./handles";

export const NODE_WIDTH = 240;
const BASE_HEIGHT = 76;
const HANDLE_ROW = 22;

export interface Size {
  width: number;
  height: number;
}

/** The size the canvas renders a node at (the node component uses it as its minimum), for layout. */
export function estimateNodeSize(node: JourneyNode, graph: Pick<JourneyGraph, "edges">): Size {
  const labelled = sourceHandles(node, graph.edges).filter((h) => h !== "next").length;
  return { width: NODE_WIDTH, height: BASE_HEIGHT + labelled * HANDLE_ROW };
}

/**
 * Top-to-bottom layered layout with dagre. `sizes` are the measured sizes when the canvas has them; the
 * estimate otherwise. Returns a new graph with every node positioned (top-left corner, as React Flow).
 */
export function layoutJourney(graph: JourneyGraph, sizes: Record<string, Size | undefined> = {}): JourneyGraph {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "TB", nodesep: 48, ranksep: 72, edgesep: 24, marginx: 24, marginy: 24 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(graph.nodes.map((n) => n.id));
  const sizeOf = new Map(graph.nodes.map((n) => [n.id, sizes[n.id] ?? estimateNodeSize(n, graph)]));
  for (const n of graph.nodes) g.setNode(n.id, { ...sizeOf.get(n.id)! });
  for (const e of graph.edges) if (ids.has(e.source) && ids.has(e.target)) g.setEdge(e.source, e.target, {}, e.id);
  dagre.layout(g);
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      const { x, y } = g.node(n.id);
      const { width, height } = sizeOf.get(n.id)!;
      return { ...n, position: { x: Math.round(x - width / 2), y: Math.round(y - height / 2) } };
    }),
  };
}

/** Whether every node has a position (a graph written in code or imported may have none). */
export const isPositioned = (graph: JourneyGraph) => graph.nodes.every((n) => n.position);

/** Pairs of nodes whose boxes intersect. */
export function overlappingNodes(graph: JourneyGraph, sizes: Record<string, Size | undefined> = {}): [string, string][] {
  const boxes = graph.nodes.map((n) => ({ id: n.id, ...(n.position ?? { x: 0, y: 0 }), ...(sizes[n.id] ?? estimateNodeSize(n, graph)) }));
  const pairs: [string, string][] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) pairs.push([a.id, b.id]);
    }
  }
  return pairs;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Where a new node of `size` goes: the free spot nearest `near` (the point its centre should be at),
 * keeping `gap` from every box, searched ring by ring on a grid so it never lands on another node.
 */
export function freeSpot(boxes: Box[], near: { x: number; y: number }, size: Size, gap = 24): { x: number; y: number } {
  const step = 24;
  const origin = { x: Math.round(near.x - size.width / 2), y: Math.round(near.y - size.height / 2) };
  const free = (x: number, y: number) =>
    boxes.every((b) => x >= b.x + b.width + gap || b.x >= x + size.width + gap || y >= b.y + b.height + gap || b.y >= y + size.height + gap);
  for (let ring = 0; ring <= 400; ring++) {
    const cells: [number, number][] = [];
    for (let i = -ring; i <= ring; i++) {
      for (let j = -ring; j <= ring; j++) if (Math.max(Math.abs(i), Math.abs(j)) === ring) cells.push([i, j]);
    }
    cells.sort((a, b) => a[0] ** 2 + a[1] ** 2 - (b[0] ** 2 + b[1] ** 2));
    for (const [i, j] of cells) {
      const x = origin.x + i * step;
      const y = origin.y + j * step;
      if (free(x, y)) return { x, y };
    }
  }
  return origin;
}
