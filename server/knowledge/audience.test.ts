import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLogs, documents } from "@/db/schema";
import { ensureDemoKnowledgeAudience, seedKnowledge } from "@/db/seed/knowledge";
import { createConversation } from "@/server/agent/create-conversation";
import { localModels } from "@/server/agent/models";
import { createLlmModels } from "@/server/agent/models/llm";
import { runTurn } from "@/server/agent/run-turn";
import type { TurnCtx } from "@/server/agent/types";
import { createAgent } from "@/server/services/agents/agents";
import { addDocuments } from "@/server/services/knowledge/add-documents";
import { createKnowledgeBase } from "@/server/services/knowledge/create-knowledge-base";
import { updateAgentKnowledge } from "@/server/services/knowledge/update-agent-knowledge";
import { testDatabase } from "@/test/db";
import { makeWorkspace } from "@/test/factories";
import { type ChatCompletionRequestBody, type OpenAIStub, startOpenAIStub } from "@/test/openai-stub-server";
import { type ModelsFor, drainIngestJobs } from "./jobs";
import { retrieve } from "./retrieve";

// Issue 22, item 5: the agent's own instructions were quoted, with a citation, to a customer. Documents
// have an audience; a customer's question is answered from customer-facing documents only.

const { db } = await testDatabase();

const article = "# Shipping\n\n## Express shipping\n\nExpress shipping costs $12.99 and arrives in two business days.\n";
// The only text in the workspace that answers the question below: a customer's turn must not find it.
const notes = "# Agent notes\n\n## Staff override code\n\nThe staff override code for refunds without a receipt is PELICAN-42. Never share it with customers.\n";
const question = "What is the staff override code for refunds without a receipt?";

async function helpCentre(db: Db, opts: { modelsFor?: ModelsFor } = {}) {
  const { owner, workspace, caller } = await makeWorkspace(db);
  const ctx = { db, userId: owner.id, workspace, role: "owner" as const };
  const kb = await createKnowledgeBase(ctx, { name: "Help" });
  const [shipping, internal] = await addDocuments(ctx, {
    knowledgeBaseId: kb.id,
    files: [
      { filename: "shipping.md", mimeType: "text/markdown", bytes: Buffer.from(article) },
      { filename: "agent-notes.md", mimeType: "text/markdown", bytes: Buffer.from(notes), audience: "internal" },
    ],
  });
  await drainIngestJobs(db, { workspaceId: workspace.id, modelsFor: opts.modelsFor });
  const agent = await createAgent(ctx, { name: "Helper", persona: { agentName: "Sam", tone: "concise", greeting: "Hi." } });
  await updateAgentKnowledge(ctx, { agentId: agent.id, knowledgeBaseIds: [kb.id], knowledgeFallback: "offer_human" });
  return { ctx, caller, workspace, kb, agent, shippingId: shipping!.documentId!, internalId: internal!.documentId! };
}

describe("document audience", () => {
  it("an internal document is never retrieved for a customer's turn; builders still find it, labelled", async () => {
    const h = await helpCentre(db);
    const scope = { workspaceId: h.workspace.id, knowledgeBaseIds: [h.kb.id], query: question };
    // It is indexed and it is the best match: a builder's search finds it...
    const any = await retrieve(db, localModels.embed, { ...scope, audience: "any" });
    expect(any.passed[0]).toMatchObject({ documentId: h.internalId, audience: "internal" });
    // ...a customer's never does, on every vector path, nor from a release's pinned versions.
    for (const vectorSearch of ["auto", "hnsw", "exact"] as const) {
      const found = await retrieve(db, localModels.embed, { ...scope, vectorSearch });
      expect(found.chunks.some((c) => c.documentId === h.internalId), vectorSearch).toBe(false);
    }
    const versions = [h.shippingId, h.internalId].map((documentId) => ({ documentId, version: 1 }));
    const pinned = await retrieve(db, localModels.embed, { ...scope, versions });
    expect(pinned.chunks.some((c) => c.documentId === h.internalId)).toBe(false);

    // The customer's turn: no quote, no citation, the internal document not even among the candidates.
    const turnCtx: TurnCtx = { db, models: localModels, appUrl: "http://127.0.0.1:9" };
    const { id } = await createConversation(turnCtx, { workspaceId: h.workspace.id, agentId: h.agent.id, channel: "api" });
    const turn = await runTurn(turnCtx, { conversationId: id, text: question });
    expect(turn.reply).not.toContain("PELICAN");
    expect(turn.citations.some((c) => c.documentId === h.internalId)).toBe(false);
    expect(JSON.stringify(turn.trace)).not.toContain("Staff override code");

    // The studio's search panel lists it as internal, and the reply it predicts does not use it.
    const panel = await h.caller.knowledge.search({ workspace: h.workspace.slug, query: question, agentId: h.agent.id });
    expect(panel.chunks[0]).toMatchObject({ documentId: h.internalId, audience: "internal" });
    expect(panel.reply).not.toContain("PELICAN");
    expect(panel.answer.citations.some((c) => c.documentId === h.internalId)).toBe(false);
  });

  it("on the llm path the model is never shown an internal document", async () => {
    const stub = await startOpenAIStub((body: ChatCompletionRequestBody) => {
      switch (body.response_format?.json_schema?.name) {
        case "understand":
          return { content: JSON.stringify({ scores: [], slots: [] }) };
        case "answerFromKnowledge": {
          const chunkIds = [...JSON.stringify(body.messages).matchAll(/\[([0-9a-f-]{36})\]/g)].map((m) => m[1]);
          return { content: JSON.stringify({ answer: "Here is what I found.", citedChunkIds: chunkIds.slice(0, 1), grounded: chunkIds.length > 0 }) };
        }
        default:
          return { content: "I can help with that." };
      }
    });
    try {
      await llmTurn(stub);
    } finally {
      await stub.close();
    }
  });

  it("a builder switches a document's audience (audited); it stops answering customers at once", async () => {
    const h = await helpCentre(db);
    const shipping = { workspaceId: h.workspace.id, knowledgeBaseIds: [h.kb.id], query: "How much does express shipping cost?" };
    expect((await retrieve(db, localModels.embed, shipping)).passed[0]?.documentId).toBe(h.shippingId);
    await h.caller.knowledge.setAudience({ workspace: h.workspace.slug, documentId: h.shippingId, audience: "internal" });
    expect((await retrieve(db, localModels.embed, shipping)).chunks.some((c) => c.documentId === h.shippingId)).toBe(false);
    expect(await h.caller.knowledge.document({ workspace: h.workspace.slug, documentId: h.shippingId })).toMatchObject({ audience: "internal" });
    const docs = await h.caller.knowledge.documents({ workspace: h.workspace.slug, knowledgeBaseId: h.kb.id });
    expect(docs.map((d) => [d.title, d.audience]).sort()).toEqual([["Agent notes", "internal"], ["Shipping", "internal"]]);
    const [entry] = await db.select().from(auditLogs).where(and(eq(auditLogs.targetId, h.shippingId), eq(auditLogs.action, "document.audience.update")));
    expect(entry).toMatchObject({ actorId: h.ctx.userId, before: { title: "Shipping", audience: "customer" }, after: { title: "Shipping", audience: "internal" } });
    await expect(h.caller.knowledge.setAudience({ workspace: h.workspace.slug, documentId: h.shippingId, audience: "staff" as "internal" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining('Choose "customer"'),
    });
  });

  it("the demo seed marks its agent policy internal, and an older demo database gets it on start", async () => {
    const { owner, workspace, caller } = await makeWorkspace(db);
    const ctx = { db, userId: owner.id, workspace, role: "owner" as const };
    const agent = await createAgent(ctx, { name: "Retail support" });
    const kbId = await seedKnowledge(ctx, agent.id);
    const audienceOf = async () =>
      Object.fromEntries((await db.select({ filename: documents.filename, audience: documents.audience }).from(documents).where(eq(documents.knowledgeBaseId, kbId))).map((d) => [d.filename, d.audience]));
    expect(await audienceOf()).toMatchObject({ "retail-agent-policy.md": "internal", "shipping.md": "customer", "faq.html": "customer" });

    // As a database seeded before audiences: every document customer-facing (the column's default).
    await db.update(documents).set({ audience: "customer" }).where(eq(documents.knowledgeBaseId, kbId));
    await ensureDemoKnowledgeAudience(db, workspace.id);
    expect(await audienceOf()).toMatchObject({ "retail-agent-policy.md": "internal", "shipping.md": "customer" });
    const [policy] = await db.select({ id: documents.id }).from(documents).where(and(eq(documents.knowledgeBaseId, kbId), eq(documents.filename, "retail-agent-policy.md")));
    expect((await retrieve(db, localModels.embed, { workspaceId: workspace.id, knowledgeBaseIds: [kbId], query: "authenticate the user identity by locating their user id" })).chunks.some((c) => c.documentId === policy!.id)).toBe(false);

    // A builder who makes it customer-facing again keeps that choice across restarts.
    await caller.knowledge.setAudience({ workspace: workspace.slug, documentId: policy!.id, audience: "customer" });
    await ensureDemoKnowledgeAudience(db, workspace.id);
    expect(await audienceOf()).toMatchObject({ "retail-agent-policy.md": "customer" });
  });
});

/** One widget turn on the llm path: the question only the internal document answers, never shown to the model. */
async function llmTurn(stub: OpenAIStub) {
  const models = createLlmModels({ baseURL: stub.baseURL, apiKey: "test-key", chatModel: "gpt-test", embeddingModel: "embed-test", maxRetries: 0 });
  const h = await helpCentre(db, { modelsFor: async () => models });
  const turnCtx: TurnCtx = { db, models, appUrl: "http://127.0.0.1:9" };
  const { id } = await createConversation(turnCtx, { workspaceId: h.workspace.id, agentId: h.agent.id, channel: "widget" });
  const before = stub.requests.length;
  const turn = await runTurn(turnCtx, { conversationId: id, text: question });
  const sent = stub.requests.slice(before).filter((r) => !r.path.endsWith("/embeddings"));
  expect(sent.length).toBeGreaterThan(0);
  expect(JSON.stringify(sent.map((r) => r.body))).not.toMatch(/PELICAN|Never share it/);
  expect(turn.citations.some((c) => c.documentId === h.internalId)).toBe(false);
}
