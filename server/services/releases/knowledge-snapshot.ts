import "server-only";
import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { documents } from "@/db/schema";
import type { KnowledgeSnapshot } from "./snapshot";

/** The knowledge index version a release pins: each used knowledge base's documents and their active version. */
export async function knowledgeSnapshot(db: Db | Tx, input: { workspaceId: string; settings: Record<string, unknown> }): Promise<KnowledgeSnapshot[]> {
  const ids = Array.isArray(input.settings.knowledgeBaseIds) ? input.settings.knowledgeBaseIds.filter((x): x is string => typeof x === "string") : [];
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: documents.id, title: documents.title, activeVersion: documents.activeVersion, knowledgeBaseId: documents.knowledgeBaseId })
    .from(documents)
    .where(and(eq(documents.workspaceId, input.workspaceId), inArray(documents.knowledgeBaseId, ids), isNotNull(documents.activeVersion)))
    .orderBy(asc(documents.title), asc(documents.id))
    // Until the release commits, no re-ingest may drop the chunks of a version it pins (see ingest.ts).
    .for("share");
  return ids.map((knowledgeBaseId) => ({
    knowledgeBaseId,
    documents: rows.filter((r) => r.knowledgeBaseId === knowledgeBaseId).map((r) => ({ id: r.id, title: r.title, activeVersion: r.activeVersion! })),
  }));
}
