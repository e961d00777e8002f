import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLogs, documents, knowledgeBases } from "@/db/schema";
import type { DocumentAudience } from "@/lib/schemas/knowledge";
import { drainIngestJobs } from "@/server/knowledge/jobs";
import type { WorkspaceCtx } from "@/server/services/context";
import { recordAudit } from "@/server/services/audit/record-audit";
import { addDocuments } from "@/server/services/knowledge/add-documents";
import { createKnowledgeBase } from "@/server/services/knowledge/create-knowledge-base";
import { updateAgentKnowledge } from "@/server/services/knowledge/update-agent-knowledge";

export const DEMO_KNOWLEDGE_BASE = "Demo store help center";

/**
 * The demo help centre: customer articles in Markdown and HTML, plus the store's agent policy — the
 * agent's instructions, internal: it is never quoted to a customer.
 */
export const demoKnowledgeFiles: readonly { filename: string; mimeType: string; audience: DocumentAudience }[] = [
  { filename: "shipping.md", mimeType: "text/markdown", audience: "customer" },
  { filename: "returns-and-exchanges.md", mimeType: "text/markdown", audience: "customer" },
  { filename: "payment-methods.html", mimeType: "text/html", audience: "customer" },
  { filename: "warranty.md", mimeType: "text/markdown", audience: "customer" },
  { filename: "faq.html", mimeType: "text/html", audience: "customer" },
  { filename: "retail-agent-policy.md", mimeType: "text/markdown", audience: "internal" },
];

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

/**
 * A demo workspace seeded before documents had an audience holds its agent policy as customer-facing
 * (the column's default): make the demo's internal files internal. Once, by the seed: a document whose
 * audience anyone has set since is left as they chose.
 */
export async function ensureDemoKnowledgeAudience(db: Db, workspaceId: string): Promise<void> {
  const internal = demoKnowledgeFiles.filter((f) => f.audience === "internal").map((f) => f.filename);
  const rows = await db
    .select({ id: documents.id, title: documents.title })
    .from(documents)
    .innerJoin(knowledgeBases, and(eq(knowledgeBases.id, documents.knowledgeBaseId), eq(knowledgeBases.workspaceId, documents.workspaceId)))
    .where(and(eq(documents.workspaceId, workspaceId), eq(knowledgeBases.name, DEMO_KNOWLEDGE_BASE), inArray(documents.filename, internal), eq(documents.audience, "customer")));
  for (const doc of rows) {
    await db.transaction(async (tx) => {
      const [set] = await tx
        .select({ id: auditLogs.id })
        .from(auditLogs)
        .where(and(eq(auditLogs.workspaceId, workspaceId), eq(auditLogs.targetId, doc.id), eq(auditLogs.action, "document.audience.update")))
        .limit(1);
      if (set) return;
      await tx.update(documents).set({ audience: "internal", updatedAt: new Date() }).where(eq(documents.id, doc.id));
      await recordAudit(tx, { workspaceId, actorId: null, action: "document.audience.update", targetType: "document", targetId: doc.id, before: { title: doc.title, audience: "customer" }, after: { title: doc.title, audience: "internal" } });
    });
  }
}
