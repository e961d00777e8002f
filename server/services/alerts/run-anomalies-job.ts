import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { BASELINE_DAYS, DEFAULT_THRESHOLD } from "./baseline";
import { checkAnomalies } from "./check-anomalies";

/** Days the daily run judges: yesterday, and two before it in case a run was missed. */
const DAILY_DAYS = 3;
export const DEFAULT_MIN_VOLUME = 10;

/**
 * The daily anomaly check: every agent with conversations in the last baseline period, its last few
 * complete days. `workspaceId` limits it to one workspace (tests and the seed share a database).
 */
export async function runAnomaliesJob(db: Db, opts: { now?: Date; workspaceId?: string } = {}): Promise<{ agents: number; created: number }> {
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - (BASELINE_DAYS + DAILY_DAYS) * 86_400_000).toISOString();
  const agents = rowsOf<{ workspace_id: string; agent_id: string }>(
    await db.execute(sql`select distinct workspace_id, agent_id from conversations
      where channel <> 'eval' and created_at >= ${since}::timestamptz
        ${opts.workspaceId ? sql`and workspace_id = ${opts.workspaceId}` : sql``}
      order by workspace_id, agent_id`),
  );
  let created = 0;
  for (const a of agents) {
    const report = await checkAnomalies(db, { workspaceId: a.workspace_id, agentId: a.agent_id, days: DAILY_DAYS, threshold: DEFAULT_THRESHOLD, minVolume: DEFAULT_MIN_VOLUME, now });
    created += report.created.length;
  }
  return { agents: agents.length, created };
}
