import "server-only";
import { randomUUID } from "node:crypto";
import { generateText } from "ai";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations } from "@/db/schema";
import type { CaseDefinition, ExpectationResult } from "@/lib/schemas/evals";
import type { HttpTool } from "@/lib/schemas/tool";
import type { AgentConfig } from "@/server/agent/config/agent-config";
import { deliveryDatesStampedAt } from "@/db/seed/store";
import { createConversation } from "@/server/agent/create-conversation";
import { runTurn } from "@/server/agent/run-turn";
import { ToolError } from "@/server/agent/tools/http-tool";
import { DomainError } from "@/server/errors";
import type { TurnCtx } from "@/server/agent/types";
import { openSandboxStore } from "@/server/services/simulate/sandbox-store";
import { argsMatch, checkExpectations, type Observation } from "./check-expectations";
import { storeChanges } from "./store-changes";

export type CaseTranscript = { customer: string; reply: string; tools: { tool: string; args: unknown; decision: string | null }[] }[];

export interface CaseOutcome {
  passed: boolean;
  expectations: ExpectationResult[];
  transcript: CaseTranscript;
  conversationId: string | null;
  /** Why the case could not run to its end (the expectations are then not checked). */
  error: string | null;
  ms: number;
}

export interface RunCaseInput {
  workspaceId: string;
  agentId: string;
  /** The draft's or a release's config: what the case runs against. */
  config: AgentConfig;
  definition: CaseDefinition;
  /** The workspace's turn context (models, secrets, app URL), shared by a run's cases. */
  ctx: TurnCtx;
  /** Stored on the case's conversation (which run and case it is). */
  metadata?: Record<string, unknown>;
}

/**
 * Runs one eval case through the agent's real runtime, in a conversation of its own (channel `eval`):
 * a sandbox copy of the demo store made for it (or its mocks, and then nothing reaches the network), the
 * customer's turns, then every expectation checked on what the conversation did.
 */
export async function runCase(db: Db, input: RunCaseInput): Promise<CaseOutcome> {
  const started = performance.now();
  const { definition } = input;
  const transcript: CaseTranscript = [];
  let conversationId: string | null = null;
  const sandbox = definition.tools === "sandbox" && input.config.storeId ? await openSandboxStore(db, { workspaceId: input.workspaceId, storeId: input.config.storeId, name: `eval-${randomUUID().slice(0, 8)}` }) : null;
  try {
    if (definition.tools === "sandbox" && !sandbox) throw new CaseError("This case runs in a sandbox of the demo store, and the agent has none: use mocked tools");
    const config = sandbox ? sandbox.config(input.config) : input.config;
    const ctx: TurnCtx = { ...(sandbox ? sandbox.ctx(input.ctx) : input.ctx), config, ...(definition.tools === "mock" ? { mockTool: mockAnswers(definition.mocks) } : {}) };
    // The sandbox's clock is the moment its store was stamped with dates: a case decides the same any day.
    const stamped = sandbox ? await deliveryDatesStampedAt(db, sandbox.storeId) : null;
    if (stamped) ctx.now = () => new Date(stamped.getTime() + (performance.now() - started));
    conversationId = await openConversation(db, input);
    const turns: Observation["turns"] = [];
    for await (const text of customerTurns(definition, ctx, turns)) {
      const result = await runTurn(ctx, { conversationId, text });
      turns.push({ customer: text, reply: result.reply, citations: result.citations, trace: result.trace });
      transcript.push({ customer: text, reply: result.reply, tools: toolCalls(result.trace) });
      if (result.status !== "open") break;
    }
    const [row] = await db.select({ status: conversations.status, handoff: conversations.handoff }).from(conversations).where(eq(conversations.id, conversationId));
    const observation: Observation = {
      turns,
      status: row!.status,
      escalated: row!.status === "escalated" || turns.some((t) => t.trace.some((e) => e.type === "escalation")),
      escalationReason: (row!.handoff as { reason?: string } | null)?.reason ?? null,
      writeTools: new Set(Object.values(config.tools).filter((t) => t.kind === "write").map((t) => t.name)),
      store: sandbox ? await storeChanges(db, { source: input.config.storeId!, sandbox: sandbox.storeId, read: definition.expectations.flatMap((e) => (e.kind === "end_state" ? e.changes.map((c) => c.path) : [])) }) : null,
      verdicts: await judge(ctx, definition, turns),
    };
    const expectations = checkExpectations(definition.expectations, observation);
    return { passed: expectations.every((e) => e.passed), expectations, transcript, conversationId, error: null, ms: Math.round(performance.now() - started) };
  } catch (error) {
    if (!(error instanceof CaseError) && !(error instanceof DomainError)) throw error;
    return { passed: false, expectations: [], transcript, conversationId, error: (error as Error).message, ms: Math.round(performance.now() - started) };
  } finally {
    await sandbox?.close();
  }
}

/** A case that cannot run as written (not a bug of the app): reported as the case's error. */
export class CaseError extends Error {}

async function openConversation(db: Db, input: RunCaseInput): Promise<string> {
  const { fixtures } = input.definition;
  const { id } = await createConversation({ db }, { workspaceId: input.workspaceId, agentId: input.agentId, channel: "eval", customer: fixtures.customer, metadata: { eval: input.metadata ?? {} } });
  if (fixtures.verifiedUserId) {
    // The fixture stands for a sign-in the brand verified: the session starts as a verifying lookup leaves it.
    const [row] = await db.select({ state: conversations.state }).from(conversations).where(and(eq(conversations.id, id), eq(conversations.workspaceId, input.workspaceId)));
    const state = { ...(row!.state as Record<string, unknown>), authenticatedUserId: fixtures.verifiedUserId, customer: { userId: fixtures.verifiedUserId } };
    await db.update(conversations).set({ state }).where(eq(conversations.id, id));
  }
  return id;
}

/** The customer's messages: the script's, or (simulated) the model's, written from the conversation so far. */
async function* customerTurns(definition: CaseDefinition, ctx: TurnCtx, turns: Observation["turns"]): AsyncGenerator<string> {
  const customer = definition.customer;
  if (customer.kind === "script") {
    yield* customer.turns;
    return;
  }
  if (!ctx.languageModel) throw new CaseError("A simulated customer needs an llm provider, and this workspace runs the local models: script the customer's turns, or set a provider in Settings › Models");
  yield customer.opening;
  while (turns.length < customer.maxTurns) {
    const said = turns.flatMap((t) => [`Customer: ${t.customer}`, `Agent: ${t.reply}`]).join("\n");
    const { text } = await generateText({
      model: ctx.languageModel,
      system: `You play a customer talking to a support agent. Who you are: ${customer.persona}\nWhat you want: ${customer.goal}\nWhat you know: ${customer.knows || "nothing more"}\nAnswer only what the agent asks, briefly, as this customer. When your goal is met, refused for good, or you give up, reply with exactly DONE.`,
      prompt: `${said}\n\nYour next message:`,
    });
    const next = text.trim();
    if (!next || /^DONE\b/.test(next)) return;
    yield next.slice(0, 2000);
  }
}

/** Every call answers from the first mock of its tool whose arguments are a subset of the call's; none reaches the network. */
function mockAnswers(mocks: CaseDefinition["mocks"]) {
  return async (tool: HttpTool, args: Record<string, unknown>) => {
    const mock = mocks.find((m) => m.tool === tool.name && (!m.args || argsMatch(m.args, args, "subset")));
    if (!mock) throw new ToolError(`No mock answers ${tool.name} with ${JSON.stringify(args)}`, 404, "http_404");
    if (mock.error) throw new ToolError(mock.error.message || `HTTP ${mock.error.status}`, mock.error.status, `http_${mock.error.status}`);
    return structuredClone(mock.response ?? null);
  };
}

function toolCalls(trace: Observation["turns"][number]["trace"]) {
  return trace.filter((e) => e.type === "tool" || e.type === "policy").map((e) => ({ tool: e.type === "policy" ? `gate: ${(e.input as { tool?: string }).tool}` : e.name, args: e.type === "policy" ? (e.output as { ruleId?: string }).ruleId : e.input, decision: e.decision ?? null }));
}

/** The judge's verdict on each rubric the case asks it about. */
async function judge(ctx: TurnCtx, definition: CaseDefinition, turns: Observation["turns"]): Promise<Observation["verdicts"]> {
  const verdicts: Observation["verdicts"] = new Map();
  const transcript = turns.flatMap((t) => [
    { role: "customer" as const, text: t.customer },
    { role: "agent" as const, text: t.reply },
  ]);
  for (const e of definition.expectations) {
    if (e.kind === "judge" && !verdicts.has(e.rubric)) verdicts.set(e.rubric, await ctx.models.judge({ rubric: e.rubric, transcript }));
  }
  return verdicts;
}
