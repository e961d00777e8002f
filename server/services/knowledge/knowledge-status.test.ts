import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { chunks, documents } from "@/db/schema";
import { localModels } from "@/server/agent/models";
import { ingestDocument } from "@/server/knowledge/ingest";
import { drainIngestJobs } from "@/server/knowledge/jobs";
import { testDatabase } from "@/test/db";
import { makeWorkspace } from "@/test/factories";
import { addDocuments } from "./add-documents";
import { createKnowledgeBase } from "./create-knowledge-base";

// Issue 22, item 7: the list said "0 of 0 ready" and every document 0 chunks while retrieval worked. The
// counts were correlated subqueries in SQL text whose outer column drizzle rendered unqualified, so it
// bound to the inner table. The counts and the indexing progress the studio polls, checked against rows.

const { db } = await testDatabase();
const md = (sections: number) => `# Guide\n\n${Array.from({ length: sections }, (_, i) => `## Topic ${i + 1}\n\nParagraph ${i + 1} explains topic number ${i + 1} in plain words.\n`).join("\n")}`;
const file = (filename: string, text: string) => ({ filename, mimeType: "text/markdown", bytes: Buffer.from(text) });

describe("knowledge status", () => {
  it("the list counts documents and ready ones, and each document its active version's chunks", async () => {
    const { owner, workspace, caller } = await makeWorkspace(db);
    const ctx = { db, userId: owner.id, workspace, role: "owner" as const };
    const w = { workspace: workspace.slug };
    const help = await caller.knowledge.create({ ...w, name: "Help" });
    const empty = await caller.knowledge.create({ ...w, name: "Empty" });
    await addDocuments(ctx, { knowledgeBaseId: help.id, files: [file("a.md", md(3)), file("b.md", md(5)), file("blank.md", "   ")] });
    await drainIngestJobs(db, { workspaceId: workspace.id });
    // Queued after the drain: not ready yet.
    await addDocuments(ctx, { knowledgeBaseId: help.id, files: [file("c.md", md(2))] });

    const list = await caller.knowledge.list(w);
    expect(list.map((kb) => [kb.name, kb.ready, kb.documents])).toEqual([
      ["Empty", 0, 0],
      ["Help", 2, 4],
    ]);
    expect(empty.id).toBe(list[0]!.id);

    const docs = await caller.knowledge.documents({ ...w, knowledgeBaseId: help.id });
    const stored = async (id: string) => (await db.select({ id: chunks.id }).from(chunks).where(eq(chunks.documentId, id))).length;
    const byFile = Object.fromEntries(docs.map((d) => [d.filename, d]));
    for (const name of ["a.md", "b.md"]) {
      const d = byFile[name]!;
      expect(d.status, name).toBe("ready");
      expect(d.chunks, name).toBeGreaterThan(0);
      expect(d.chunks, name).toBe(await stored(d.id));
      expect([d.chunksEmbedded, d.chunksTotal], name).toEqual([d.chunks, d.chunks]);
    }
    expect(byFile["b.md"]!.chunks).toBeGreaterThan(byFile["a.md"]!.chunks);
    expect(byFile["blank.md"]).toMatchObject({ status: "failed", chunks: 0, error: expect.stringMatching(/empty|No text/) });
    expect(byFile["c.md"]).toMatchObject({ status: "queued", chunks: 0, chunksEmbedded: 0, chunksTotal: null });
  });

  it("indexing reports chunks embedded of total as it goes", async () => {
    const { owner, workspace } = await makeWorkspace(db);
    const ctx = { db, userId: owner.id, workspace, role: "owner" as const };
    const kb = (await createKnowledgeBase(ctx, { name: "Big" })).id;
    const [queued] = await addDocuments(ctx, { knowledgeBaseId: kb, files: [file("big.md", md(150))] });
    const seen: { embedded: number; total: number | null; status: string }[] = [];
    const outcome = await ingestDocument(
      db,
      localModels,
      { documentId: queued!.documentId!, version: queued!.version! },
      {
        onProgress: async () => {
          const [row] = await db.select({ embedded: documents.chunksEmbedded, total: documents.chunksTotal, status: documents.status }).from(documents).where(eq(documents.id, queued!.documentId!));
          seen.push(row!);
        },
      },
    );
    expect(outcome).toBe("ready");
    const total = seen.at(-1)!.total!;
    expect(total).toBeGreaterThan(64); // more than one embedding batch
    expect(seen.every((s) => s.total === total && s.status === "processing")).toBe(true);
    const embedded = seen.map((s) => s.embedded);
    expect(embedded).toContain(64); // after the first batch, before the rest
    expect(embedded.every((n, i) => i === 0 || n >= embedded[i - 1]!)).toBe(true);
    const [done] = await db.select().from(documents).where(eq(documents.id, queued!.documentId!));
    expect(done).toMatchObject({ status: "ready", chunksEmbedded: total, chunksTotal: total });
  });
});
