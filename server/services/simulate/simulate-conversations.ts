import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agents, conversationEvents, conversations, messages, toolExecutions, turnTraces } from "@/db/schema";
import { loadRetailDb } from "@/db/seed/store";
import { createConversation } from "@/server/agent/create-conversation";
import { loadDraftConfig } from "@/server/agent/config/load-draft-config";
import { runTurn } from "@/server/agent/run-turn";
import { invalid, notFound } from "@/server/errors";
import { createApiConversation } from "@/server/services/hosted-api/create-conversation";
import { endApiConversation } from "@/server/services/hosted-api/end-conversation";
import { loadRelease } from "@/server/services/releases/load-release";
import { readDeployment } from "@/server/services/releases/deployment";
import { buildTurnContext } from "@/server/services/runtime/build-turn-context";
import type { AgentConfig } from "@/server/agent/config/agent-config";
import type { TurnCtx } from "@/server/agent/types";
import { type Channel, nextMessage, randomGenerator, type Scenario, type ScenarioKind, scenarios } from "./customers";
import { openSandboxStore } from "./sandbox-store";

export interface SimulateInput {
  workspaceId: string;
  /** The agent's id or slug. */
  agent: string;
  conversations: number;
  /** Spread the conversations over the last `days` days (their times backdated). */
  days: number;
  /** Serve API and widget conversations from this release number; default: the live one (or canary). */
  release?: number;
  /** The same seed gives the same customers and times. */
  seed?: number;
  /** Only customers of these kinds (e.g. a wave of help-centre questions); default: the usual mix. */
  kinds?: readonly ScenarioKind[];
  /** Where the agent's tools reach the demo store ({{appUrl}}). */
  appUrl: string;
  now?: Date;
}

export interface SimulationReport {
  conversations: number;
  turns: number;
  byStatus: Record<string, number>;
  byChannel: Record<string, number>;
  byKind: Record<string, number>;
  ms: number;
}

export const MAX_SIMULATED = 2000;
const MAX_MESSAGES = 8;

/**
 * Runs scripted demo-store customers through the agent's real runtime — the draft for playground
 * conversations, the release the hosted API picks for API and widget ones (ended through the hosted API
 * with an outcome and, often, a CSAT) — then moves each conversation back to a moment in the last `days`
 * days (business hours weighted), its turns spaced as a person types. Nothing is faked: the journeys,
 * tools, gate and knowledge answer as they would for a person. Their writes go to a sandbox copy of the
 * store, thrown away at the end, so the demo store people and tests work with is left as it was; brands'
 * webhooks are not called for simulated history.
 */
export async function simulateConversations(db: Db, input: SimulateInput): Promise<SimulationReport> {
  if (!Number.isInteger(input.conversations) || input.conversations < 1 || input.conversations > MAX_SIMULATED) throw invalid(`--conversations is a number from 1 to ${MAX_SIMULATED}`);
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > 365) throw invalid("--days is a number of days from 1 to 365");
  const started = performance.now();
  const agent = await findAgent(db, input.workspaceId, input.agent);
  const draft = await loadDraftConfig(db, { workspaceId: input.workspaceId, agentId: agent.id });
  if (!draft.storeId) throw invalid(`${agent.slug} does not use the demo store: simulated customers are the demo store's, so simulate an agent built on it`);
  const published = (await readDeployment(db, { workspaceId: input.workspaceId, agentId: agent.id }))?.liveReleaseId != null || input.release !== undefined;

  const rng = randomGenerator(input.seed ?? 1);
  const people = scenarios(await loadRetailDb(), input.conversations, rng, input.kinds);
  const now = input.now ?? new Date();
  const starts = people.map(() => backdatedStart(rng, now, input.days)).sort((a, b) => a.getTime() - b.getTime());
  const sandbox = await openSandboxStore(db, { workspaceId: input.workspaceId, storeId: draft.storeId });
  const baseCtx = sandbox.ctx(await buildTurnContext(db, { workspaceId: input.workspaceId, appUrl: input.appUrl }));
  const report: SimulationReport = { conversations: 0, turns: 0, byStatus: {}, byChannel: {}, byKind: {}, ms: 0 };
  try {
    for (const [i, scenario] of people.entries()) {
      // Without a published release there is no API or widget to talk to: everyone uses the playground.
      const channel: Channel = published ? scenario.channel : "playground";
      const realStart = new Date();
      const opened = channel === "playground" ? await openInPlayground(db, input.workspaceId, agent.id, scenario, draft) : await openThroughApi(db, input, agent.slug, channel, scenario);
      const talked = await talk({ ...baseCtx, config: sandbox.config(opened.config) }, opened.id, scenario, rng);
      const { turns } = talked;
      const ended = channel === "playground" ? talked.status : await endThroughApi(db, input, channel, opened.id, talked, scenario, rng);
      await backdate(db, opened.id, { realStart, realEnd: new Date(), start: starts[i]!, seconds: turns * (25 + rng() * 50) });
      report.conversations += 1;
      report.turns += turns;
      report.byStatus[ended] = (report.byStatus[ended] ?? 0) + 1;
      report.byChannel[channel] = (report.byChannel[channel] ?? 0) + 1;
      report.byKind[scenario.kind] = (report.byKind[scenario.kind] ?? 0) + 1;
    }
  } finally {
    await sandbox.close();
  }
  report.ms = Math.round(performance.now() - started);
  return report;
}

async function findAgent(db: Db, workspaceId: string, idOrSlug: string) {
  const byId = /^[0-9a-f-]{36}$/i.test(idOrSlug);
  const [agent] = await db
    .select({ id: agents.id, slug: agents.slug })
    .from(agents)
    .where(and(eq(agents.workspaceId, workspaceId), byId ? eq(agents.id, idOrSlug) : eq(agents.slug, idOrSlug)));
  if (!agent) throw notFound("Agent");
  return agent;
}

type Opened = { id: string; config: AgentConfig };

/** A playground conversation: the draft answers, as when a builder tries the agent. */
async function openInPlayground(db: Db, workspaceId: string, agentId: string, s: Scenario, draft: AgentConfig): Promise<Opened> {
  const { id } = await createConversation({ db }, { workspaceId, agentId, channel: "playground", metadata: { simulated: s.kind } });
  return { id, config: draft };
}

/** An API or widget conversation, opened by the hosted API on the release it picks (or the one asked for). */
async function openThroughApi(db: Db, input: SimulateInput, agentSlug: string, channel: "api" | "widget", s: Scenario): Promise<Opened> {
  const api = { db, appUrl: input.appUrl, workspaceId: input.workspaceId, channel };
  const { id } = await createApiConversation(api, { agent: agentSlug, release: input.release, customer: { id: s.user.user_id }, metadata: { simulated: s.kind } });
  const [row] = await db.select({ releaseId: conversations.releaseId }).from(conversations).where(eq(conversations.id, id));
  return { id, config: (await loadRelease(db, { workspaceId: input.workspaceId, releaseId: row!.releaseId! })).config };
}

/** The customer's side of the conversation, through the runtime, until they are done or it is handed over. */
async function talk(ctx: TurnCtx, conversationId: string, s: Scenario, rng: () => number): Promise<Talked> {
  let text: string | null = s.opening;
  let status = "open";
  let turns = 0;
  let unresolved = false;
  let reply = "";
  while (text !== null && turns < MAX_MESSAGES) {
    const result = await runTurn(ctx, { conversationId, text });
    turns += 1;
    status = result.status;
    reply = result.reply;
    // A journey that ended without resolving (a refusal, someone else's order) leaves the conversation open.
    unresolved = result.trace.some((e) => e.type === "node" && e.decision === "end" && (e.output as { outcome?: string } | undefined)?.outcome === "unresolved");
    if (status !== "open") break;
    text = nextMessage(s, reply, turns, rng);
  }
  // They left a question of the agent's unanswered (other than "anything else?"): they gave up.
  const leftAQuestion = /\?\s*$/.test(reply) && !/anything else/i.test(reply);
  return { status, turns, unresolved: unresolved || leftAQuestion };
}

/** How a simulated conversation went: its status, the customer's messages, and whether it ended unresolved. */
type Talked = { status: string; turns: number; unresolved: boolean };

/**
 * The brand's page ends the chat through the hosted API: a conversation still open is abandoned when the
 * customer walked away or the agent could not resolve it, else resolved; some customers rate it.
 */
async function endThroughApi(db: Db, input: SimulateInput, channel: "api" | "widget", conversationId: string, talked: Talked, s: Scenario, rng: () => number): Promise<string> {
  const outcome = talked.status === "open" ? (talked.unresolved ? "abandoned" : "resolved") : undefined;
  const csat = s.csat !== undefined && rng() < 0.6 ? s.csat : undefined;
  const ended = await endApiConversation({ db, appUrl: input.appUrl, workspaceId: input.workspaceId, channel }, { conversationId, outcome, csat });
  return ended.status;
}

/** A moment in the last `days` days: weekdays busier than weekends, most between 8:00 and 20:00 UTC. */
function backdatedStart(rng: () => number, now: Date, days: number): Date {
  for (;;) {
    const day = Math.floor(rng() * days);
    const at = new Date(now.getTime() - day * 86_400_000);
    const weekend = at.getUTCDay() === 0 || at.getUTCDay() === 6;
    if (weekend && rng() < 0.4) continue;
    const hour = rng() < 0.85 ? 8 + rng() * 12 : rng() * 24;
    at.setUTCHours(Math.floor(hour), Math.floor(rng() * 60), Math.floor(rng() * 60), 0);
    if (at.getTime() < now.getTime() - 60_000) return at;
  }
}

/**
 * Moves a conversation that ran between `realStart` and `realEnd` (milliseconds) to `start`, stretched to
 * last `seconds`: every timestamp of it and its messages, traces, tool calls and events, in proportion.
 */
async function backdate(db: Db, conversationId: string, t: { realStart: Date; realEnd: Date; start: Date; seconds: number }): Promise<void> {
  const realMs = Math.max(1, t.realEnd.getTime() - t.realStart.getTime());
  const scale = (t.seconds * 1000) / realMs;
  const moved = (column: string) => sql`${sql.identifier(column)} = ${t.start.toISOString()}::timestamptz + (${sql.identifier(column)} - ${t.realStart.toISOString()}::timestamptz) * ${scale}::float8`;
  const columns = (names: string[]) => sql.join(names.map(moved), sql`, `);
  await db.transaction(async (tx) => {
    await tx.execute(
      sql`update ${conversations} set ${columns(["created_at", "updated_at", "last_message_at", "ended_at", "waiting_since", "handed_off_at"])} where ${conversations.id} = ${conversationId}`,
    );
    await tx.execute(sql`update ${messages} set ${columns(["created_at"])} where ${messages.conversationId} = ${conversationId}`);
    await tx.execute(sql`update ${turnTraces} set ${columns(["created_at"])} where ${turnTraces.conversationId} = ${conversationId}`);
    await tx.execute(sql`update ${toolExecutions} set ${columns(["created_at", "completed_at", "lease_expires_at"])} where ${toolExecutions.conversationId} = ${conversationId}`);
    await tx.execute(sql`update ${conversationEvents} set ${columns(["created_at"])} where ${conversationEvents.conversationId} = ${conversationId}`);
  });
}
