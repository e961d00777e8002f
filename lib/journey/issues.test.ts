import { describe, expect, it } from "vitest";
import { retailJourneys } from "@/server/agent/demo/retail-journeys";
import { retailTools } from "@/server/agent/demo/retail-tools";
import { retailPolicies } from "@/server/agent/policy/retail-policies";
import { type JourneyGraph, journeyGraphSchema } from "@/lib/schemas/journey";
import { computeJourneyIssues, hasErrors } from "./issues";

const catalog = {
  tools: Object.fromEntries(retailTools("demo").map((t) => [t.name, { args: t.args }])),
  policies: Object.values(retailPolicies).map((p) => p.key),
};
const graph = (nodes: unknown[], edges: unknown[]): JourneyGraph => journeyGraphSchema.parse({ trigger: { description: "x", examples: ["hi"] }, nodes, edges });
const t = { id: "t", type: "trigger" };
const end = { id: "end", type: "end", outcome: "resolved" };

describe("computeJourneyIssues", () => {
  it("finds no errors in the demo journeys with the demo catalog", () => {
    for (const j of retailJourneys()) expect(computeJourneyIssues(j.graph, catalog).filter((i) => i.severity === "error"), j.name).toEqual([]);
  });

  it("names tool calls with unmapped required arguments and unknown tools", () => {
    const issues = computeJourneyIssues(
      graph(
        [t, { id: "load", type: "tool_call", tool: "get_order_details", args: { order_id: "" } }, { id: "x", type: "tool_call", tool: "teleport", args: {} }, end],
        [{ id: "1", source: "t", target: "load" }, { id: "2", source: "load", target: "x" }, { id: "3", source: "x", target: "end" }],
      ),
      catalog,
    );
    expect(issues).toContainEqual({ nodeId: "load", severity: "error", message: 'load does not map the tool argument "order_id"' });
    expect(issues).toContainEqual(expect.objectContaining({ nodeId: "x", message: expect.stringMatching(/"teleport", which this agent does not have/) }));
  });

  it("names policy checks without a policy or with one that does not exist", () => {
    const nodes = [t, { id: "p1", type: "policy_check", policy: "", tool: "cancel_pending_order", args: { order_id: "1", reason: "x" } }, { id: "p2", type: "policy_check", policy: "nope", tool: "cancel_pending_order", args: { order_id: "1", reason: "x" } }, end];
    const edges = [{ id: "1", source: "t", target: "p1" }, { id: "2", source: "p1", target: "p2", label: "allow" }, { id: "3", source: "p2", target: "end", label: "allow" }];
    const issues = computeJourneyIssues(graph(nodes, edges), catalog);
    expect(issues).toContainEqual(expect.objectContaining({ nodeId: "p1", message: expect.stringMatching(/no policy selected/) }));
    expect(issues).toContainEqual(expect.objectContaining({ nodeId: "p2", message: expect.stringMatching(/"nope", which does not exist/) }));
  });

  it("names a collect loop with no way out, but not one with an exit", () => {
    const ask = { id: "ask", type: "collect", slot: { name: "order_id", type: "order_id", prompt: "Which order?" } };
    const again = { id: "again", type: "message", text: "Sorry, again" };
    const closed = computeJourneyIssues(graph([t, ask, again], [{ id: "1", source: "t", target: "ask" }, { id: "2", source: "ask", target: "again" }, { id: "3", source: "again", target: "ask" }]));
    expect(closed).toContainEqual(expect.objectContaining({ nodeId: "ask", message: expect.stringMatching(/loop with no way out/) }));
    expect(hasErrors(closed)).toBe(true);
    const open = computeJourneyIssues(
      graph([t, ask, again, end], [{ id: "1", source: "t", target: "ask" }, { id: "2", source: "ask", target: "again" }, { id: "3", source: "again", target: "ask" }, { id: "4", source: "ask", target: "end", label: "failed" }]),
    );
    expect(open.filter((i) => /loop/.test(i.message))).toEqual([]);
  });

  it("lists errors before warnings", () => {
    const issues = computeJourneyIssues(graph([t, end, { id: "orphan", type: "message", text: "" }], [{ id: "1", source: "t", target: "end" }]));
    const severities = issues.map((i) => i.severity);
    expect(severities).toEqual([...severities].sort());
    expect(severities).toContain("warning");
  });
});
