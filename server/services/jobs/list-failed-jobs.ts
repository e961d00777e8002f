import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/rows";
import type { WorkspaceCtx } from "@/server/services/context";

export interface FailedJob {
  id: string;
  queue: string;
  /** What the job was about (document, delivery…), without the workspace id every job carries. */
  data: Record<string, unknown>;
  error: string;
  attempts: number;
  createdAt: string;
  failedAt: string;
}

/**
 * The workspace's jobs that used up their retries (pg-boss's `failed` state, kept a week before it
 * archives them), newest first. Only the error's message is shown: pg-boss also stores its stack.
 */
export async function listFailedJobs(ctx: WorkspaceCtx, input: { limit?: number } = {}): Promise<FailedJob[]> {
  const rows = rowsOf<FailedJob>(
    await ctx.db.execute(sql`
      select id, name as queue, data - 'workspaceId' as data,
        coalesce(output->>'message', output->>'value', 'No error was recorded') as error,
        retry_count + 1 as attempts, created_on::text as "createdAt", completed_on::text as "failedAt"
      from pgboss.job
      where state = 'failed' and data->>'workspaceId' = ${ctx.workspace.id}
      order by completed_on desc
      limit ${Math.min(input.limit ?? 50, 200)}`),
  );
  return rows.map((r) => ({ ...r, attempts: Number(r.attempts) }));
}
