import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "@/db/rows";
import { drainJobs } from "@/server/jobs/drain-jobs";
import type { QueuedJob } from "@/server/jobs/handler";
import { DELIVER_WEBHOOK_QUEUE } from "@/server/jobs/queues";
import { sendJob } from "@/server/jobs/send-job";
import { testDatabase } from "@/test/db";
import { addMember, makeWorkspace } from "@/test/factories";

const { db } = await testDatabase();

// A delivery job whose receiver is down for good: it uses up its retries (the queue's real policy).
async function failedDelivery(workspaceId: string) {
  const id = (await sendJob(db, DELIVER_WEBHOOK_QUEUE, { workspaceId, deliveryId: "d-1" }))!;
  const down = async () => {
    throw new Error("The endpoint answered HTTP 503");
  };
  await drainJobs(db, DELIVER_WEBHOOK_QUEUE, down, { workspaceId, ignoreRetryDelay: true });
  return id;
}

describe("failed jobs in the studio", () => {
  it("lists the workspace's failed jobs with their error; retry runs one more attempt", async () => {
    const { workspace, caller } = await makeWorkspace(db);
    const id = await failedDelivery(workspace.id);
    const [listed, ...rest] = await caller.jobs.failed({ workspace: workspace.slug });
    expect(rest).toEqual([]);
    expect(listed).toMatchObject({ id, queue: DELIVER_WEBHOOK_QUEUE, data: { deliveryId: "d-1" }, error: "The endpoint answered HTTP 503", attempts: 5 });
    expect(JSON.stringify(listed)).not.toContain("at "); // the message, not pg-boss's stored stack

    expect(await caller.jobs.retry({ workspace: workspace.slug, jobId: id })).toEqual({ id, queue: DELIVER_WEBHOOK_QUEUE });
    expect(await caller.jobs.failed({ workspace: workspace.slug })).toEqual([]);
    const ran: QueuedJob[] = [];
    expect(await drainJobs(db, DELIVER_WEBHOOK_QUEUE, async (_db, job: QueuedJob) => void ran.push(job), { workspaceId: workspace.id })).toBe(1);
    expect(ran[0]).toMatchObject({ id, retryCount: 5, retryLimit: 5 });
    const [row] = rowsOf(await db.execute(sql`select state::text from pgboss.job where id = ${id}::uuid`));
    expect(row).toEqual({ state: "completed" });
    const [audit] = (await caller.audit.list({ workspace: workspace.slug })).items.filter((a) => a.action === "job.retry");
    expect(audit).toMatchObject({ targetId: id, after: { state: "retry", queue: DELIVER_WEBHOOK_QUEUE } });
  });

  it("another workspace's job is not found, a builder may not list or retry, a bad id is a clear 400", async () => {
    const mine = await makeWorkspace(db);
    const other = await makeWorkspace(db);
    const id = await failedDelivery(mine.workspace.id);
    expect(await other.caller.jobs.failed({ workspace: other.workspace.slug })).toEqual([]);
    await expect(other.caller.jobs.retry({ workspace: other.workspace.slug, jobId: id })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Failed job not found" });
    const builder = await addMember(db, mine.workspace.id, "builder");
    await expect(builder.caller.jobs.failed({ workspace: mine.workspace.slug })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(builder.caller.jobs.retry({ workspace: mine.workspace.slug, jobId: id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(mine.caller.jobs.retry({ workspace: mine.workspace.slug, jobId: "not-a-uuid" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Unknown job id") });
    // Still failed: nothing above retried it.
    expect((await mine.caller.jobs.failed({ workspace: mine.workspace.slug })).map((j) => j.id)).toEqual([id]);
  });
});
