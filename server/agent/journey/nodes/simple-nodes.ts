import type { NodeOf } from "@/lib/schemas/journey";
import { NO_ANSWER_REASON, answerFromKnowledge } from "../../pipeline/knowledge";
import { say } from "../../pipeline/turn-run";
import { holds, renderText } from "../expressions";
import type { NodeEnv, NodeResult } from "./node-result";

export async function runMessage(node: NodeOf<"message">, env: NodeEnv): Promise<NodeResult> {
  say(env.run, "message", renderText(node.text, env.scope));
  for (const name of node.clearSlots ?? []) {
    const value = env.active.slots[name];
    // Remember what failed, so the collect step does not read it again from earlier messages.
    if (value !== undefined) (env.active.rejected ??= {})[name] = [...(env.active.rejected?.[name] ?? []), JSON.stringify(value)];
    delete env.active.slots[name];
  }
  return { kind: "next" };
}

export async function runCondition(node: NodeOf<"condition">, env: NodeEnv): Promise<NodeResult> {
  const match = node.branches.find((b) => b.all.every((e) => holds(e, env.scope)));
  return { kind: "next", label: match?.label ?? "else" };
}

/** Answers from the agent's knowledge bases (cited); otherwise says the node's fallback, or hands off per the agent's setting. */
export async function runKnowledgeAnswer(node: NodeOf<"knowledge_answer">, env: NodeEnv): Promise<NodeResult> {
  const knowledge = await answerFromKnowledge(env.run, node.query ? renderText(node.query, env.scope) : env.run.text);
  if (knowledge.searched && knowledge.grounded) return { kind: "next" };
  if (knowledge.searched && knowledge.fallback === "escalate") return { kind: "handoff", reason: NO_ANSWER_REASON };
  say(env.run, "answer", renderText(node.fallback, env.scope));
  return { kind: "next" };
}

export async function runHandoff(node: NodeOf<"handoff">, env: NodeEnv): Promise<NodeResult> {
  if (node.message) say(env.run, "handoff", renderText(node.message, env.scope));
  return { kind: "handoff", reason: renderText(node.reason, env.scope) };
}

export async function runEnd(node: NodeOf<"end">, env: NodeEnv): Promise<NodeResult> {
  if (node.message) say(env.run, node.outcome === "resolved" ? "resolution" : "message", renderText(node.message, env.scope));
  return { kind: "end", outcome: node.outcome };
}
