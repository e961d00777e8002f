import { describe, expect, it } from "vitest";
import { localModels } from "@/server/agent/models";
import { addDocuments } from "@/server/services/knowledge/add-documents";
import { testDatabase } from "@/test/db";
import { addMember, makeWorkspace } from "@/test/factories";
import { drainIngestJobs } from "./jobs";
import { retrieve } from "./retrieve";

const { db } = await testDatabase();

async function workspaceWithDoc(filename: string, text: string) {
  const { owner, workspace, caller } = await makeWorkspace(db);
  const kb = await caller.knowledge.create({ workspace: workspace.slug, name: "Help" });
  const ctx = { db, userId: owner.id, workspace, role: "owner" as const };
  const [doc] = await addDocuments(ctx, { knowledgeBaseId: kb.id, files: [{ filename, mimeType: "text/markdown", bytes: Buffer.from(text) }] });
  await drainIngestJobs(db, { workspaceId: workspace.id });
  return { workspace, kb, caller, owner, documentId: doc!.documentId! };
}

describe("tenant isolation", () => {
  it("a query in workspace A never returns workspace B's chunks, even when B holds the only match", async () => {
    const a = await workspaceWithDoc("a.md", "# A\n\n## Opening hours\n\nOur shop opens at nine in the morning.");
    const b = await workspaceWithDoc("b.md", "# B\n\n## Zeppelin delivery\n\nParcels to the moon travel by zeppelin from the secret hangar.");
    const query = "zeppelin delivery to the moon from the secret hangar";
    // Every vector path (the exact tenant scan small tenants get, HNSW for large ones, brute force) filters in SQL.
    for (const vectorSearch of ["auto", "hnsw", "exact"] as const) {
      const inB = await retrieve(db, localModels.embed, { workspaceId: b.workspace.id, knowledgeBaseIds: [b.kb.id], query, vectorSearch });
      expect(inB.passed[0]?.documentId, vectorSearch).toBe(b.documentId);

      const inA = await retrieve(db, localModels.embed, { workspaceId: a.workspace.id, knowledgeBaseIds: [a.kb.id], query, vectorSearch });
      expect(inA.chunks.length, vectorSearch).toBeGreaterThan(0);
      expect(inA.chunks.every((c) => c.documentId === a.documentId), vectorSearch).toBe(true);
      // Even naming B's knowledge base from A's workspace finds nothing: the workspace filter is in SQL.
      const forged = await retrieve(db, localModels.embed, { workspaceId: a.workspace.id, knowledgeBaseIds: [a.kb.id, b.kb.id], query, vectorSearch });
      expect(forged.chunks.some((c) => c.documentId === b.documentId), vectorSearch).toBe(false);
    }

    // Through the API: A's search panel, A's chunk viewer and A's agent settings cannot reach B.
    const panel = await a.caller.knowledge.search({ workspace: a.workspace.slug, query, knowledgeBaseIds: [b.kb.id] });
    expect(panel.knowledgeBaseIds).toEqual([]);
    expect(panel.chunks).toEqual([]);
    await expect(a.caller.knowledge.chunks({ workspace: a.workspace.slug, documentId: b.documentId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(a.caller.knowledge.documents({ workspace: a.workspace.slug, knowledgeBaseId: b.kb.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(a.caller.knowledge.deleteDocument({ workspace: a.workspace.slug, documentId: b.documentId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(a.caller.knowledge.document({ workspace: a.workspace.slug, documentId: b.documentId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(a.caller.knowledge.setAudience({ workspace: a.workspace.slug, documentId: b.documentId, audience: "internal" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const agent = await a.caller.agents.create({ workspace: a.workspace.slug, name: "Helper" });
    await expect(a.caller.knowledge.updateAgentSettings({ workspace: a.workspace.slug, agentId: agent.id, knowledgeBaseIds: [b.kb.id], knowledgeFallback: "offer_human" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("only owners, admins and builders change knowledge; every role can read it", async () => {
    const a = await workspaceWithDoc("c.md", "# C\n\n## Hours\n\nOpen daily.");
    const viewer = await addMember(db, a.workspace.id, "viewer");
    const builder = await addMember(db, a.workspace.id, "builder");
    await expect(viewer.caller.knowledge.create({ workspace: a.workspace.slug, name: "Nope" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(viewer.caller.knowledge.deleteDocument({ workspace: a.workspace.slug, documentId: a.documentId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(viewer.caller.knowledge.setAudience({ workspace: a.workspace.slug, documentId: a.documentId, audience: "internal" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await viewer.caller.knowledge.document({ workspace: a.workspace.slug, documentId: a.documentId })).toMatchObject({ audience: "customer", status: "ready" });
    expect(await viewer.caller.knowledge.list({ workspace: a.workspace.slug })).toHaveLength(1);
    const renamed = await builder.caller.knowledge.rename({ workspace: a.workspace.slug, knowledgeBaseId: a.kb.id, name: "Help centre" });
    expect(renamed.name).toBe("Help centre");
    const audit = await a.caller.audit.list({ workspace: a.workspace.slug });
    expect(JSON.stringify(audit)).toMatch(/knowledge_base\.update/);
  });
});
