import { sql } from "drizzle-orm";
import { getDatabase } from "@/db/client";

export const dynamic = "force-dynamic";

export async function GET() {
  const { db, kind } = await getDatabase();
  await db.execute(sql`select 1`);
  return Response.json({ ok: true, database: kind });
}
