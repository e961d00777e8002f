import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { chunks, documents } from "@/db/schema";
import { createConversation } from "@/server/agent/create-conversation";
import { localModels } from "@/server/agent/models";
import { runTurn } from "@/server/agent/run-turn";
import type { TurnCtx } from "@/server/agent/types";
import { drainIngestJobs } from "@/server/knowledge/jobs";
import { createAgent } from "@/server/services/agents/agents";
import type { WorkspaceCtx } from "@/server/services/context";
import { addDocuments } from "@/server/services/knowledge/add-documents";
import { createKnowledgeBase } from "@/server/services/knowledge/create-knowledge-base";
import { deleteDocument } from "@/server/services/knowledge/delete-document";
import { updateAgentKnowledge } from "@/server/services/knowledge/update-agent-knowledge";
import { testDatabase } from "@/test/db";
import { makeWorkspace } from "@/test/factories";
import { loadRelease } from "./load-release";
import { publishRelease } from "./publish-release";

// A release freezes the knowledge index version: it answers from the document versions it was published
// with, while the draft moves on to re-uploaded and new documents.

const { db } = await testDatabase();
const turnCtx: TurnCtx = { db, models: localModels, appUrl: "http://127.0.0.1:9" };
const md = (price: string) => `# Gift wrapping\n\n## Wrapping options\n\nWe wrap presents in recycled kraft paper with a velvet ribbon. Gift wrapping costs ${price} per item and includes a handwritten card.`;
const file = (filename: string, text: string) => ({ filename, mimeType: "text/markdown", bytes: Buffer.from(text) });

let ctx: WorkspaceCtx;
let kbId: string;
let agentId: string;
beforeAll(async () => {
  const { owner, workspace } = await makeWorkspace(db);
  ctx = { db, userId: owner.id, workspace, role: "owner" };
  kbId = (await createKnowledgeBase(ctx, { name: "Help center" })).id;
  agentId = (await createAgent(ctx, { name: "Wrapper", persona: { agentName: "Sam", tone: "concise", greeting: "Hi." } })).id;
  await updateAgentKnowledge(ctx, { agentId, knowledgeBaseIds: [kbId], knowledgeFallback: "offer_human" });
});

async function ingest(filename: string, text: string) {
  const [doc] = await addDocuments(ctx, { knowledgeBaseId: kbId, files: [file(filename, text)] });
  await drainIngestJobs(db, { workspaceId: ctx.workspace.id });
  return doc!.documentId!;
}

async function ask(config: TurnCtx["config"], text: string) {
  const { id } = await createConversation(turnCtx, { workspaceId: ctx.workspace.id, agentId, channel: "playground" });
  return runTurn({ ...turnCtx, config }, { conversationId: id, text });
}

describe("a release's knowledge", () => {
  it("answers from the versions it was published with; the draft reads the new ones; deleting a document removes it everywhere", async () => {
    const giftWrap = await ingest("gift-wrap.md", md("$3.50"));
    const release = await publishRelease(ctx, { agentId, notes: "wrapping at $3.50" });
    const { config } = await loadRelease(db, { workspaceId: ctx.workspace.id, releaseId: release.id });

    // After publishing: the price changes (version 2) and a new document arrives.
    expect(await ingest("gift-wrap.md", md("$4.75"))).toBe(giftWrap);
    await ingest("loyalty.md", "# Loyalty programme\n\n## Points\n\nMembers earn two points per dollar spent on furniture.");
    const [doc] = await db.select({ activeVersion: documents.activeVersion }).from(documents).where(eq(documents.id, giftWrap));
    expect(doc!.activeVersion).toBe(2);

    const draft = await ask(undefined, "How much does gift wrapping cost?");
    expect(draft.reply).toContain("$4.75");
    const released = await ask(config, "How much does gift wrapping cost?");
    expect(released.reply).toContain("$3.50");
    expect(released.reply).not.toContain("$4.75");
    expect(released.citations).toContainEqual(expect.objectContaining({ documentId: giftWrap, section: "Wrapping options" }));
    const [cited] = await db.select({ version: chunks.version }).from(chunks).where(eq(chunks.id, released.citations[0]!.chunkId));
    expect(cited!.version).toBe(1);

    // The document published after the release is not part of it.
    expect((await ask(undefined, "How many points do members earn per dollar on furniture?")).citations).not.toHaveLength(0);
    const unknown = await ask(config, "How many points do members earn per dollar on furniture?");
    expect(unknown.citations).toHaveLength(0);
    expect(unknown.reply).toMatch(/don't know/i);

    // Deleting the document removes every version's chunks: the release no longer answers from it.
    await deleteDocument(ctx, { documentId: giftWrap });
    expect(await db.select().from(chunks).where(and(eq(chunks.documentId, giftWrap)))).toHaveLength(0);
    expect((await ask(config, "How much does gift wrapping cost?")).citations).toHaveLength(0);
  });
});
