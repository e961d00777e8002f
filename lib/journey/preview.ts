import type { JourneyGraph, SlotType } from "@/lib/schemas/journey";
// The runtime's own renderer: the preview shows exactly what the agent would say (it is pure, no server code).
import { evaluate, renderText } from "@/server/agent/journey/expressions";

const sampleBySlotType: Record<SlotType, unknown> = {
  text: "sample text",
  number: 2,
  email: "yara.ito7353@example.com",
  date: "2026-11-20",
  order_id: "#W2378156",
  choice: "first option",
  yes_no: true,
  item_ids: ["1234567890"],
  zip: "19122",
  name: "Yara Ito",
};

/** Sample values for `{{variables}}`: one per slot the journey collects, plus typical results. */
export function sampleScope(graph: JourneyGraph, agentName = "Sam"): Record<string, unknown> {
  const slots: Record<string, unknown> = {};
  const result: Record<string, unknown> = {
    order: { order_id: "#W2378156", status: "delivered", items: [{ name: "Hiking Boots", item_id: "1234567890", price: 120 }] },
    user: { name: { first_name: "Yara", last_name: "Ito" }, email: "yara.ito7353@example.com" },
    policy: { decision: "deny", reason: "Only pending orders can be cancelled." },
  };
  for (const n of graph.nodes) {
    if (n.type === "collect") slots[n.slot.name] = n.slot.type === "choice" ? (n.slot.options?.[0]?.value ?? sampleBySlotType.choice) : sampleBySlotType[n.slot.type];
    if (n.type === "tool_call" && n.resultAs && !(n.resultAs in result)) result[n.resultAs] = {};
  }
  return { slots, result, session: { authenticatedUserId: "yara_ito_8353" }, customer: {}, agent: { name: agentName } };
}

const VARIABLE = /\{\{\s*([^{}]+?)\s*\}\}/g;

/** The text with variables filled, and the variables that have no sample value (shown as hints). */
export function previewText(template: string, scope: Record<string, unknown>): { text: string; missing: string[] } {
  const missing = [...template.matchAll(VARIABLE)].map((m) => m[1]!).filter((expr) => {
    const v = evaluate(expr, scope);
    return v === undefined || v === null || v === "";
  });
  return { text: renderText(template, scope), missing: [...new Set(missing)] };
}
