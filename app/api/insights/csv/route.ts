import { getDb } from "@/db/client";
import { currentUser } from "@/server/auth/current-user";
import { handleInsightsCsv } from "@/server/api/handle-insights-csv";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** One dashboard table as CSV: `?workspace=&table=&agentId=&from=&to=…`, the dashboard's filters. */
export async function GET(request: Request) {
  const db = await getDb();
  return handleInsightsCsv({ db, user: await currentUser(db) }, request);
}
