import type { JourneyGraph, JourneyNode, JourneyNodeType } from "@/lib/schemas/journey";

/** What the palette offers, in order, with a one-line explanation for builders. */
export const paletteItems: { type: Exclude<JourneyNodeType, "trigger">; title: string; hint: string }[] = [
  { type: "message", title: "Message", hint: "Say something to the customer" },
  { type: "collect", title: "Collect", hint: "Ask for a piece of information (a slot)" },
  { type: "tool_call", title: "Tool call", hint: "Call one of the agent's tools" },
  { type: "policy_check", title: "Policy check", hint: "Ask a policy whether an action is allowed" },
  { type: "condition", title: "Condition", hint: "Branch on slots or results" },
  { type: "knowledge_answer", title: "Knowledge answer", hint: "Answer from a knowledge base" },
  { type: "ai_step", title: "AI step", hint: "Let the model act with scoped tools (needs an LLM provider)" },
  { type: "handoff", title: "Handoff", hint: "Hand the conversation to a person" },
  { type: "end", title: "End", hint: "Finish the journey" },
];

export const nodeTitles: Record<JourneyNodeType, string> = {
  trigger: "Trigger",
  ...Object.fromEntries(paletteItems.map((p) => [p.type, p.title])),
} as Record<JourneyNodeType, string>;

/** A new step of `type` with the settings a builder fills in next (left blank so validation asks for them). */
export function newNode(type: JourneyNodeType, id: string, position: { x: number; y: number }): JourneyNode {
  const base = { id, position };
  switch (type) {
    case "trigger":
      return { ...base, type, label: "Start" };
    case "message":
      return { ...base, type, text: "" };
    case "collect":
      return { ...base, type, slot: { name: "answer", type: "text", prompt: "", retries: 2 } };
    case "tool_call":
      return { ...base, type, tool: "", args: {} };
    case "policy_check":
      return { ...base, type, policy: "", tool: "", args: {} };
    case "condition":
      return { ...base, type, branches: [{ label: "yes", all: [{ left: "slots.answer", op: "exists" }] }] };
    case "knowledge_answer":
      return { ...base, type, fallback: "I'm not sure about that one." };
    case "ai_step":
      return { ...base, type, instructions: "", tools: [], maxSteps: 5, maxTurns: 5 };
    case "handoff":
      return { ...base, type, reason: "The customer needs a person" };
    case "end":
      return { ...base, type, outcome: "resolved" };
  }
}

/** A new journey: a trigger and nothing else yet. */
export function starterGraph(trigger: JourneyGraph["trigger"] = { description: "", examples: [] }): JourneyGraph {
  return { trigger, nodes: [newNode("trigger", "start", { x: 0, y: 0 })], edges: [] };
}
