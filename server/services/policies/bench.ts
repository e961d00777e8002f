import "server-only";
import { and, eq } from "drizzle-orm";
import { policies, tools } from "@/db/schema";
import type { z } from "zod";
import { DomainError } from "@/server/errors";
import { benchFactsInput, evaluateInput } from "@/lib/schemas/policy-authoring";
import { type FactType, type Facts, type ItemField, type Policy, policySchema } from "@/lib/schemas/policy";
import { type HttpTool, httpToolSchema, type Lookup } from "@/lib/schemas/tool";
import { evaluatePolicy } from "@/server/agent/policy/evaluate";
import { deriveFacts, requestFactName, retailFacts } from "@/server/agent/policy/facts";
import { invalid } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";
import { isStoreTool, isWriteTool, storeToolArgs } from "@/server/services/store/args";
import { loadOrder, loadUser } from "@/server/services/store/records";
import { itemFields, responseFacts } from "@/lib/tools/response-facts";
import { agentRef } from "./agent-ref";

export interface FactInfo {
  name: string;
  type: FactType;
  description: string;
  /** Derived by the gate (from the store, the session or the request); custom facts are only used by name. */
  derived: boolean;
  /** For a list of objects: its items' fields, when the lookup's response schema says. */
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
 * The facts the rule builder offers: the session's, the demo store's (for agents with its tools), the arguments of the agent's own write tools
 * (the gate reads them from the request) and what their fact lookups give, plus custom facts the
 * agent's policies already use.
 */
export function factCatalogue(policies: Policy[] = [], tools: HttpTool[] = []): FactInfo[] {
  // The session's facts are every agent's; the demo store's only for an agent that calls the store.
  const hasStore = tools.some((t) => isStoreTool(t.name));
  const known: FactInfo[] = retailFacts.filter((f) => hasStore || f.name.startsWith("session.")).map((f) => ({ ...f, derived: true }));
  const names = new Set(known.map((f) => f.name));
  const offer = (fact: FactInfo) => {
    if (names.has(fact.name)) return;
    names.add(fact.name);
    known.push(fact);
  };
  for (const tool of tools) {
    if (tool.kind !== "write" || isStoreTool(tool.name)) continue;
    const properties = (tool.args.properties ?? {}) as Record<string, { type?: string; description?: string }>;
    for (const [arg, schema] of Object.entries(properties)) {
      offer({ name: requestFactName(arg), type: argFactType[schema.type ?? ""] ?? "string", description: `${tool.name}: ${schema.description ?? `the ${arg} argument`}`, derived: true });
    }
    for (const lookup of tool.factsFrom ?? []) lookupCatalogue(lookup, tools.find((t) => t.name === lookup.tool)).forEach(offer);
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
 * Facts the gate would derive for a write on the agent's demo store: the same `deriveFacts` the runtime
 * uses, with the order's (or user's) own customer as the verified one when `asCustomer`.
 */
export async function benchFacts(ctx: WorkspaceCtx, input: z.input<typeof benchFactsInput>): Promise<Facts> {
  const { agent: agentIdOrSlug, tool, args, asCustomer, confirmed } = benchFactsInput.parse(input);
  const agent = await agentRef(ctx, agentIdOrSlug);
  const storeId = typeof agent.settings.storeId === "string" ? agent.settings.storeId : null;
  if (!storeId) throw invalid("This agent has no demo store to load facts from: enter the facts by hand");
  if (!isWriteTool(tool)) throw invalid(`${tool} is not one of the store's write actions`);
  const orderId = typeof args.order_id === "string" ? (args.order_id.startsWith("#") ? args.order_id : `#${args.order_id}`) : undefined;
  const withOrder = orderId ? { ...args, order_id: orderId } : args;
  // Only the arguments given are checked here; the gate itself refuses incomplete requests before facts.
  const parsed = (storeToolArgs[tool] as z.ZodObject<z.ZodRawShape>).partial().safeParse(withOrder);
  if (!parsed.success) throw invalid(parsed.error.issues[0]?.message ?? "Those arguments do not fit the action");
  const store = { db: ctx.db, storeId };
  let userId: string | undefined;
  if (asCustomer) {
    if (orderId) userId = (await ifFound(loadOrder(ctx.db, storeId, orderId)))?.user_id;
    else if (typeof args.user_id === "string") userId = (await ifFound(loadUser(ctx.db, storeId, args.user_id)))?.user_id;
  }
  const facts = await deriveFacts(store, { tool, args: parsed.data, session: { authenticatedUserId: userId, confirmed }, now: new Date() });
  // Unknown facts are left out, as the bench's facts editor treats a missing fact as unknown.
  return Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined)) as Facts;
}

async function ifFound<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof DomainError && e.code === "not_found") return undefined;
    throw e;
  }
}
