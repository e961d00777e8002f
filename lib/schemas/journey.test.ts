import { describe, expect, it } from "vitest";
import { retailJourneys } from "@/server/agent/demo/retail-journeys";
import { type JourneyGraph, journeyGraphSchema, validateJourney } from "./journey";

const graph = (nodes: unknown[], edges: unknown[], trigger = { description: "x", examples: ["hi"] }): JourneyGraph => journeyGraphSchema.parse({ trigger, nodes, edges });
const trigger = { id: "t", type: "trigger" };
const end = { id: "end", type: "end", outcome: "resolved" };
const errorsOf = (g: JourneyGraph) => validateJourney(g).filter((i) => i.severity === "error");

describe("validateJourney", () => {
  it("accepts every demo journey without errors", () => {
    for (const j of retailJourneys()) expect(errorsOf(j.graph), j.name).toEqual([]);
  });

  it("requires exactly one trigger and names the extra one", () => {
    expect(errorsOf(graph([end], []))[0]).toMatchObject({ nodeId: null, message: expect.stringMatching(/exactly one trigger/) });
    const issues = errorsOf(graph([trigger, { id: "t2", type: "trigger" }, end], [{ id: "e", source: "t", target: "end" }, { id: "e2", source: "t2", target: "end" }]));
    expect(issues).toContainEqual(expect.objectContaining({ nodeId: "t2", message: expect.stringMatching(/Only one trigger/) }));
  });

  it("names the node whose edge points nowhere", () => {
    const issues = errorsOf(graph([trigger, { id: "m", type: "message", text: "hi" }, end], [{ id: "e1", source: "t", target: "m" }, { id: "e2", source: "m", target: "ghost" }]));
    expect(issues).toContainEqual(expect.objectContaining({ nodeId: "m", message: expect.stringMatching(/ghost/) }));
  });

  it("names dead ends", () => {
    const issues = errorsOf(graph([trigger, { id: "ask", type: "collect", slot: { name: "order_id", type: "order_id", prompt: "Which order?" } }], [{ id: "e", source: "t", target: "ask" }]));
    expect(issues).toContainEqual(expect.objectContaining({ nodeId: "ask", message: expect.stringMatching(/dead end/) }));
  });

  it("names a condition whose branches are not all connected", () => {
    const cond = { id: "c", type: "condition", branches: [{ label: "pending", all: [{ left: "result.order.status", op: "eq", right: "pending" }] }] };
    const issues = errorsOf(graph([trigger, cond, end], [{ id: "e1", source: "t", target: "c" }, { id: "e2", source: "c", target: "end", label: "pending" }]));
    expect(issues).toContainEqual(expect.objectContaining({ nodeId: "c", message: expect.stringMatching(/"else"/) }));
  });

  it("names a policy check with no allowed branch, and warns about a missing deny branch", () => {
    const check = { id: "p", type: "policy_check", policy: "cancel", tool: "cancel_pending_order", args: {} };
    const issues = validateJourney(graph([trigger, check, end], [{ id: "e1", source: "t", target: "p" }, { id: "e2", source: "p", target: "end", label: "escalate" }]));
    expect(issues).toContainEqual(expect.objectContaining({ nodeId: "p", severity: "error", message: expect.stringMatching(/allowed request/) }));
    expect(issues).toContainEqual(expect.objectContaining({ nodeId: "p", severity: "warning", message: expect.stringMatching(/deny/) }));
  });

  it("names missing required settings", () => {
    const nodes = [trigger, { id: "pick", type: "collect", slot: { name: "color", type: "choice", prompt: "Which color?" } }, { id: "tool", type: "tool_call", tool: "" }, end];
    const edges = [{ id: "e1", source: "t", target: "pick" }, { id: "e2", source: "pick", target: "tool" }, { id: "e3", source: "tool", target: "end" }];
    const issues = errorsOf(graph(nodes, edges));
    expect(issues).toContainEqual(expect.objectContaining({ nodeId: "pick", message: expect.stringMatching(/without options/) }));
    expect(issues).toContainEqual(expect.objectContaining({ nodeId: "tool", message: expect.stringMatching(/no tool/) }));
  });

  it("names unreachable nodes", () => {
    const issues = validateJourney(graph([trigger, end, { id: "orphan", type: "end", outcome: "unresolved" }], [{ id: "e", source: "t", target: "end" }]));
    expect(issues).toContainEqual(expect.objectContaining({ nodeId: "orphan", message: expect.stringMatching(/cannot be reached/) }));
  });

  it("names a trigger with neither description nor examples", () => {
    const issues = errorsOf(graph([trigger, end], [{ id: "e", source: "t", target: "end" }], { description: "", examples: [] }));
    expect(issues).toContainEqual(expect.objectContaining({ nodeId: "t", message: expect.stringMatching(/example/) }));
  });
});
