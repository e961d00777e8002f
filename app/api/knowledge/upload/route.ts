import { getDb } from "@/db/client";
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_FILES } from "@/lib/schemas/knowledge";
import { currentUser } from "@/server/auth/current-user";
import { DomainError, httpStatusOf } from "@/server/errors";
import { addDocuments } from "@/server/services/knowledge/add-documents";
import { resolveKnowledgeAccess } from "@/server/services/knowledge/resolve-knowledge-access";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const problem = (status: number, code: string, message: string) => Response.json({ error: { code, message } }, { status });

/** Multipart upload: `workspace`, `knowledgeBaseId` and one or more `files`; each file gets its own result. */
export async function POST(request: Request) {
  // Refuse an oversized body before reading it: every file at the limit, plus form overhead.
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_UPLOAD_FILES * MAX_UPLOAD_BYTES + 1024 * 1024) return problem(413, "invalid", `Upload at most ${MAX_UPLOAD_FILES} files of 25 MB each at a time`);
  try {
    const db = await getDb();
    const user = await currentUser(db);
    if (!user) return problem(401, "unauthorized", "Sign in to continue");
    const form = await request.formData().catch(() => null);
    if (!form) return problem(400, "invalid", "Send the files as multipart/form-data");
    const ctx = await resolveKnowledgeAccess({ db, userId: user.id }, String(form.get("workspace") ?? ""));
    const files = await Promise.all(
      form.getAll("files").flatMap((f) => (f instanceof File ? [f] : [])).map(async (f) => ({ filename: f.name, mimeType: f.type, bytes: Buffer.from(await f.arrayBuffer()) })),
    );
    const results = await addDocuments(ctx, { knowledgeBaseId: String(form.get("knowledgeBaseId") ?? ""), files });
    return Response.json({ results });
  } catch (e) {
    if (e instanceof DomainError) return problem(httpStatusOf[e.code], e.code, e.message);
    throw e;
  }
}
