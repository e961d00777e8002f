import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { chunks, documents } from "@/db/schema";
import { rowsOf } from "@/db/rows";
import { localModels } from "@/server/agent/models";
import { addDocuments } from "@/server/services/knowledge/add-documents";
import { createKnowledgeBase } from "@/server/services/knowledge/create-knowledge-base";
import { deleteDocument } from "@/server/services/knowledge/delete-document";
import type { WorkspaceCtx } from "@/server/services/context";
import { testDatabase } from "@/test/db";
import { makeWorkspace } from "@/test/factories";
import { INGEST_QUEUE } from "@/server/jobs/queues";
import { createWorkers } from "@/server/jobs/workers";
import { drainIngestJobs, ingestJobHandler, runIngestJob } from "./jobs";
import { malformedPdf, passwordProtectedPdf, pdfWithTable } from "./parse/fixtures";
import { retrieve } from "./retrieve";

const { db } = await testDatabase();

/** Counts the texts the ingestion embeds: only new or changed chunks may be embedded. */
function countingModels() {
  const counter = { texts: 0 };
  return { counter, modelsFor: async () => ({ embed: async (texts: string[]) => ((counter.texts += texts.length), localModels.embed(texts)) }) };
}

const md = (refundDays: string) => `# Store help

## Shipping

Orders ship within one business day. Standard delivery takes five to seven business days.

## Refund timing

Refunds to a credit card take ${refundDays} business days after we receive the items.

## Warranty

Every product has a one-year warranty against defects in materials.
`;

let ctx: WorkspaceCtx;
let kbId: string;
beforeAll(async () => {
  const { owner, workspace } = await makeWorkspace(db);
  ctx = { db, userId: owner.id, workspace, role: "owner" };
  kbId = (await createKnowledgeBase(ctx, { name: "Help" })).id;
});

const file = (filename: string, text: string | Buffer, mimeType = "text/markdown") => ({ filename, mimeType, bytes: Buffer.isBuffer(text) ? text : Buffer.from(text) });
const docRow = async (id: string) => (await db.select().from(documents).where(eq(documents.id, id)))[0]!;
const chunkRows = (documentId: string) => db.select().from(chunks).where(eq(chunks.documentId, documentId));
const search = (query: string) => retrieve(db, localModels.embed, { workspaceId: ctx.workspace.id, knowledgeBaseIds: [kbId], query });

describe("ingestion", () => {
  it("indexes each file of an upload on its own: a damaged or locked PDF fails with its reason, the others become ready", async () => {
    const results = await addDocuments(ctx, {
      knowledgeBaseId: kbId,
      files: [
        file("locked.pdf", passwordProtectedPdf(), "application/pdf"),
        file("rates.pdf", await pdfWithTable(), "application/pdf"),
        file("broken.pdf", malformedPdf(), "application/pdf"),
        file("notes.md", "# Notes\n\nGift wrapping costs three dollars per item."),
        file("huge.txt", Buffer.alloc(25 * 1024 * 1024 + 1, 97), "text/plain"),
        file("slides.pptx", "x", "application/vnd.ms-powerpoint"),
      ],
    });
    expect(results.map((r) => r.status)).toEqual(["queued", "queued", "queued", "queued", "rejected", "rejected"]);
    expect(results[4]!.error).toBe("huge.txt is 25.0 MB: files are limited to 25.0 MB");
    expect(results[5]!.error).toMatch(/slides\.pptx: this file type is not supported/);

    expect(await drainIngestJobs(db, { workspaceId: ctx.workspace.id })).toBe(4);
    const [locked, rates, broken, notes] = await Promise.all(results.slice(0, 4).map((r) => docRow(r.documentId!)));
    expect(locked).toMatchObject({ status: "failed", error: "This PDF is password-protected: remove the password and upload it again", activeVersion: null });
    expect(broken).toMatchObject({ status: "failed", activeVersion: null });
    expect(broken!.error).toMatch(/not a readable PDF/);
    expect(rates).toMatchObject({ status: "ready", progress: 100, activeVersion: 1, pageCount: 2, title: "Shipping guide" });
    expect(notes).toMatchObject({ status: "ready", activeVersion: 1 });
    const found = await search("How much does express shipping cost?");
    expect(found.passed[0]).toMatchObject({ documentTitle: "Shipping guide", sectionPath: "Shipping rates" });
    expect(found.passed[0]!.text).toContain("Method: Express; Cost: $12.99");
  });

  it("keeps one document per file: the same file again is unchanged, a changed section re-embeds only its chunks", async () => {
    const { counter, modelsFor } = countingModels();
    const [first] = await addDocuments(ctx, { knowledgeBaseId: kbId, files: [file("policies.md", md("5 to 7"))] });
    await drainIngestJobs(db, { workspaceId: ctx.workspace.id, modelsFor });
    const initial = await chunkRows(first!.documentId!);
    expect(initial.map((c) => c.sectionPath)).toEqual(["Shipping", "Refund timing", "Warranty"]);
    expect(counter.texts).toBe(3);

    const [again] = await addDocuments(ctx, { knowledgeBaseId: kbId, files: [file("policies.md", md("5 to 7")), file("copy-of-policies.md", md("5 to 7"))] }).then((r) => [r[0], r[1]]);
    expect(again).toMatchObject({ status: "unchanged", documentId: first!.documentId, version: 1 });
    expect(await drainIngestJobs(db, { workspaceId: ctx.workspace.id, modelsFor })).toBe(0);
    const docs = await db.select().from(documents).where(and(eq(documents.knowledgeBaseId, kbId), eq(documents.contentHash, (await docRow(first!.documentId!)).contentHash)));
    expect(docs).toHaveLength(1);

    counter.texts = 0;
    const [changed] = await addDocuments(ctx, { knowledgeBaseId: kbId, files: [file("policies.md", md("3 to 5"))] });
    expect(changed).toMatchObject({ status: "queued", documentId: first!.documentId, version: 2 });
    // Until the new version is ready, answers come from version 1.
    expect((await search("How long do credit card refunds take?")).passed[0]!.text).toContain("5 to 7 business days");
    await drainIngestJobs(db, { workspaceId: ctx.workspace.id, modelsFor });
    expect(counter.texts).toBe(1);
    const after = await chunkRows(first!.documentId!);
    expect(after.every((c) => c.version === 2)).toBe(true);
    expect(after).toHaveLength(3);
    // Unchanged sections keep their content hash (and embedding); only "Refund timing" is new.
    expect(after.filter((c) => initial.some((i) => i.contentHash === c.contentHash)).map((c) => c.sectionPath)).toEqual(["Shipping", "Warranty"]);
    expect(await docRow(first!.documentId!)).toMatchObject({ activeVersion: 2, pendingVersion: null, status: "ready" });
    expect((await search("How long do credit card refunds take?")).passed[0]!.text).toContain("3 to 5 business days");
  });

  it("a document whose last attempt failed (provider down) is built by a retry once the cause is fixed", async () => {
    const [added] = await addDocuments(ctx, { knowledgeBaseId: kbId, files: [file("retry.md", "# Retry\n\n## Provider\n\nIndexing resumes when the provider is back.")] });
    const job = { id: "job", name: INGEST_QUEUE, data: { workspaceId: ctx.workspace.id, documentId: added!.documentId!, version: added!.version! }, retryLimit: 2, retryDelay: 1, retryBackoff: true };
    const down = ingestJobHandler(async () => ({ embed: async () => Promise.reject(new Error("provider down")) }));
    await expect(down(db, { ...job, retryCount: 2 })).rejects.toThrow("provider down");
    expect(await docRow(added!.documentId!)).toMatchObject({ status: "failed", error: expect.stringContaining("provider down") });

    await ingestJobHandler(async () => localModels)(db, { ...job, retryCount: 3, retryLimit: 3 });
    expect(await docRow(added!.documentId!)).toMatchObject({ status: "ready", activeVersion: added!.version, pendingVersion: null });
  });

  it("deleting a document removes its chunks from the index", async () => {
    const [doc] = await addDocuments(ctx, { knowledgeBaseId: kbId, files: [file("gift-wrap.md", "# Gift wrap\n\n## Wrapping\n\nWe wrap presents in recycled kraft paper with a ribbon.")] });
    await drainIngestJobs(db, { workspaceId: ctx.workspace.id });
    expect((await search("kraft paper ribbon wrapping")).passed[0]?.documentId).toBe(doc!.documentId);
    await deleteDocument(ctx, { documentId: doc!.documentId! });
    expect(await chunkRows(doc!.documentId!)).toHaveLength(0);
    expect((await search("kraft paper ribbon wrapping")).chunks.some((c) => c.documentId === doc!.documentId)).toBe(false);
  });

  it("the worker resumes a job a crashed process left running, and queued jobs", async () => {
    const [crashed, queued] = await addDocuments(ctx, {
      knowledgeBaseId: kbId,
      files: [file("crashed.md", "# Crash\n\n## Recovery\n\nIndexing resumes after a restart."), file("queued.md", "# Queue\n\n## Waiting\n\nQueued jobs run when the worker starts.")],
    });
    // As a process that died mid-way leaves it: active, started longer ago than the queue's expiry.
    await db.execute(sql`update pgboss.job set state = 'active', started_on = now() - interval '20 minutes' where name = ${INGEST_QUEUE} and data->>'documentId' = ${crashed!.documentId!}`);
    const workers = await createWorkers(db, { handlers: { [INGEST_QUEUE]: runIngestJob }, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 });
    try {
      await expect.poll(async () => [(await docRow(crashed!.documentId!)).status, (await docRow(queued!.documentId!)).status], { timeout: 20_000, interval: 200 }).toEqual(["ready", "ready"]);
    } finally {
      await workers.stop();
    }
    const done = rowsOf<{ state: string; retry_count: number }>(
      await db.execute(sql`select state::text, retry_count from pgboss.job where name = ${INGEST_QUEUE} and data->>'documentId' in (${crashed!.documentId!}, ${queued!.documentId!}) order by retry_count`),
    );
    // The crashed one was failed over by its expiry (one retry), then completed.
    expect(done).toEqual([{ state: "completed", retry_count: 0 }, { state: "completed", retry_count: 1 }]);
  });
});
