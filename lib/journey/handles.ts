import type { JourneyEdge, JourneyGraph, JourneyNode, JourneyNodeType } from "@/lib/schemas/journey";

// Which ways out each node type has. A handle id is the edge label the runtime follows; the unlabelled
// default path is the handle "next". Shared by the canvas (handles, isValidConnection) and layout.

export const DEFAULT_HANDLE = "next";
export const TARGET_HANDLE = "in";

/** Labelled ways out the runtime understands, per node type (see server/agent/journey/nodes). */
const labelledHandles: Partial<Record<JourneyNodeType, readonly string[]>> = {
  collect: ["failed"],
  tool_call: ["success", "error", "deny", "declined"],
  policy_check: ["allow", "deny", "require_confirmation", "escalate"],
};

const terminal = new Set<JourneyNodeType>(["handoff", "end"]);

export const isTerminal = (type: JourneyNodeType) => terminal.has(type);
export const hasTarget = (type: JourneyNodeType) => type !== "trigger";

/** Source handles of a node: its default path, its typed branches, and any label an edge already uses. */
export function sourceHandles(node: JourneyNode, edges: readonly JourneyEdge[] = []): string[] {
  if (isTerminal(node.type)) return [];
  const handles =
    node.type === "condition" ? [...node.branches.map((b) => b.label), "else"] : [DEFAULT_HANDLE, ...(labelledHandles[node.type] ?? [])];
  for (const e of edges) if (e.source === node.id && e.label && !handles.includes(e.label)) handles.push(e.label);
  return [...new Set(handles)];
}

export const handleOfEdge = (edge: Pick<JourneyEdge, "label">) => edge.label || DEFAULT_HANDLE;
export const labelOfHandle = (handle: string | null | undefined) => (!handle || handle === DEFAULT_HANDLE ? undefined : handle);

export interface ConnectionAttempt {
  source: string;
  target: string;
  sourceHandle?: string | null;
  targetHandle?: string | null;
}

/** Why a connection may not be drawn, or null when it may. */
export function connectionProblem(graph: Pick<JourneyGraph, "nodes" | "edges">, c: ConnectionAttempt): string | null {
  const source = graph.nodes.find((n) => n.id === c.source);
  const target = graph.nodes.find((n) => n.id === c.target);
  if (!source || !target) return "Both ends must be steps of this journey";
  if (source.id === target.id) return "A step cannot lead to itself";
  if (!hasTarget(target.type)) return "Nothing can lead into the trigger";
  if (c.targetHandle && c.targetHandle !== TARGET_HANDLE) return "Connect into a step's input";
  const handle = c.sourceHandle ?? DEFAULT_HANDLE;
  if (!sourceHandles(source, graph.edges).includes(handle)) return `${source.label ?? source.id} has no "${handle}" way out`;
  // A way out leads to one step (the runtime follows the first edge with a label), so drawing from one
  // that is already connected is allowed: it moves the edge (see replacesEdges), it does not add one.
  return null;
}

/** The edges a new connection takes the place of: those leaving the same way out of the same step. */
export function replacesEdges<E extends Pick<JourneyEdge, "source" | "label">>(edges: readonly E[], c: Pick<ConnectionAttempt, "source" | "sourceHandle">): E[] {
  const handle = c.sourceHandle ?? DEFAULT_HANDLE;
  return edges.filter((e) => e.source === c.source && handleOfEdge(e) === handle);
}
