import type { JourneyEdge, JourneyGraph, JourneyNode } from "@/lib/schemas/journey";

type NodeInput = JourneyNode extends infer N ? (N extends JourneyNode ? Omit<N, "position"> : never) : never;

/** A tiny DSL for writing journey graphs in code (the demo seed); the canvas edits the same JSON. */
export class JourneyBuilder {
  private nodes: JourneyNode[] = [];
  private edges: JourneyEdge[] = [];

  constructor(private trigger: JourneyGraph["trigger"]) {
    this.add({ id: "start", type: "trigger", label: "Start" });
  }

  add(node: NodeInput): this {
    // No position: the canvas lays out unpositioned graphs with dagre when it opens them.
    this.nodes.push(node as JourneyNode);
    return this;
  }

  link(source: string, target: string, label?: string): this {
    this.edges.push({ id: `${source}->${target}${label ? `:${label}` : ""}`, source, target, ...(label ? { label } : {}) });
    return this;
  }

  /** Links a straight path of nodes. */
  chain(...ids: string[]): this {
    ids.slice(1).forEach((id, i) => this.link(ids[i]!, id));
    return this;
  }

  build(): JourneyGraph {
    return { trigger: this.trigger, nodes: this.nodes, edges: this.edges };
  }
}
