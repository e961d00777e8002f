import { type JourneyGraph, type JourneyIssue, validateJourney } from "@/lib/schemas/journey";

/** What the agent has that nodes refer to: tools (with their JSON-schema args), policy keys, knowledge bases. */
export interface JourneyCatalog {
  tools?: Record<string, { args?: unknown }>;
  policies?: readonly string[];
  knowledgeBases?: readonly string[];
}

/** The catalog from lists of the agent's tools, policies and knowledge bases (as the API returns them). */
export function toIssueCatalog(data: { tools: { name: string; args?: unknown }[]; policies: { key: string }[]; knowledgeBases: { id: string }[] }): JourneyCatalog {
  return {
    tools: Object.fromEntries(data.tools.map((t) => [t.name, { args: t.args }])),
    policies: data.policies.map((p) => p.key),
    knowledgeBases: data.knowledgeBases.map((k) => k.id),
  };
}

/** Names of the arguments a tool's JSON schema requires. */
export function requiredArgs(args: unknown): string[] {
  const required = (args as { required?: unknown } | undefined)?.required;
  return Array.isArray(required) ? required.filter((r): r is string => typeof r === "string") : [];
}

/** Argument names a tool's JSON schema declares, with their descriptions. */
export function declaredArgs(args: unknown): { name: string; description: string; required: boolean }[] {
  const properties = (args as { properties?: Record<string, { description?: string }> } | undefined)?.properties ?? {};
  const required = new Set(requiredArgs(args));
  return Object.entries(properties).map(([name, p]) => ({ name, description: p?.description ?? "", required: required.has(name) }));
}

/**
 * Everything the canvas's validation panel lists: the schema's own checks (validateJourney) plus the ones
 * that need the agent's catalog (unknown tools and policies, unmapped tool arguments) and collect loops
 * with no way out. Errors first; every issue names its node.
 */
export function computeJourneyIssues(graph: JourneyGraph, catalog: JourneyCatalog = {}): JourneyIssue[] {
  const issues = validateJourney(graph);
  const error = (nodeId: string, message: string) => issues.push({ nodeId, severity: "error", message });
  const policies = catalog.policies ? new Set(catalog.policies) : null;
  const kbs = catalog.knowledgeBases ? new Set(catalog.knowledgeBases) : null;

  for (const n of graph.nodes) {
    const name = n.label ?? n.id;
    if (n.type === "tool_call" || n.type === "policy_check") {
      const tool = n.tool ? catalog.tools?.[n.tool] : undefined;
      if (n.tool && catalog.tools && !tool) error(n.id, `${name} calls the tool "${n.tool}", which this agent does not have`);
      for (const arg of requiredArgs(tool?.args)) {
        const value = n.args[arg];
        if (value === undefined || value === null || value === "") error(n.id, `${name} does not map the tool argument "${arg}"`);
      }
    }
    if (n.type === "policy_check" && n.policy && policies && !policies.has(n.policy)) error(n.id, `${name} consults the policy "${n.policy}", which does not exist`);
    if (n.type === "knowledge_answer" && n.knowledgeBaseId && kbs && !kbs.has(n.knowledgeBaseId)) error(n.id, `${name} uses a knowledge base that no longer exists`);
  }

  for (const loop of closedLoops(graph)) {
    const collect = loop.map((id) => graph.nodes.find((n) => n.id === id)!).find((n) => n.type === "collect");
    if (collect) error(collect.id, `${collect.label ?? collect.id} is in a loop with no way out: add an exit (e.g. a "failed" branch to a handoff)`);
  }
  return issues.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
}

export const hasErrors = (issues: readonly JourneyIssue[]) => issues.some((i) => i.severity === "error");

/** Strongly connected components (cycles) that no edge leaves: once entered, the journey never gets out. */
function closedLoops(graph: JourneyGraph): string[][] {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const out = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const e of graph.edges) if (ids.has(e.source) && ids.has(e.target)) out.get(e.source)!.push(e.target);

  // Tarjan's algorithm, iterative so a long chain cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of ids) {
    if (index.has(root)) continue;
    const work: { id: string; next: number }[] = [{ id: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const targets = out.get(frame.id)!;
      if (frame.next < targets.length) {
        const t = targets[frame.next++]!;
        if (!index.has(t)) {
          index.set(t, counter);
          low.set(t, counter++);
          stack.push(t);
          onStack.add(t);
          work.push({ id: t, next: 0 });
        } else if (onStack.has(t)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(t)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let id: string;
        do {
          id = stack.pop()!;
          onStack.delete(id);
          component.push(id);
        } while (id !== frame.id);
        components.push(component);
      }
    }
  }
  return components.filter((c) => {
    const members = new Set(c);
    const cyclic = c.length > 1 || out.get(c[0]!)!.includes(c[0]!);
    return cyclic && c.every((id) => out.get(id)!.every((t) => members.has(t)));
  });
}
