import { getDb } from "@/db/client";
import { currentUser } from "@/server/auth/current-user";
import { handleExportRequest } from "@/server/services/annotation/handle-export-request";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The conversation list's filter as JSONL or CSV, streamed (server/services/annotation/README.md). */
export async function GET(request: Request) {
  const db = await getDb();
  const user = await currentUser(db);
  return handleExportRequest({ db, userId: user?.id ?? null }, request);
}
