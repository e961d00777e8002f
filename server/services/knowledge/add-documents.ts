import "server-only";
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { documents } from "@/db/schema";
import { type DocumentAudience, MAX_UPLOAD_BYTES, MAX_UPLOAD_FILES } from "@/lib/schemas/knowledge";
import { invalid } from "@/server/errors";
import { enqueueIngest } from "@/server/knowledge/jobs";
import { INGEST_QUEUE } from "@/server/jobs/queues";
import { wakeWorkers } from "@/server/jobs/wake";
import { SUPPORTED_EXTENSIONS, detectFormat, mimeOf } from "@/server/knowledge/parse";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { getKnowledgeBase } from "./get-knowledge-base";

export interface IncomingFile {
  filename: string;
  mimeType: string;
  bytes: Buffer;
  /** For URL imports: the address, which identifies the document across re-imports. */
  sourceUrl?: string;
  /** Who a new document answers (customer-facing unless said); a new version keeps the document's audience. */
  audience?: DocumentAudience;
}

export interface AddDocumentResult {
  filename: string;
  status: "queued" | "unchanged" | "rejected";
  documentId?: string;
  version?: number;
  error?: string;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Why a file cannot be taken, in words for the person who dropped it; null when it is fine. */
export function rejectReason(file: { filename: string; mimeType: string; size: number }): string | null {
  if (file.size === 0) return `${file.filename} is empty`;
  if (file.size > MAX_UPLOAD_BYTES) return `${file.filename} is ${mb(file.size)}: files are limited to ${mb(MAX_UPLOAD_BYTES)}`;
  if (!detectFormat(file.filename, file.mimeType)) return `${file.filename}: this file type is not supported (use ${SUPPORTED_EXTENSIONS.map((e) => `.${e}`).join(", ")})`;
  return null;
}

/**
 * Stores uploaded files and queues their indexing. One document per file name (or URL) in a knowledge
 * base: the same content again changes nothing; new content becomes the next version, indexed in the
 * background while the current version keeps answering. Each file succeeds or fails on its own.
 */
export async function addDocuments(ctx: WorkspaceCtx, input: { knowledgeBaseId: string; files: IncomingFile[] }): Promise<AddDocumentResult[]> {
  const kb = await getKnowledgeBase(ctx, input);
  if (input.files.length === 0) throw invalid("Choose at least one file");
  if (input.files.length > MAX_UPLOAD_FILES) throw invalid(`Upload at most ${MAX_UPLOAD_FILES} files at a time`);
  const results: AddDocumentResult[] = [];
  for (const file of input.files) {
    const reason = rejectReason({ filename: file.filename, mimeType: file.mimeType, size: file.bytes.length });
    if (reason) {
      results.push({ filename: file.filename, status: "rejected", error: reason });
      continue;
    }
    results.push(await addOne(ctx, kb.id, file));
  }
  if (results.some((r) => r.status === "queued")) wakeWorkers(INGEST_QUEUE);
  return results;
}

async function addOne(ctx: WorkspaceCtx, knowledgeBaseId: string, file: IncomingFile): Promise<AddDocumentResult> {
  const contentHash = createHash("sha256").update(file.bytes).digest("hex");
  const format = detectFormat(file.filename, file.mimeType)!;
  const inKb = and(eq(documents.workspaceId, ctx.workspace.id), eq(documents.knowledgeBaseId, knowledgeBaseId));
  return ctx.db.transaction(async (tx) => {
    const [same] = await tx.select().from(documents).where(and(inKb, eq(documents.contentHash, contentHash))).limit(1);
    // Identical bytes are already here (under any name): nothing to index, unless that attempt failed.
    if (same && same.status !== "failed") return { filename: file.filename, status: "unchanged" as const, documentId: same.id, version: same.activeVersion ?? same.pendingVersion ?? undefined };
    const identity = file.sourceUrl ? eq(documents.sourceUrl, file.sourceUrl) : eq(documents.filename, file.filename);
    const [existing] = same ? [same] : await tx.select().from(documents).where(and(inKb, identity)).limit(1);
    const content = { contentHash, content: file.bytes, sizeBytes: file.bytes.length, mimeType: mimeOf[format], status: "queued", progress: 0, chunksEmbedded: 0, chunksTotal: null, error: null };
    let documentId: string;
    let version: number;
    if (existing) {
      version = Math.max(existing.activeVersion ?? 0, existing.pendingVersion ?? 0) + 1;
      documentId = existing.id;
      await tx.update(documents).set({ ...content, pendingVersion: version, updatedAt: new Date() }).where(eq(documents.id, existing.id));
    } else {
      version = 1;
      const [row] = await tx
        .insert(documents)
        .values({
          ...content,
          workspaceId: ctx.workspace.id,
          knowledgeBaseId,
          title: file.filename.replace(/\.[a-z0-9]+$/i, ""),
          source: file.sourceUrl ? "url" : "upload",
          sourceUrl: file.sourceUrl ?? null,
          filename: file.filename,
          audience: file.audience ?? "customer",
          pendingVersion: version,
        })
        .returning({ id: documents.id });
      documentId = row!.id;
    }
    await enqueueIngest(tx, { workspaceId: ctx.workspace.id, documentId, version });
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: existing ? "document.update" : "document.create",
      targetType: "document",
      targetId: documentId,
      before: existing ? { contentHash: existing.contentHash, version: existing.activeVersion } : undefined,
      after: { filename: file.filename, sourceUrl: file.sourceUrl, contentHash, sizeBytes: file.bytes.length, version, ...(existing ? {} : { audience: file.audience ?? "customer" }) },
    });
    return { filename: file.filename, status: "queued" as const, documentId, version };
  });
}
