import type { JourneyGraph, JourneyNode } from "@/lib/schemas/journey";
import type { TurnRun } from "../../pipeline/turn-run";
import type { ActiveJourney } from "../../types";
import type { Scope } from "../expressions";

export type NodeResult =
  | { kind: "next"; label?: string }
  | { kind: "wait"; waiting: NonNullable<ActiveJourney["waiting"]> }
  | { kind: "end"; outcome: "resolved" | "unresolved" }
  | { kind: "handoff"; reason: string };

export interface NodeEnv {
  run: TurnRun;
  graph: JourneyGraph;
  active: ActiveJourney;
  scope: Scope;
  /** The journey was waiting at this node when the turn began: this turn's message answers it. */
  resumed: boolean;
  /** Edge labels leaving this node. */
  labels: Set<string>;
}

export type NodeHandler<N extends JourneyNode = JourneyNode> = (node: N, env: NodeEnv) => Promise<NodeResult>;

/** Follows the labelled edge when the builder drew one, else the fallback. */
export const branch = (env: NodeEnv, label: string, fallback: NodeResult): NodeResult => (env.labels.has(label) ? { kind: "next", label } : fallback);
