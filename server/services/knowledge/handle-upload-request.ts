import "server-only";
import type { Db } from "@/db/client";
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_FILES, documentAudienceSchema } from "@/lib/schemas/knowledge";
import { findUnsafeInput, unsafeInputMessage } from "@/lib/schemas/text";
import { DomainError, httpStatusOf } from "@/server/errors";
import { BodyTooLargeError, boundedRequest } from "@/server/http/read-body";
import { addDocuments } from "./add-documents";
import { resolveKnowledgeAccess } from "./resolve-knowledge-access";

/** The documented upload limit: every file at its limit, plus the form's overhead. */
export const UPLOAD_BODY_LIMIT = MAX_UPLOAD_FILES * MAX_UPLOAD_BYTES + 1024 * 1024;

const problem = (status: number, code: string, message: string) => Response.json({ error: { code, message } }, { status });

/**
 * The upload route's work (app/api/knowledge/upload): multipart `workspace`, `knowledgeBaseId`, an optional
 * `audience` for new documents (customer-facing unless "internal") and one or more `files`, each with its own result. The body is read only for a signed-in user, and only up to
 * UPLOAD_BODY_LIMIT, however it is sent.
 */
export async function handleUploadRequest(ctx: { db: Db; userId: string | null }, request: Request): Promise<Response> {
  if (!ctx.userId) return problem(401, "unauthorized", "Sign in to continue");
  try {
    const bounded = await boundedRequest(request, UPLOAD_BODY_LIMIT);
    const form = await bounded.formData().catch(() => null);
    if (!form) return problem(400, "invalid", "Send the files as multipart/form-data");
    const entries = form.getAll("files").flatMap((f) => (f instanceof File ? [f] : []));
    const fields = { workspace: String(form.get("workspace") ?? ""), knowledgeBaseId: String(form.get("knowledgeBaseId") ?? "") };
    const unsafe = findUnsafeInput({ ...fields, files: entries.map((f) => ({ name: f.name, type: f.type })) });
    if (unsafe) return problem(400, "invalid", unsafeInputMessage(unsafe));
    const audience = documentAudienceSchema.optional().safeParse(form.get("audience") ?? undefined);
    if (!audience.success) return problem(400, "invalid", audience.error.issues[0]!.message);
    const access = await resolveKnowledgeAccess({ db: ctx.db, userId: ctx.userId }, fields.workspace);
    const files = await Promise.all(entries.map(async (f) => ({ filename: f.name, mimeType: f.type, bytes: Buffer.from(await f.arrayBuffer()), audience: audience.data })));
    return Response.json({ results: await addDocuments(access, { knowledgeBaseId: fields.knowledgeBaseId, files }) });
  } catch (e) {
    if (e instanceof BodyTooLargeError) return problem(413, "payload_too_large", `Upload at most ${MAX_UPLOAD_FILES} files of ${MAX_UPLOAD_BYTES / 1024 / 1024} MB each at a time`);
    if (e instanceof DomainError) return problem(httpStatusOf[e.code], e.code, e.message);
    throw e;
  }
}
