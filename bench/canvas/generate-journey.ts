import type { JourneyGraph, JourneyNode } from "@/lib/schemas/journey";

/**
 * A large, realistic-looking journey: chains of collect → tool call → message with a condition every
 * few steps branching into parallel sub-flows, ending in ends and handoffs. Deterministic for a given size.
 */
export function generateJourney(size: number): JourneyGraph {
  const nodes: JourneyNode[] = [{ id: "start", type: "trigger", label: "Start" }];
  const edges: JourneyGraph["edges"] = [];
  const open: { id: string; label?: string }[] = [{ id: "start" }];
  let i = 0;
  const link = (from: { id: string; label?: string }, to: string) => edges.push({ id: `${from.id}->${to}${from.label ? `:${from.label}` : ""}`, source: from.id, target: to, ...(from.label ? { label: from.label } : {}) });
  while (nodes.length + open.length < size) {
    const from = open.shift() ?? { id: nodes[nodes.length - 1]!.id };
    const kind = i++ % 5;
    const id = `n${nodes.length}`;
    if (kind === 0) nodes.push({ id, type: "collect", label: `Ask ${id}`, slot: { name: `slot_${nodes.length}`, type: "text", prompt: `What about ${id}?`, retries: 2 } });
    else if (kind === 1) nodes.push({ id, type: "tool_call", label: `Load ${id}`, tool: "get_order_details", args: { order_id: "{{slots.order_id}}" }, resultAs: "order" });
    else if (kind === 2) nodes.push({ id, type: "message", label: `Tell ${id}`, text: `Order {{slots.order_id}} is {{result.order.status}} (${id}).` });
    else if (kind === 3) nodes.push({ id, type: "policy_check", label: `Check ${id}`, policy: "cancel_pending_order", tool: "cancel_pending_order", args: { order_id: "{{slots.order_id}}", reason: "x" } });
    else nodes.push({ id, type: "condition", label: `Branch ${id}`, branches: [{ label: "yes", all: [{ left: "slots.answer", op: "exists" }] }] });
    link(from, id);
    if (kind === 3) open.push({ id, label: "allow" }, { id, label: "deny" });
    else if (kind === 4) open.push({ id, label: "yes" }, { id, label: "else" });
    else open.push({ id });
  }
  // Close every open way out with an end or a handoff: exactly `size` nodes in all.
  for (const [k, from] of open.entries()) {
    const id = `end_${k}`;
    nodes.push(k % 3 === 0 ? { id, type: "handoff", reason: "Needs a person" } : { id, type: "end", outcome: "resolved" });
    link(from, id);
  }
  return { trigger: { description: "A generated journey for the canvas benchmark", examples: ["benchmark"] }, nodes, edges };
}
