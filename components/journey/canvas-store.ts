"use client";

import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange } from "@xyflow/react";
import { createContext, useContext, useSyncExternalStore } from "react";
import { cloneNodes, flowToGraph, freshId, fromFlowEdge, type JourneyFlowEdge, type JourneyFlowNode, toFlowEdge, toFlowNode, graphToFlow } from "@/lib/journey/flow";
import { labelOfHandle, replacesEdges } from "@/lib/journey/handles";
import { createHistory, type History, pushHistory, redo, replacePresent, undo } from "@/lib/journey/history";
import { estimateNodeSize, freeSpot, layoutJourney, type Size } from "@/lib/journey/layout";
import { newNode } from "@/lib/journey/node-defaults";
import type { JourneyGraph, JourneyNode, JourneyNodeType } from "@/lib/schemas/journey";

// The canvas's one store: React Flow's nodes/edges (with selection and measured sizes) plus an undo
// history of plain journey graphs. `history.present` is the graph autosave sends; it changes only on a
// committed edit (a drag commits when it ends), so saving never runs mid-gesture.

export interface CanvasState {
  nodes: JourneyFlowNode[];
  edges: JourneyFlowEdge[];
  trigger: JourneyGraph["trigger"];
  history: History<JourneyGraph>;
  /** Coalesces typing into one undo step per field (the key of the last edit). */
  lastEdit: string | null;
}

export class CanvasStore {
  private state: CanvasState;
  private listeners = new Set<() => void>();
  private clipboard: JourneyGraph | null = null;
  private commitQueued = false;

  constructor(graph: JourneyGraph) {
    const { nodes, edges } = graphToFlow(graph);
    const present = flowToGraph(graph.trigger, nodes, edges);
    this.state = { nodes: nodes.map(withFlags), edges, trigger: graph.trigger, history: createHistory(present), lastEdit: null };
  }

  getState = () => this.state;
  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<CanvasState>) {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  private currentGraph(): JourneyGraph {
    return flowToGraph(this.state.trigger, this.state.nodes, this.state.edges);
  }

  /** Records the current nodes/edges as an undo step (or folds it into the last one for the same `key`). */
  private commit(key: string | null = null) {
    const graph = this.currentGraph();
    const coalesce = key !== null && key === this.state.lastEdit;
    this.set({ history: coalesce ? replacePresent(this.state.history, graph) : pushHistory(this.state.history, graph), lastEdit: key });
  }

  // React Flow sends a deletion as separate node and edge changes: one commit for both.
  private queueCommit() {
    if (this.commitQueued) return;
    this.commitQueued = true;
    queueMicrotask(() => {
      this.commitQueued = false;
      this.commit();
    });
  }

  onNodesChange = (changes: NodeChange<JourneyFlowNode>[]) => {
    this.set({ nodes: applyNodeChanges(changes, this.state.nodes) });
    if (changes.some((c) => c.type === "remove" || (c.type === "position" && c.dragging === false))) this.queueCommit();
  };

  onEdgesChange = (changes: EdgeChange<JourneyFlowEdge>[]) => {
    this.set({ edges: applyEdgeChanges(changes, this.state.edges) });
    if (changes.some((c) => c.type === "remove")) this.queueCommit();
  };

  /** Draws an edge; one already leaving the same way out is replaced (a way out leads to one step). */
  connect = (c: Connection) => {
    const label = labelOfHandle(c.sourceHandle);
    const edge = toFlowEdge({ id: `${c.source}->${c.target}${label ? `:${label}` : ""}`, source: c.source, target: c.target, ...(label ? { label } : {}) });
    const replaced = new Set(replacesEdges(this.state.edges.map(fromFlowEdge), c).map((e) => e.id));
    this.set({ edges: [...this.state.edges.filter((e) => e.id !== edge.id && !replaced.has(e.id)), edge] });
    this.commit();
  };

  /** Points the source handle at `target` (or disconnects it with null): the inspector's way to connect. */
  setConnection = (source: string, handle: string, target: string | null) => {
    const rest = this.state.edges.filter((e) => !(e.source === source && (e.sourceHandle ?? "next") === handle));
    this.set({ edges: rest });
    if (target) this.connect({ source, target, sourceHandle: handle, targetHandle: "in" });
    else this.commit();
  };

  /** Adds a step centred on `near` (a drop point, the middle of the view), or at the nearest free spot. */
  addNode = (type: JourneyNodeType, near: { x: number; y: number }): string => {
    const id = freshId(type, this.state.nodes.map((n) => n.id));
    const graph = this.currentGraph();
    const boxes = this.state.nodes.map((n) => ({ ...n.position, ...(n.measured?.width && n.measured.height ? { width: n.measured.width, height: n.measured.height } : estimateNodeSize(n.data.node, graph)) }));
    const position = freeSpot(boxes, near, estimateNodeSize(newNode(type, id, near), graph));
    const node = { ...withFlags(toFlowNode(newNode(type, id, position))), selected: true };
    this.set({ nodes: [...this.state.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node] });
    this.commit();
    return id;
  };

  /** Replaces a node's settings; typing in one field of one node is one undo step. */
  updateNode = (id: string, next: JourneyNode, field = "") => {
    this.set({ nodes: this.state.nodes.map((n) => (n.id === id ? { ...n, data: { node: stripPosition(next) } } : n)) });
    this.commit(`${id}:${field}`);
  };

  setTrigger = (trigger: JourneyGraph["trigger"], field = "") => {
    this.set({ trigger });
    this.commit(`trigger:${field}`);
  };

  select = (ids: string[]) => {
    const wanted = new Set(ids);
    this.set({
      nodes: this.state.nodes.map((n) => (Boolean(n.selected) === wanted.has(n.id) ? n : { ...n, selected: wanted.has(n.id) })),
      edges: this.state.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
    });
  };

  deleteSelected = () => {
    const gone = new Set(this.state.nodes.filter((n) => n.selected && n.type !== "trigger").map((n) => n.id));
    const edges = this.state.edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target));
    if (gone.size === 0 && edges.length === this.state.edges.length) return;
    this.set({ nodes: this.state.nodes.filter((n) => !gone.has(n.id)), edges });
    this.commit();
  };

  copy = (): number => {
    const ids = this.state.nodes.filter((n) => n.selected && n.type !== "trigger").map((n) => n.id);
    if (ids.length === 0) return 0;
    const graph = this.currentGraph();
    this.clipboard = { ...graph, nodes: graph.nodes.filter((n) => ids.includes(n.id)), edges: graph.edges.filter((e) => ids.includes(e.source) && ids.includes(e.target)) };
    return ids.length;
  };

  paste = (): number => {
    if (!this.clipboard) return 0;
    const current = this.currentGraph();
    // Ids must be fresh against the canvas, not the clipboard: clone from a graph holding both.
    const merged = { ...current, nodes: [...current.nodes, ...this.clipboard.nodes.filter((n) => !current.nodes.some((c) => c.id === n.id))], edges: [...current.edges, ...this.clipboard.edges] };
    const { nodes, edges } = cloneNodes(merged, this.clipboard.nodes.map((n) => n.id));
    // The next paste lands a step further along.
    this.clipboard = { ...this.clipboard, nodes: this.clipboard.nodes.map((n) => ({ ...n, position: { x: (n.position?.x ?? 0) + 40, y: (n.position?.y ?? 0) + 40 } })) };
    this.set({
      nodes: [...this.state.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...nodes.map((n) => ({ ...withFlags(toFlowNode(n)), selected: true }))],
      edges: [...this.state.edges, ...edges.map(toFlowEdge)],
    });
    this.commit();
    return nodes.length;
  };

  undo = () => this.restore(undo(this.state.history));
  redo = () => this.restore(redo(this.state.history));

  /** Lays the graph out with dagre, using the sizes React Flow measured. */
  autoLayout = () => {
    const sizes: Record<string, Size> = {};
    for (const n of this.state.nodes) if (n.measured?.width && n.measured.height) sizes[n.id] = { width: n.measured.width, height: n.measured.height };
    const laid = layoutJourney(this.currentGraph(), sizes);
    const at = new Map(laid.nodes.map((n) => [n.id, n.position!]));
    this.set({ nodes: this.state.nodes.map((n) => ({ ...n, position: at.get(n.id) ?? n.position })) });
    this.commit();
  };

  /** Loads a graph: `undoable` for an import, otherwise a fresh start (load, reload theirs). */
  replaceGraph = (graph: JourneyGraph, undoable: boolean) => {
    const { nodes, edges } = graphToFlow(graph);
    this.set({ nodes: nodes.map(withFlags), edges, trigger: graph.trigger });
    if (undoable) this.commit();
    else this.set({ history: createHistory(this.currentGraph()), lastEdit: null });
  };

  private restore(history: History<JourneyGraph>) {
    if (history === this.state.history) return;
    const measured = new Map(this.state.nodes.map((n) => [n.id, n]));
    const { nodes, edges } = graphToFlow(history.present);
    this.set({
      history,
      lastEdit: null,
      trigger: history.present.trigger,
      nodes: nodes.map((n) => ({ ...withFlags(n), measured: measured.get(n.id)?.measured, selected: measured.get(n.id)?.selected })),
      edges,
    });
  }
}

const stripPosition = ({ position: _p, ...rest }: JourneyNode) => rest as JourneyNode;
// The trigger is where every conversation enters: it cannot be deleted.
const withFlags = (n: JourneyFlowNode): JourneyFlowNode => (n.type === "trigger" ? { ...n, deletable: false } : n);

export const CanvasStoreContext = createContext<CanvasStore | null>(null);

export function useCanvasStore(): CanvasStore {
  const store = useContext(CanvasStoreContext);
  if (!store) throw new Error("useCanvasStore outside the journey editor");
  return store;
}

/** Subscribes to one slice of the canvas state (the selector must return stored references, not new objects). */
export function useCanvas<T>(selector: (s: CanvasState) => T): T {
  return useStoreSlice(useCanvasStore(), selector);
}

/** The same, for a store held directly (outside the provider). */
export function useStoreSlice<T>(store: CanvasStore, selector: (s: CanvasState) => T): T {
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()), () => selector(store.getState()));
}
