import { z } from "zod";
import { type JourneyGraph, journeyGraphSchema } from "@/lib/schemas/journey";

// Journey files: `{ format, version, name, graph }`. A bare graph (`{ trigger, nodes, edges }`) is
// accepted too, so a graph copied out of the database or a seed imports as is.

export const JOURNEY_FILE_FORMAT = "switchback.journey";

export type ImportResult = { ok: true; name: string | null; graph: JourneyGraph } | { ok: false; errors: string[] };

export function exportJourney(journey: { name: string; graph: JourneyGraph }): string {
  return `${JSON.stringify({ format: JOURNEY_FILE_FORMAT, version: 1, name: journey.name, graph: journey.graph }, null, 2)}\n`;
}

/** Parses and validates a journey file; every error names where it is (`nodes[2] "ask_order" › slot.prompt`). */
export function parseJourneyImport(text: string): ImportResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`The file is not valid JSON: ${(e as Error).message}`] };
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) return { ok: false, errors: ["The file must hold a JSON object with a journey graph"] };
  const record = data as Record<string, unknown>;
  const raw = "graph" in record ? record.graph : record;
  const name = typeof record.name === "string" && record.name.trim() ? record.name.trim() : null;
  if (!raw || typeof raw !== "object" || !("nodes" in raw)) return { ok: false, errors: ['No journey graph found: expected "graph" with "trigger", "nodes" and "edges"'] };

  const parsed = journeyGraphSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.slice(0, 20).map((i) => `${describePath(raw, i.path)}: ${messageOf(i)}`) };

  const graph = parsed.data;
  const errors: string[] = [];
  const ids = new Set<string>();
  for (const n of graph.nodes) {
    if (ids.has(n.id)) errors.push(`Two nodes have the id "${n.id}"`);
    ids.add(n.id);
  }
  for (const e of graph.edges) {
    if (!ids.has(e.source)) errors.push(`Edge "${e.id}" starts at "${e.source}", which is not a node of this journey`);
    if (!ids.has(e.target)) errors.push(`Edge "${e.id}" points to "${e.target}", which is not a node of this journey`);
  }
  return errors.length ? { ok: false, errors } : { ok: true, name, graph };
}

function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_union" && issue.path.at(-1) === "type") return "is not a known step type";
  if (issue.code === "invalid_type" && issue.message.includes("undefined")) return `is missing (expected ${issue.expected})`;
  return issue.message;
}

/** `nodes[2] "ask_order" › slot.prompt`: the node's id makes the path findable on the canvas. */
function describePath(raw: unknown, path: PropertyKey[]): string {
  if (path.length === 0) return "The graph";
  const [head, index, ...rest] = path;
  if ((head === "nodes" || head === "edges") && typeof index === "number") {
    const item = (raw as Record<string, unknown[]>)[head]?.[index] as { id?: unknown } | undefined;
    const id = item && typeof item.id === "string" ? ` "${item.id}"` : "";
    return `${head}[${index}]${id}${rest.length ? ` › ${rest.map(String).join(".")}` : ""}`;
  }
  return path.map(String).join(".");
}
