import { describe, expect, it } from "vitest";
import { retailJourneys } from "@/server/agent/demo/retail-journeys";
import { exportJourney, parseJourneyImport } from "./io";

const errorsOf = (text: string) => {
  const r = parseJourneyImport(text);
  if (r.ok) throw new Error("expected the import to fail");
  return r.errors;
};

describe("parseJourneyImport", () => {
  it("round-trips an exported journey", () => {
    const { name, graph } = retailJourneys()[1]!;
    const result = parseJourneyImport(exportJourney({ name, graph }));
    expect(result).toEqual({ ok: true, name, graph });
  });

  it("accepts a bare graph", () => {
    const { graph } = retailJourneys()[0]!;
    expect(parseJourneyImport(JSON.stringify(graph))).toMatchObject({ ok: true, name: null });
  });

  it("says plainly when the file is not JSON", () => {
    expect(errorsOf("{ nodes: [")[0]).toMatch(/^The file is not valid JSON: /);
    expect(errorsOf("[1, 2]")).toEqual(["The file must hold a JSON object with a journey graph"]);
    expect(errorsOf('{"hello": 1}')[0]).toMatch(/No journey graph found/);
  });

  it("names the node and field that is wrong", () => {
    const graph = {
      trigger: { description: "x", examples: [] },
      nodes: [
        { id: "start", type: "trigger" },
        { id: "ask_order", type: "collect", slot: { name: "order_id", type: "order_id" } },
        { id: "odd", type: "teleport" },
      ],
      edges: [],
    };
    const errors = errorsOf(JSON.stringify({ name: "Broken", graph }));
    expect(errors).toContainEqual(expect.stringMatching(/^nodes\[1\] "ask_order" › slot\.prompt: /));
    expect(errors).toContainEqual(expect.stringMatching(/^nodes\[2\] "odd".*: /));
  });

  it("names edges that point at nodes that do not exist, and duplicate ids", () => {
    const graph = {
      trigger: { description: "x", examples: [] },
      nodes: [{ id: "start", type: "trigger" }, { id: "end", type: "end", outcome: "resolved" }, { id: "end", type: "end", outcome: "resolved" }],
      edges: [{ id: "e1", source: "start", target: "ghost" }],
    };
    const errors = errorsOf(JSON.stringify(graph));
    expect(errors).toContain('Two nodes have the id "end"');
    expect(errors).toContain('Edge "e1" points to "ghost", which is not a node of this journey');
  });
});
