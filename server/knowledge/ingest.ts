import "server-only";
import { and, eq, inArray, ne, notInArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { chunks, documents } from "@/db/schema";
import type { Models } from "@/server/agent/models";
import { chunkDocument } from "./chunk";
import { ParseError, detectFormat, parseDocument } from "./parse";

const EMBED_BATCH = 64;
const INSERT_BATCH = 200;

export type IngestOutcome = "ready" | "failed" | "skipped";

export interface IngestOptions {
  /** Called as work advances (the job runner uses it as a heartbeat). */
  onProgress?: (progress: number) => Promise<void> | void;
}

const setDoc = (db: Db, id: string, values: Partial<typeof documents.$inferInsert>) =>
  db.update(documents).set({ ...values, updatedAt: new Date() }).where(eq(documents.id, id));

/**
 * Builds `version` of a document: parse → chunk → embed (reusing the embedding of every chunk whose
 * content hash is already stored) → insert → flip `activeVersion` and drop the old version's chunks in
 * one transaction. Until the flip, queries keep reading the previous version.
 */
export async function ingestDocument(db: Db, models: Pick<Models, "embed">, input: { documentId: string; version: number }, opts: IngestOptions = {}): Promise<IngestOutcome> {
  const doc = await db.query.documents.findFirst({ where: eq(documents.id, input.documentId) });
  // A newer upload superseded this version (its own job builds that one), or the document is gone.
  if (!doc || doc.pendingVersion !== input.version || !doc.content) return "skipped";
  const progress = async (value: number, values: Partial<typeof documents.$inferInsert> = {}) => {
    await setDoc(db, doc.id, { ...values, progress: Math.round(value) });
    await opts.onProgress?.(value);
  };
  await setDoc(db, doc.id, { status: "processing", progress: 2, error: null });

  const format = detectFormat(doc.filename, doc.mimeType);
  const baseTitle = (doc.filename ?? doc.title).replace(/\.[a-z0-9]+$/i, "");
  let drafts;
  let pageCount = 1;
  let title = doc.title;
  try {
    if (!format) throw new ParseError("This file type is not supported: upload PDF, DOCX, HTML, Markdown, TXT or CSV");
    const parsed = await parseDocument(doc.content, format, baseTitle);
    title = parsed.title ?? doc.title;
    pageCount = parsed.pageCount;
    drafts = chunkDocument(parsed, title);
    if (drafts.length === 0) throw new ParseError("No text was found in this document");
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    await setDoc(db, doc.id, { status: "failed", error: e.message, progress: 0, chunksEmbedded: 0, chunksTotal: null, pendingVersion: null });
    return "failed";
  }
  const chunksTotal = drafts.length;
  await progress(10, { chunksTotal, chunksEmbedded: 0 });

  // Unchanged chunks (this document, any version, or a crashed earlier attempt) keep their embedding.
  const hashes = [...new Set(drafts.map((d) => d.contentHash))];
  const known = new Map<string, number[]>();
  for (let i = 0; i < hashes.length; i += 500) {
    const rows = await db
      .select({ hash: chunks.contentHash, embedding: chunks.embedding })
      .from(chunks)
      .where(and(eq(chunks.documentId, doc.id), inArray(chunks.contentHash, hashes.slice(i, i + 500))));
    for (const r of rows) known.set(r.hash, r.embedding);
  }
  const missing = drafts.filter((d, i, all) => !known.has(d.contentHash) && all.findIndex((x) => x.contentHash === d.contentHash) === i);
  // "N of M chunks embedded" in the studio: reused embeddings count as done from the start.
  const embedded = () => drafts.reduce((n, d) => n + (known.has(d.contentHash) ? 1 : 0), 0);
  if (known.size > 0) await setDoc(db, doc.id, { chunksEmbedded: embedded() });
  for (let i = 0; i < missing.length; i += EMBED_BATCH) {
    const batch = missing.slice(i, i + EMBED_BATCH);
    const vectors = await models.embed(batch.map((d) => d.embedInput));
    batch.forEach((d, j) => known.set(d.contentHash, vectors[j]!));
    await progress(10 + (75 * Math.min(missing.length, i + EMBED_BATCH)) / missing.length, { chunksEmbedded: embedded() });
  }

  await db.delete(chunks).where(and(eq(chunks.documentId, doc.id), eq(chunks.version, input.version)));
  for (let i = 0; i < drafts.length; i += INSERT_BATCH) {
    await db.insert(chunks).values(
      drafts.slice(i, i + INSERT_BATCH).map((d) => ({
        workspaceId: doc.workspaceId,
        knowledgeBaseId: doc.knowledgeBaseId,
        documentId: doc.id,
        version: input.version,
        ordinal: d.ordinal,
        sectionPath: d.sectionPath,
        text: d.text,
        contentHash: d.contentHash,
        embedding: known.get(d.contentHash)!,
      })),
    );
    await progress(85 + (10 * Math.min(drafts.length, i + INSERT_BATCH)) / drafts.length);
  }

  return db.transaction(async (tx) => {
    const [current] = await tx.select({ pending: documents.pendingVersion }).from(documents).where(eq(documents.id, doc.id)).for("update");
    if (current?.pending !== input.version) {
      await tx.delete(chunks).where(and(eq(chunks.documentId, doc.id), eq(chunks.version, input.version)));
      return "skipped" as const;
    }
    await tx
      .update(documents)
      .set({ activeVersion: input.version, pendingVersion: null, status: "ready", progress: 100, chunksEmbedded: chunksTotal, chunksTotal, error: null, pageCount, title, updatedAt: new Date() })
      .where(eq(documents.id, doc.id));
    // Older versions go, except those a release still answers from (releases freeze their knowledge).
    await tx.delete(chunks).where(and(eq(chunks.documentId, doc.id), ne(chunks.version, input.version), notInArray(chunks.version, releasedVersions(doc.workspaceId, doc.id))));
    return "ready" as const;
  });
}

/** The versions of a document that releases pinned (releases.snapshot → knowledge[].documents[]). */
const releasedVersions = (workspaceId: string, documentId: string) => sql`(
  select (d ->> 'activeVersion')::integer from releases r, jsonb_array_elements(r.snapshot -> 'knowledge') kb, jsonb_array_elements(kb -> 'documents') d
  where r.workspace_id = ${workspaceId} and d ->> 'id' = ${documentId})`;

/**
 * Marks a document whose ingestion kept failing for reasons other than its content. Its pending version
 * stays, so an admin's retry of the failed job (once the cause is fixed) still builds it.
 */
export async function failDocument(db: Db, documentId: string, message: string): Promise<void> {
  await db.update(documents).set({ status: "failed", error: message, progress: 0, updatedAt: sql`now()` }).where(eq(documents.id, documentId));
}
