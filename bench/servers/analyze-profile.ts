// Where a server's CPU goes: a V8 .cpuprofile of the production server (run.ts --cpu-prof DIR), its functions
// mapped back through the build's source maps to a package (node_modules/<pkg>) or a source folder.
// Prints self time and inclusive time (the area is anywhere on the stack) per area, as % of busy samples and
// ms per turn.
// --callers AREA: for AREA's self time, the first caller outside it, Node's core and V8's pseudo-frames.
// --functions a,b: inclusive time of the functions with those names (as the source map names them).
// Run: npx tsx bench/servers/analyze-profile.ts FILE.cpuprofile TURNS [--top 30] [--callers zod] [--functions generateText]
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { AnyMap, originalPositionFor, type TraceMap } from "@jridgewell/trace-mapping";

interface Frame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface Node {
  id: number;
  callFrame: Frame;
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  startTime: number;
  endTime: number;
}

const [file, turnsArg] = process.argv.slice(2);
const flag = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const top = Number(flag("--top") ?? 30);
const callersOf = flag("--callers");
const functions = new Set(flag("--functions")?.split(",") ?? []);
if (!file) throw new Error("usage: analyze-profile.ts FILE.cpuprofile TURNS");
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const turns = Number(turnsArg || 0);

const maps = new Map<string, TraceMap | null>();
function mapOf(url: string): TraceMap | null {
  if (!maps.has(url)) {
    try {
      maps.set(url, new AnyMap(readFileSync(`${fileURLToPath(url)}.map`, "utf8")));
    } catch {
      maps.set(url, null);
    }
  }
  return maps.get(url)!;
}

/** node_modules/<pkg>, a source folder (two levels), node-core:<module>, or a V8 pseudo-frame. */
/** The function's original name, when the source map has one (minified bundles rename them). */
const nameOf = new Map<number, string>();

function areaOf(frame: Frame, id: number): string {
  const { url, functionName } = frame;
  if (!url) return `(${functionName.replace(/[()]/g, "") || "native"})`;
  if (url.startsWith("node:")) return `node:${url.slice(5).split("/")[url.includes("internal/") ? 1 : 0]}`;
  let source = url;
  const map = url.startsWith("file://") ? mapOf(url) : null;
  if (map) {
    const original = originalPositionFor(map, { line: frame.lineNumber + 1, column: frame.columnNumber });
    source = original.source ?? url;
    if (original.name) nameOf.set(id, original.name);
  }
  // Turbopack names project files "[project]/…"; Next's own sources have no such prefix.
  if (source.includes("[project]/") && !source.includes("node_modules/")) return source.split("[project]/").pop()!.split("/").slice(0, 2).join("/");
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source.split("node_modules/").length > 1 ? `node_modules/${source.split("node_modules/").pop()}` : "");
  if (pkg) return pkg[1]!;
  const project = /(?:^|\/)(app|server|db|lib|components)\/([^/]+)/.exec(source);
  return project ? `${project[1]}/${project[2]}` : source.replace(/^.*\/\.next[^/]*\//, ".next/");
}

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const area = new Map(profile.nodes.map((n) => [n.id, areaOf(n.callFrame, n.id)]));
const fnName = (id: number) => nameOf.get(id) ?? byId.get(id)!.callFrame.functionName;

const self = new Map<string, number>();
const callers = new Map<string, number>();
const outside = (a: string) => a !== callersOf && !a.startsWith("node:") && !a.startsWith("(");
const inclusive = new Map<string, number>();
let busy = 0;
for (const id of profile.samples) {
  const a = area.get(id)!;
  if (a === "(idle)") continue;
  busy++;
  self.set(a, (self.get(a) ?? 0) + 1);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    seen.add(area.get(cur)!);
    if (functions.has(fnName(cur))) seen.add(`${fnName(cur)}() in ${area.get(cur)}`);
  }
  for (const s of seen) inclusive.set(s, (inclusive.get(s) ?? 0) + 1);
  if (callersOf && a === callersOf) {
    let cur = parent.get(id);
    while (cur !== undefined && !outside(area.get(cur)!)) cur = parent.get(cur);
    const caller = cur === undefined ? "(none)" : `${area.get(cur)} ${fnName(cur)}`;
    callers.set(caller, (callers.get(caller) ?? 0) + 1);
  }
}
const usPerSample = (profile.endTime - profile.startTime) / profile.samples.length;
const ms = (n: number) => (turns ? ((n * usPerSample) / 1000 / turns).toFixed(2) : "-");
console.log(`${file}: ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s, busy ${((100 * busy) / profile.samples.length).toFixed(1)}%, ${turns} turns → ${ms(busy)} ms CPU per turn (main thread)`);
for (const [title, table] of [["self", self], ["inclusive", inclusive], ...(callersOf ? [[`callers of ${callersOf}`, callers] as const] : [])] as const) {
  console.log(`\n| area (${title}) | % of busy | ms/turn |\n|---|---:|---:|`);
  for (const [a, n] of [...table.entries()].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`| ${a} | ${((100 * n) / busy).toFixed(1)} | ${ms(n)} |`);
}
