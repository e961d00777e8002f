import { getDb } from "@/db/client";
import { currentUser } from "@/server/auth/current-user";
import { handleUploadRequest } from "@/server/services/knowledge/handle-upload-request";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Multipart upload: `workspace`, `knowledgeBaseId` and one or more `files`; each file gets its own result. */
export async function POST(request: Request) {
  const db = await getDb();
  const user = await currentUser(db);
  return handleUploadRequest({ db, userId: user?.id ?? null }, request);
}
