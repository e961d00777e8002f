import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { documents } from "@/db/schema";
import { testDatabase } from "@/test/db";
import { makeWorkspace } from "@/test/factories";
import { streamedPost } from "@/test/streams";
import { handleUploadRequest, UPLOAD_BODY_LIMIT } from "./handle-upload-request";

// The knowledge upload reads its body only for a signed-in user and only up to the documented limit
// (20 files of 25 MB), however the body is sent (issue 14, item 7).

const { db } = await testDatabase();
const url = "http://studio.test/api/knowledge/upload";

describe("knowledge upload body limit", () => {
  it("reads nothing for an anonymous caller", async () => {
    const { request, stats } = streamedPost(url, 50 * 1024 * 1024);
    expect((await handleUploadRequest({ db, userId: null }, request)).status).toBe(401);
    expect(stats.pulled).toBeLessThanOrEqual(64 * 1024);
  });

  it("refuses a declared oversize before reading, and cuts a chunked one off at the limit", async () => {
    const { owner } = await makeWorkspace(db);
    const declared = streamedPost(url, UPLOAD_BODY_LIMIT + 1, { "content-length": String(UPLOAD_BODY_LIMIT + 1) });
    expect((await handleUploadRequest({ db, userId: owner.id }, declared.request)).status).toBe(413);
    expect(declared.stats.pulled).toBeLessThanOrEqual(64 * 1024);

    const chunked = streamedPost(url, UPLOAD_BODY_LIMIT + 100 * 1024 * 1024);
    const res = await handleUploadRequest({ db, userId: owner.id }, chunked.request);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { code: "payload_too_large", message: "Upload at most 20 files of 25 MB each at a time" } });
    expect(chunked.stats.pulled).toBeLessThanOrEqual(UPLOAD_BODY_LIMIT + 2 * 64 * 1024);
    expect(chunked.stats.cancelled).toBe(true);
  });

  it("refuses a NUL in a file name with a clear 400 and stores nothing", async () => {
    const { owner, workspace, caller } = await makeWorkspace(db);
    const kb = await caller.knowledge.create({ workspace: workspace.slug, name: "Docs" });
    const form = new FormData();
    form.set("workspace", workspace.slug);
    form.set("knowledgeBaseId", kb.id);
    form.append("files", new File(["Returns within 30 days."], "returns\u0000.md", { type: "text/markdown" }));
    const res = await handleUploadRequest({ db, userId: owner.id }, new Request(url, { method: "POST", body: form }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^Remove the NUL character \(\\u0000\) in files\.0\.name/);
    const [row] = await db.select({ n: count() }).from(documents).where(eq(documents.workspaceId, workspace.id));
    expect(row!.n).toBe(0);
  });

  it("uploads new documents as internal when asked, and refuses an unknown audience naming the choices", async () => {
    const { owner, workspace, caller } = await makeWorkspace(db);
    const kb = await caller.knowledge.create({ workspace: workspace.slug, name: "Playbooks" });
    const post = (audience: string) => {
      const form = new FormData();
      form.set("workspace", workspace.slug);
      form.set("knowledgeBaseId", kb.id);
      form.set("audience", audience);
      form.append("files", new File(["# Playbook\n\nEscalate angry callers to a lead."], `playbook-${audience}.md`, { type: "text/markdown" }));
      return handleUploadRequest({ db, userId: owner.id }, new Request(url, { method: "POST", body: form }));
    };
    const res = await post("internal");
    expect(res.status).toBe(200);
    const [doc] = await db.select({ audience: documents.audience }).from(documents).where(eq(documents.workspaceId, workspace.id));
    expect(doc!.audience).toBe("internal");
    const bad = await post("everyone");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^Choose "customer"/);
  });
});
