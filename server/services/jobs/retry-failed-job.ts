import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/rows";
import { jobsApi } from "@/server/jobs/send-job";
import { wakeWorkers } from "@/server/jobs/wake";
import { notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";

/** Gives a failed job of the workspace one more attempt, now. Another workspace's job is not found. */
export async function retryFailedJob(ctx: WorkspaceCtx, input: { jobId: string }): Promise<{ id: string; queue: string }> {
  const job = await ctx.db.transaction(async (tx) => {
    const [row] = rowsOf<{ id: string; queue: string }>(
      await tx.execute(sql`
        select id, name as queue from pgboss.job
        where id = ${input.jobId}::uuid and state = 'failed' and data->>'workspaceId' = ${ctx.workspace.id}
        for update`),
    );
    if (!row) throw notFound("Failed job");
    // pg-boss's retry: back to `retry` with its retry limit raised by one. It keeps the last backoff's
    // start time, which may still be ahead: an admin's retry runs now.
    await jobsApi(tx).retry(row.queue, row.id);
    await tx.execute(sql`update pgboss.job set start_after = now() where name = ${row.queue} and id = ${row.id}::uuid`);
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "job.retry", targetType: "job", targetId: row.id, before: { state: "failed" }, after: { state: "retry", queue: row.queue } });
    return row;
  });
  wakeWorkers(job.queue);
  return job;
}
