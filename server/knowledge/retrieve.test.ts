import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { chunks, documents } from "@/db/schema";
import { localModels } from "@/server/agent/models";
import { addDocuments } from "@/server/services/knowledge/add-documents";
import { createKnowledgeBase } from "@/server/services/knowledge/create-knowledge-base";
import { testDatabase } from "@/test/db";
import { makeWorkspace } from "@/test/factories";
import { drainIngestJobs } from "./jobs";
import { retrieve, selectLexemes } from "./retrieve";

// Fractions of all chunks containing each lexeme, as ANALYZE reports them.
const stats = new Map([
  ["order", 0.9],
  ["ship", 0.4],
  ["warranti", 0.03],
  ["zeppelin", 0.012],
  ["hangar", 0.01],
]);

describe("selectLexemes", () => {
  it("keeps every lexeme in a knowledge base small enough to rank all matches", () => {
    expect(selectLexemes(["order", "ship", "zeppelin"], stats, 400)).toEqual(["order", "ship", "zeppelin"]);
  });

  it("in a large one keeps the rarest lexemes while their expected matches fit the scan cap", () => {
    // 10,000 chunks: hangar ~100, zeppelin ~120, warranti ~300 expected matches; order and ship thousands.
    expect(selectLexemes(["order", "ship", "warranti", "zeppelin", "hangar"], stats, 10_000)).toEqual(["hangar", "zeppelin"]);
    // A lexeme the statistics do not track is rarer than any they do.
    expect(selectLexemes(["order", "moonbase", "zeppelin"], stats, 10_000)).toEqual(["moonbase", "zeppelin"]);
  });

  it("keeps nothing when every lexeme is common: such a question has no lexical signal", () => {
    expect(selectLexemes(["order", "ship"], stats, 10_000)).toEqual([]);
  });
});

describe("retrieve while a new version is being ingested", async () => {
  const { db } = await testDatabase();

  it("never returns the pending version's chunks, even when they are the nearest and outnumber the scan's margin", async () => {
    const { owner, workspace } = await makeWorkspace(db);
    const ctx = { db, userId: owner.id, workspace, role: "owner" as const };
    const kbId = (await createKnowledgeBase(ctx, { name: "Help" })).id;
    const text = "# Care\n\n## Leather boots\n\nWipe leather boots with a damp cloth and let them dry away from heaters.\n\n## Wool\n\nWash wool cold.";
    const [doc] = await addDocuments(ctx, { knowledgeBaseId: kbId, files: [{ filename: "care.md", mimeType: "text/markdown", bytes: Buffer.from(text) }] });
    await drainIngestJobs(db, { workspaceId: workspace.id });
    const active = await db.select().from(chunks).where(and(eq(chunks.documentId, doc!.documentId!), eq(chunks.version, 1)));
    const boots = active.find((c) => c.sectionPath.includes("Leather boots"))!;

    // Version 2 half-way through ingestion: 80 chunks nearer to the question than anything active.
    const query = "how do I clean leather boots";
    const [nearest] = await localModels.embed([query]);
    await db.update(documents).set({ pendingVersion: 2 }).where(eq(documents.id, doc!.documentId!));
    const pending = await db
      .insert(chunks)
      .values(Array.from({ length: 80 }, (_, i) => ({ workspaceId: workspace.id, knowledgeBaseId: kbId, documentId: doc!.documentId!, version: 2, ordinal: i, sectionPath: boots.sectionPath, text: boots.text, contentHash: `v2-${i}`, embedding: nearest! })))
      .returning({ id: chunks.id });
    const pendingIds = new Set(pending.map((c) => c.id));

    // "auto" twice: the second scan remembers the tenant is crowded and checks versions on every row.
    for (const vectorSearch of ["auto", "auto", "hnsw"] as const) {
      const found = await retrieve(db, localModels.embed, { workspaceId: workspace.id, knowledgeBaseIds: [kbId], query, vectorSearch });
      expect(found.chunks.some((c) => pendingIds.has(c.id)), vectorSearch).toBe(false);
      expect(found.passed[0]?.id, vectorSearch).toBe(boots.id);
      // Found by the vector side too, not only by full text.
      expect(found.passed[0]?.scores.vectorRank, vectorSearch).toBe(1);
    }
  });
});
