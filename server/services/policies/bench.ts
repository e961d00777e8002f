import "server-only";
import { and, eq } from "drizzle-orm";
import { policies, tools } from "@/db/schema";
import type { z } from "zod";
import { benchFactsInput, evaluateInput } from "@/lib/schemas/policy-authoring";
import { type FactType, type Facts, type ItemField, type Policy, policySchema } from "@/lib/schemas/policy";
import { type HttpTool, httpToolSchema, type Lookup } from "@/lib/schemas/tool";
import { evaluatePolicy } from "@/server/agent/policy/evaluate";
import { requestFactName, requestFacts, type Session, sessionFacts } from "@/server/agent/policy/facts";
import { invalid } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";
import { computedFactTypes } from "@/lib/policy/computed-facts";
import { factName } from "@/lib/policy/fact-name";
import { loadDraftConfig } from "@/server/agent/config/load-draft-config";
import { withInProcessStoreApi } from "@/server/agent/demo/in-process-store";
import { Tracer } from "@/server/agent/pipeline/trace";
import { argumentsProblem } from "@/server/agent/policy/gate";
import { lookupFacts } from "@/server/agent/tools/fact-lookup";
import { buildTurnContext } from "@/server/services/runtime/build-turn-context";
import { serverAppUrl } from "@/server/services/tools/app-url";
import { itemFields, responseFacts } from "@/lib/tools/response-facts";
import { agentRef } from "./agent-ref";

export interface FactInfo {
  name: string;
  type: FactType;
  description: string;
  /** Derived by the gate (from the store, the session or the request); custom facts are only used by name. */
  derived: boolean;
  /** For a list of objects (or a map): its items' fields, when the lookup's response schema says. */
  fields?: readonly ItemField[];
}

/** The facts one lookup of a write gives, typed from its read tool's response schema where it has one. */
function lookupCatalogue(lookup: Lookup, read: HttpTool | undefined): FactInfo[] {
  const from = read?.name ?? lookup.tool;
  const withCustomer = lookup.customerIdPath ? [{ name: "belongs_to_authenticated_user", type: "boolean" as const }] : [];
  if (lookup.forEach !== undefined) {
    const fields = read?.responseSchema ? [...itemFields(read.responseSchema), { name: "exists", type: "boolean" as const }, ...withCustomer] : undefined;
    return [{ name: lookup.as, type: "object[]", description: `${from} for each item of ${lookup.forEach}: one answer per item (exists is false when it was not found)`, derived: true, ...(fields ? { fields } : {}) }];
  }
  const facts: FactInfo[] = [{ name: `${lookup.as}.exists`, type: "boolean", description: `${from} found it (its other answer fields are ${lookup.as}.<field>)`, derived: true }];
  if (lookup.customerIdPath) facts.push({ name: `${lookup.as}.belongs_to_authenticated_user`, type: "boolean", description: `${from}'s answer names the verified customer`, derived: true });
  for (const f of responseFacts(lookup.as, read?.responseSchema)) facts.push({ ...f, description: `${from}: ${f.name.slice(lookup.as.length + 1)} of the answer`, derived: true });
  return facts;
}

const argFactType: Record<string, FactType> = { number: "number", integer: "number", boolean: "boolean", array: "string[]" };

/**
 * The facts the rule builder offers, from the agent's own tools and policies only: the session's, the
 * arguments of its write tools (the gate reads them from the request), what their lookups give (typed
 * by the read tools' response schemas) and what they compute from them, plus custom facts the policies
 * already use.
 */
export function factCatalogue(policies: Policy[] = [], tools: HttpTool[] = []): FactInfo[] {
  const known: FactInfo[] = sessionFacts.map((f) => ({ ...f, derived: true }));
  const names = new Set(known.map((f) => f.name));
  const offer = (fact: FactInfo) => {
    if (names.has(fact.name)) return;
    names.add(fact.name);
    known.push(fact);
  };
  for (const tool of tools) {
    if (tool.kind !== "write") continue;
    const properties = (tool.args.properties ?? {}) as Record<string, { type?: string; description?: string }>;
    for (const [arg, schema] of Object.entries(properties)) {
      offer({ name: requestFactName(arg), type: argFactType[schema.type ?? ""] ?? "string", description: `${tool.name}: ${schema.description ?? `the ${arg} argument`}`, derived: true });
    }
    for (const lookup of tool.factsFrom ?? []) lookupCatalogue(lookup, tools.find((t) => t.name === lookup.tool)).forEach(offer);
  }
  // Each write's own computed facts, typed from their expressions over its request and lookups.
  const base = [...known];
  for (const tool of tools) {
    if (tool.kind !== "write" || !tool.facts?.length) continue;
    const descriptions = new Map(tool.facts.map((f) => [f.name, f.description]));
    for (const { name, type } of computedFactTypes(tool.facts, base).types) offer({ name, type, description: descriptions.get(name) || `Computed by ${tool.name}`, derived: true });
  }
  const custom: FactInfo[] = [];
  const visit = (c: Policy["rules"][number]["when"]) => {
    if ("all" in c) return c.all.forEach(visit);
    if ("any" in c) return c.any.forEach(visit);
    if ("not" in c) return visit(c.not);
    // An expression or a block only reads facts the catalogue has (checked on save).
    if ("expr" in c || !("fact" in c) || c.valueFact !== undefined) return;
    if (names.has(c.fact)) return;
    names.add(c.fact);
    const type: FactType = c.op.startsWith("days_since_") ? "date" : typeof c.value === "number" ? "number" : typeof c.value === "boolean" ? "boolean" : "string";
    custom.push({ name: c.fact, type, description: "Custom fact (not derived by the gate)", derived: false });
  };
  // A policy's computed facts are its own (typed from their expressions), not custom facts of the agent.
  for (const p of policies) for (const f of p.facts ?? []) names.add(f.name);
  policies.forEach((p) => p.rules.forEach((r) => visit(r.when)));
  return [...known, ...custom];
}

export async function listFacts(ctx: WorkspaceCtx, input: { agent: string }): Promise<FactInfo[]> {
  const agent = await agentRef(ctx, input.agent);
  const owned = (t: typeof policies | typeof tools) => and(eq(t.workspaceId, ctx.workspace.id), eq(t.agentId, agent.id));
  const [policyRows, toolRows] = await Promise.all([
    ctx.db.select({ definition: policies.definition }).from(policies).where(owned(policies)),
    ctx.db.select({ definition: tools.definition }).from(tools).where(owned(tools)),
  ]);
  return factCatalogue(
    policyRows.map((r) => policySchema.parse(r.definition)),
    toolRows.map((r) => httpToolSchema.parse(r.definition)),
  );
}

/** The decision an edited (unsaved) policy gives for the bench's facts: pure, nothing is stored. */
export function evaluateDraft(input: z.input<typeof evaluateInput>) {
  const { policy, facts, now } = input;
  const parsed = policySchema.safeParse({ ...policy, version: 1 });
  if (!parsed.success) throw invalid(parsed.error.issues[0]?.message ?? "The policy is not valid");
  return evaluatePolicy(parsed.data, facts as Facts, { now: now ? new Date(now) : new Date() });
}

/**
 * The facts the gate would have for one of the agent's writes, found the way the runtime finds them:
 * the request's arguments, the write's lookups (this app's own store API answered in process, any other
 * backend over the network with the workspace's secrets and network rules) and the facts its policy
 * computes from them. With `asCustomer`, the customer is the one the first lookup that names its
 * customer found (the order's, the account's), verified. Nothing is written.
 */
export async function benchFacts(ctx: WorkspaceCtx, input: z.input<typeof benchFactsInput>): Promise<Facts> {
  const { agent: agentIdOrSlug, tool: name, args, asCustomer, confirmed } = benchFactsInput.parse(input);
  const agent = await agentRef(ctx, agentIdOrSlug);
  const config = await loadDraftConfig(ctx.db, { workspaceId: ctx.workspace.id, agentId: agent.id });
  const tool = config.tools[name];
  if (tool?.kind !== "write") throw invalid(`${name} is not one of this agent's write tools`);
  // Only the arguments given are checked here; the gate itself refuses incomplete requests before facts.
  const problem = argumentsProblem({ ...tool, args: { ...tool.args, required: [] } }, args);
  if (problem) throw invalid(`Those arguments do not fit ${name}: ${problem}`);
  const env = withInProcessStoreApi(ctx.db, await buildTurnContext(ctx.db, { workspaceId: ctx.workspace.id, appUrl: serverAppUrl(), config }));
  const lookUp = async (session: Session) => {
    const lookedUp = await lookupFacts({ ctx: env, config, session, trace: new Tracer(), now: new Date() }, tool, args);
    if (lookedUp && "unavailable" in lookedUp) throw invalid(`The lookups could not run: ${lookedUp.unavailable}`);
    return { ...requestFacts(args, session), ...lookedUp?.facts };
  };
  let session: Session = { confirmed };
  let facts = await lookUp(session);
  const customer = asCustomer ? customerOf(tool.factsFrom ?? [], facts) : undefined;
  if (customer) facts = await lookUp((session = { authenticatedUserId: customer, confirmed }));
  const policy = tool.policyKey ? config.policies[tool.policyKey] : undefined;
  if (policy?.facts?.length) {
    const computed = evaluatePolicy(policy, facts, { now: new Date() }).computed ?? {};
    for (const [fact, value] of Object.entries(computed)) if (value !== null) facts[fact] = value;
  }
  // Unknown facts are left out, as the bench's facts editor treats a missing fact as unknown.
  return Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined)) as Facts;
}

/** The customer the first lookup that names one found, by its `customerIdPath`. */
function customerOf(lookups: readonly Lookup[], facts: Facts): string | undefined {
  for (const lookup of lookups) {
    if (!lookup.customerIdPath || lookup.forEach !== undefined) continue;
    const id = facts[`${lookup.as}.${lookup.customerIdPath.split(".").map(factName).join(".")}`];
    if (typeof id === "string" || typeof id === "number") return String(id);
  }
  return undefined;
}
