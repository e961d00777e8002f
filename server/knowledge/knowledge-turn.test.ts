import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { journeys, messages, turnTraces } from "@/db/schema";
import { readDemoKnowledgeFiles } from "@/db/seed/knowledge";
import { journeyGraphSchema } from "@/lib/schemas/journey";
import { createConversation } from "@/server/agent/create-conversation";
import { JourneyBuilder } from "@/server/agent/demo/journey-builder";
import { localModels } from "@/server/agent/models";
import { runTurn } from "@/server/agent/run-turn";
import type { TurnCtx } from "@/server/agent/types";
import { createAgent } from "@/server/services/agents/agents";
import { addDocuments } from "@/server/services/knowledge/add-documents";
import { createKnowledgeBase } from "@/server/services/knowledge/create-knowledge-base";
import { updateAgentKnowledge } from "@/server/services/knowledge/update-agent-knowledge";
import type { WorkspaceCtx } from "@/server/services/context";
import { testDatabase } from "@/test/db";
import { makeWorkspace } from "@/test/factories";
import { drainIngestJobs } from "./jobs";

const { db } = await testDatabase();
const turnCtx: TurnCtx = { db, models: localModels, appUrl: "http://127.0.0.1:9" };

let ctx: WorkspaceCtx;
let kbId: string;
beforeAll(async () => {
  const { owner, workspace } = await makeWorkspace(db);
  ctx = { db, userId: owner.id, workspace, role: "owner" };
  kbId = (await createKnowledgeBase(ctx, { name: "Help center" })).id;
  await addDocuments(ctx, { knowledgeBaseId: kbId, files: await readDemoKnowledgeFiles() });
  await drainIngestJobs(db, { workspaceId: workspace.id });
});

async function agentWith(fallback: "offer_human" | "escalate", knowledge = true) {
  const agent = await createAgent(ctx, { name: `Helper ${fallback} ${knowledge}`, persona: { agentName: "Sam", tone: "concise", greeting: "Hi." } });
  if (knowledge) await updateAgentKnowledge(ctx, { agentId: agent.id, knowledgeBaseIds: [kbId], knowledgeFallback: fallback });
  return agent;
}
const open = async (agentId: string) => (await createConversation(turnCtx, { workspaceId: ctx.workspace.id, agentId, channel: "playground" })).id;

describe("knowledge in the turn pipeline", () => {
  it("answers a question no journey handles from the help centre, citing document and section (stored and traced)", async () => {
    const agent = await agentWith("offer_human");
    const conversationId = await open(agent.id);
    const result = await runTurn(turnCtx, { conversationId, text: "How much does express shipping cost?" });
    expect(result.reply).toContain("$12.99");
    expect(result.citations).toContainEqual(expect.objectContaining({ documentTitle: "Shipping and delivery", section: "Shipping options and costs" }));
    expect(result.status).toBe("open");

    const [stored] = await db.select().from(messages).where(and(eq(messages.conversationId, conversationId), eq(messages.role, "agent"), eq(messages.turn, result.turn)));
    expect(stored!.citations).toEqual(result.citations);
    const [traced] = await db.select().from(turnTraces).where(and(eq(turnTraces.conversationId, conversationId), eq(turnTraces.turn, result.turn)));
    const event = traced!.events.find((e) => e.type === "knowledge");
    expect(event!.decision).toBe("grounded");
    const output = event!.output as { threshold: number; chunks: { section: string; passed: boolean; scores: { vector: number | null; lexical: number | null; fused: number; rerank: number } }[] };
    expect(output.chunks[0]).toMatchObject({ section: "Shipping options and costs", passed: true });
    expect(output.chunks[0]!.scores.rerank).toBeGreaterThanOrEqual(output.threshold);
  });

  it("says it does not know (and offers a person) instead of inventing an answer", async () => {
    const agent = await agentWith("offer_human");
    const result = await runTurn(turnCtx, { conversationId: await open(agent.id), text: "What is the weather in Paris tomorrow?" });
    expect(result.reply).toMatch(/I don't know the answer to that/);
    expect(result.reply).toMatch(/ask for a person/);
    expect(result.reply).not.toMatch(/sunny|rain|degrees/i);
    expect(result.citations).toEqual([]);
    expect(result.trace.find((e) => e.type === "knowledge")?.decision).toBe("not grounded");
  });

  it("hands off when the agent is set to escalate unanswered questions", async () => {
    const agent = await agentWith("escalate");
    const result = await runTurn(turnCtx, { conversationId: await open(agent.id), text: "Who won the football match last night?" });
    expect(result.status).toBe("escalated");
    expect(result.escalated).toBe(true);
  });

  it("a knowledge_answer step answers from the agent's knowledge bases with citations", async () => {
    const agent = await agentWith("offer_human");
    const graph = journeyGraphSchema.parse(
      new JourneyBuilder({ description: "Warranty questions", examples: ["question about the warranty", "is my product under warranty"] })
        .add({ id: "answer", type: "knowledge_answer", label: "Answer", fallback: "I'm not sure." })
        .add({ id: "end", type: "end", label: "End", outcome: "resolved" })
        .chain("start", "answer", "end")
        .build(),
    );
    await db.insert(journeys).values({ workspaceId: ctx.workspace.id, agentId: agent.id, name: "Warranty", trigger: graph.trigger, graph });
    const result = await runTurn(turnCtx, { conversationId: await open(agent.id), text: "Is my product under warranty for water damage?" });
    expect(result.journey).toBe("Warranty");
    expect(result.citations[0]).toMatchObject({ documentTitle: "Warranty", section: "What is not covered" });
    expect(result.reply).toMatch(/water damage/i);
  });

  it("an agent without knowledge bases keeps asking what the customer needs", async () => {
    const agent = await agentWith("offer_human", false);
    const result = await runTurn(turnCtx, { conversationId: await open(agent.id), text: "How much does express shipping cost?" });
    expect(result.reply).not.toContain("$12.99");
    expect(result.trace.some((e) => e.type === "knowledge")).toBe(false);
  });
});
