import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { recomputeTopics, TOPIC_WINDOW_DAYS } from "./recompute-topics";

/**
 * The daily topics job: re-clusters every agent with conversations in the window (of one workspace, if
 * given: the seed and tests share a database). One agent's failure
 * (its provider is down) does not stop the others; the job fails at the end, naming them, so the studio's
 * failed-jobs list shows it.
 */
export async function runTopicsJob(db: Db, opts: { now?: Date; workspaceId?: string } = {}): Promise<{ agents: number }> {
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - TOPIC_WINDOW_DAYS * 86_400_000).toISOString();
  const agents = rowsOf<{ workspace_id: string; agent_id: string }>(
    await db.execute(sql`select distinct workspace_id, agent_id from conversations
      where channel <> 'eval' and created_at >= ${since}::timestamptz
        ${opts.workspaceId ? sql`and workspace_id = ${opts.workspaceId}` : sql``}
      order by workspace_id, agent_id`),
  );
  const failed: string[] = [];
  for (const a of agents) {
    try {
      await recomputeTopics(db, { workspaceId: a.workspace_id, agentId: a.agent_id, now });
    } catch (e) {
      failed.push(`agent ${a.agent_id}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (failed.length) throw new Error(`Topics failed for ${failed.length} of ${agents.length} agents — ${failed.join("; ")}`);
  return { agents: agents.length };
}
