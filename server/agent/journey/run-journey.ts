import type { JourneyGraph, JourneyNode } from "@/lib/schemas/journey";
import { runAiStep } from "../llm/ai-step";
import type { TurnRun } from "../pipeline/turn-run";
import type { ActiveJourney } from "../types";
import { getPath, type Scope } from "./expressions";
import { describeOptions, describeValue } from "./slots";
import { runCollect } from "./nodes/collect";
import type { NodeHandler, NodeResult } from "./nodes/node-result";
import { runPolicyCheck } from "./nodes/policy-check";
import { runCondition, runEnd, runHandoff, runKnowledgeAnswer, runMessage } from "./nodes/simple-nodes";
import { runToolCall } from "./nodes/tool-call";

const handlers: { [T in JourneyNode["type"]]: NodeHandler<Extract<JourneyNode, { type: T }>> } = {
  trigger: async () => ({ kind: "next" }),
  message: runMessage,
  collect: runCollect,
  tool_call: runToolCall,
  policy_check: runPolicyCheck,
  condition: runCondition,
  knowledge_answer: runKnowledgeAnswer,
  ai_step: runAiStep,
  handoff: runHandoff,
  end: runEnd,
};

// A graph with a loop that never waits for the customer must not spin forever.
const MAX_STEPS = 100;

export function journeyScope(run: TurnRun, active: ActiveJourney, graph?: JourneyGraph): Scope {
  const scope: Scope = {
    slots: active.slots,
    result: active.results,
    session: { authenticatedUserId: run.session.authenticatedUserId, customer: run.session.customer },
    customer: run.conversation.customer ?? {},
    agent: { name: run.config.agent.persona.agentName },
    memory: run.session.memory ?? {},
  };
  if (graph) Object.assign(scope, describedSlots(graph, scope));
  return scope;
}

/**
 * `options.<slot>` (every option as the customer hears it) and `labels.<slot>` (the chosen one), computed
 * when a template reads them: customers hear "Mastercard ending 2478", never an id.
 */
function describedSlots(graph: JourneyGraph, scope: Scope): { options: Scope; labels: Scope } {
  const options: Scope = {};
  const labels: Scope = {};
  for (const node of graph.nodes) {
    if (node.type !== "collect") continue;
    const { slot } = node;
    if (slot.name in options) continue; // one slot asked in two places
    Object.defineProperty(options, slot.name, { enumerable: true, get: () => describeOptions(slot, scope) });
    Object.defineProperty(labels, slot.name, { enumerable: true, get: () => describeValue(slot, scope, getPath(scope, `slots.${slot.name}`)) });
  }
  return { options, labels };
}

export type JourneyOutcome = { kind: "waiting" } | { kind: "end"; outcome: "resolved" | "unresolved" } | { kind: "handoff"; reason: string };

/** Runs the journey from its current node until it needs the customer, ends, or hands off. */
export async function runJourney(run: TurnRun, journey: { id: string; name: string; graph: JourneyGraph }, active: ActiveJourney): Promise<JourneyOutcome> {
  const { graph } = journey;
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const resumeAt = active.waiting ? active.nodeId : null;
  let nodeId = active.nodeId;

  for (let step = 0; step < MAX_STEPS; step++) {
    const node = nodes.get(nodeId);
    if (!node) return { kind: "handoff", reason: `The journey ${journey.name} points to a missing step (${nodeId})` };
    const edges = graph.edges.filter((e) => e.source === node.id);
    const resumed = resumeAt === node.id && step === 0;
    const started = performance.now();
    const handler = handlers[node.type] as NodeHandler;
    const result: NodeResult = await handler(node, { run, graph, active, scope: journeyScope(run, active, graph), resumed, labels: new Set(edges.map((e) => e.label ?? "")) });
    run.trace.record({
      type: "node",
      name: `${journey.name} › ${node.label ?? node.id}`,
      input: { journeyId: journey.id, nodeId: node.id, type: node.type, resumed },
      output: result,
      decision: result.kind === "next" ? (result.label ?? "next") : result.kind,
      durationMs: performance.now() - started,
    });

    if (result.kind === "wait") {
      active.nodeId = node.id;
      active.waiting = result.waiting;
      return { kind: "waiting" };
    }
    active.waiting = null;
    if (result.kind === "end") return { kind: "end", outcome: result.outcome };
    if (result.kind === "handoff") return { kind: "handoff", reason: result.reason };

    const edge = (result.label !== undefined ? edges.find((e) => e.label === result.label) : undefined) ?? edges.find((e) => !e.label);
    if (!edge) return { kind: "end", outcome: "unresolved" };
    if (edge.target !== node.id) delete active.attempts[edge.target];
    nodeId = edge.target;
  }
  return { kind: "handoff", reason: `The journey ${journey.name} looped without waiting for the customer` };
}
