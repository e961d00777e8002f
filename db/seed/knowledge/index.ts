import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Db } from "@/db/client";
import { drainIngestJobs } from "@/server/knowledge/jobs";
import type { WorkspaceCtx } from "@/server/services/context";
import { addDocuments } from "@/server/services/knowledge/add-documents";
import { createKnowledgeBase } from "@/server/services/knowledge/create-knowledge-base";
import { updateAgentKnowledge } from "@/server/services/knowledge/update-agent-knowledge";

export const DEMO_KNOWLEDGE_BASE = "Demo store help center";

/** The demo help centre: customer articles in Markdown and HTML, plus the store's agent policy. */
export const demoKnowledgeFiles = [
  { filename: "shipping.md", mimeType: "text/markdown" },
  { filename: "returns-and-exchanges.md", mimeType: "text/markdown" },
  { filename: "payment-methods.html", mimeType: "text/html" },
  { filename: "warranty.md", mimeType: "text/markdown" },
  { filename: "faq.html", mimeType: "text/html" },
  { filename: "retail-agent-policy.md", mimeType: "text/markdown" },
] as const;

const folder = path.join(process.cwd(), "db/seed/knowledge");

export async function readDemoKnowledgeFiles() {
  return Promise.all(demoKnowledgeFiles.map(async (f) => ({ ...f, bytes: await readFile(path.join(folder, f.filename)) })));
}

/**
 * Creates the help-centre knowledge base, indexes it now (the demo answers from its first message) and
 * links it to the agent. Returns the knowledge base id.
 */
export async function seedKnowledge(ctx: WorkspaceCtx & { db: Db }, agentId: string): Promise<string> {
  const kb = await createKnowledgeBase(ctx, { name: DEMO_KNOWLEDGE_BASE, description: "Shipping, returns and exchanges, payments, warranty and FAQ for the demo store's customers." });
  await addDocuments(ctx, { knowledgeBaseId: kb.id, files: await readDemoKnowledgeFiles() });
  await drainIngestJobs(ctx.db, { workspaceId: ctx.workspace.id });
  await updateAgentKnowledge(ctx, { agentId, knowledgeBaseIds: [kb.id], knowledgeFallback: "offer_human" });
  return kb.id;
}
