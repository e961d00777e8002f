import type { HttpTool } from "@/lib/schemas/tool";
import { argumentNames } from "@/server/agent/tools/http-tool";
import { factName } from "@/lib/policy/fact-name";

/**
 * Why a write's lookups cannot run as saved, or null: each names a read tool of the agent; each path starts
 * at the request (an argument of the write), an earlier lookup, or `item` in a lookup per item; and every
 * argument a read tool requires gets a value. The first problem, naming the lookup.
 */
export function lookupsProblem(write: HttpTool, tools: ReadonlyMap<string, HttpTool>): string | null {
  const lookups = write.factsFrom ?? [];
  if (lookups.length && write.kind !== "write") return "Only a write tool takes facts from a read tool";
  const writeArgs = new Set([...argumentNames(write)].map(factName));
  const earlier: string[] = [];
  for (const [i, lookup] of lookups.entries()) {
    const at = `Lookup ${i + 1} (${lookup.as})`;
    const read = tools.get(lookup.tool);
    if (read?.kind !== "read") return `Facts come from a read tool of this agent, and ${lookup.tool} is not one`;
    const pathProblem = (path: string, item: boolean): string | null => {
      const [root, first] = path.split(".");
      if (root === "request") return first === undefined || writeArgs.has(first) ? null : `${path}: ${write.name} has no argument ${first}`;
      if (root === "item") return item ? null : `${path}: only a lookup for each item of a list reads item`;
      if (earlier.includes(root!)) return null;
      if (root === lookup.as || lookups.some((l) => l.as === root)) return `${path}: ${root} is looked up after this one: move it above`;
      return `${path}: start at request, an earlier lookup (${earlier.join(", ") || "none yet"}) or item`;
    };
    if (lookup.forEach !== undefined) {
      if (lookup.forEach.split(".")[0] === "item") return `${at}: a lookup runs for each item of request.<list> or of an earlier lookup's list, not of item`;
      const problem = pathProblem(lookup.forEach, false);
      if (problem) return `${at}: ${problem}`;
    }
    const readArgs = argumentNames(read);
    for (const [arg, path] of Object.entries(lookup.args ?? {})) {
      if (!readArgs.has(arg)) return `${at}: ${lookup.tool} has no argument ${arg}`;
      const problem = pathProblem(path, lookup.forEach !== undefined);
      if (problem) return `${at}: ${problem}`;
    }
    const required = Array.isArray(read.args.required) ? (read.args.required as string[]) : [];
    const missing = required.filter((arg) => !lookup.args?.[arg] && !argumentNames(write).has(arg));
    if (missing.length) return `${at}: ${lookup.tool} needs ${missing.join(", ")}: say where ${missing.length === 1 ? "it comes" : "they come"} from (e.g. request.${missing[0]})`;
    earlier.push(lookup.as);
  }
  return null;
}
