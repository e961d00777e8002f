import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/rows";
import { conversationAnnotations, reviewQueueItems, reviewQueues } from "@/db/schema";
import { jobHandlers, jobSchedules } from "@/server/jobs/handlers";
import { PROCESS_ENDED_QUEUE } from "@/server/jobs/queues";
import { sendJob } from "@/server/jobs/send-job";
import { createWorkers, type Workers } from "@/server/jobs/workers";
import { testDatabase } from "@/test/db";
import { makeWorkspace } from "@/test/factories";
import { samplePoint } from "@/server/services/review-queues/sample-into-queues";
import { IDLE_AFTER_MS } from "./annotate-pending";
import { processEnded } from "./process-ended";
import { insertConversation } from "./testing";

const { db } = await testDatabase();
const running: Workers[] = [];
afterEach(async () => {
  for (const w of running.splice(0)) await w.stop({ timeoutMs: 1000 });
});

const jobState = async (id: string) => rowsOf<{ state: string }>(await db.execute(sql`select state::text from pgboss.job where id = ${id}::uuid`))[0]?.state;

describe("review.process-ended", () => {
  it("is scheduled every minute", () => {
    expect(jobSchedules).toContainEqual({ queue: PROCESS_ENDED_QUEUE, cron: "* * * * *" });
  });

  it("through the queue: the judge annotates what ended, then it is sampled into the review queues", async () => {
    const { workspace, caller } = await makeWorkspace(db);
    const agent = await caller.agents.create({ workspace: workspace.slug, name: "Support" });
    const base = { workspaceId: workspace.id, agentId: agent.id };
    const hourAgo = new Date(Date.now() - 3600_000);
    const angry = await insertConversation(db, { ...base, status: "resolved", startedAt: hourAgo, turns: [{ customer: "This is ridiculous, useless, worst service!!", agent: "Sorry about that." }] });
    const calm = await insertConversation(db, { ...base, status: "resolved", startedAt: hourAgo, turns: [{ customer: "Where is my order?", agent: "It ships today." }] });
    const ongoing = await insertConversation(db, { ...base, startedAt: new Date(Date.now() - 60_000), turns: [{ customer: "Hello", agent: "Hi! How can I help?" }] });
    const [queue] = await db.insert(reviewQueues).values({ workspaceId: workspace.id, name: "Unhappy", ruleKind: "negative_sentiment", rate: 100 }).returning();

    const w = await createWorkers(db, { handlers: { [PROCESS_ENDED_QUEUE]: jobHandlers[PROCESS_ENDED_QUEUE]! }, pollingIntervalSeconds: 0.5 });
    running.push(w);
    const id = (await sendJob(db, PROCESS_ENDED_QUEUE, { workspaceId: null }))!;
    await expect.poll(() => jobState(id), { timeout: 20_000, interval: 200 }).toBe("completed");

    const annotated = await db.select().from(conversationAnnotations).where(eq(conversationAnnotations.workspaceId, workspace.id));
    expect(new Map(annotated.map((a) => [a.conversationId, a.sentimentLabel]))).toEqual(
      new Map([
        [angry, "negative"],
        [calm, "neutral"],
      ]),
    );
    expect(annotated.map((a) => a.conversationId)).not.toContain(ongoing);
    const items = await db.select({ conversationId: reviewQueueItems.conversationId }).from(reviewQueueItems).where(eq(reviewQueueItems.queueId, queue!.id));
    expect(items).toEqual([{ conversationId: angry }]);

    // A second run finds nothing new: the same rows, no duplicate item.
    const again = (await sendJob(db, PROCESS_ENDED_QUEUE, { workspaceId: null }))!;
    await expect.poll(() => jobState(again), { timeout: 20_000, interval: 200 }).toBe("completed");
    expect(await db.select().from(conversationAnnotations).where(eq(conversationAnnotations.workspaceId, workspace.id))).toHaveLength(2);
    expect(await db.select().from(reviewQueueItems).where(eq(reviewQueueItems.queueId, queue!.id))).toHaveLength(1);
  });

  it("idle conversations enter the queues as ended ones do: sampled by the same hash, once, and only once idle", async () => {
    const { workspace, caller } = await makeWorkspace(db);
    const agent = await caller.agents.create({ workspace: workspace.slug, name: "Support" });
    const base = { workspaceId: workspace.id, agentId: agent.id };
    const now = new Date();
    const idleSince = new Date(now.getTime() - IDLE_AFTER_MS - 60 * 60_000);
    const idle: string[] = [];
    for (let i = 0; i < 40; i++) idle.push(await insertConversation(db, { ...base, startedAt: idleSince, turns: [{ customer: `Where is order ${i}?`, agent: "Let me check." }] }));
    const ongoing = await insertConversation(db, { ...base, startedAt: new Date(now.getTime() - 5 * 60_000), turns: [{ customer: "Hello", agent: "Hi! How can I help?" }] });
    const evalRun = await insertConversation(db, { ...base, channel: "eval", startedAt: idleSince, turns: [{ customer: "Test", agent: "Ok." }] });
    const [all, half] = await db
      .insert(reviewQueues)
      .values([
        { workspaceId: workspace.id, name: "Everything", ruleKind: "all", rate: 100 },
        { workspaceId: workspace.id, name: "Half", ruleKind: "all", rate: 50 },
      ])
      .returning();
    const itemsOf = async (queueId: string) => (await db.select({ c: reviewQueueItems.conversationId }).from(reviewQueueItems).where(eq(reviewQueueItems.queueId, queueId))).map((r) => r.c).sort();

    const first = await processEnded(db, { now });
    expect(first.annotated).toBeGreaterThanOrEqual(40);
    expect(await itemsOf(all!.id)).toEqual([...idle].sort());
    const expectedHalf = idle.filter((id) => samplePoint(half!.id, id) < 50).sort();
    expect(expectedHalf.length).toBeGreaterThan(0);
    expect(expectedHalf.length).toBeLessThan(40);
    expect(await itemsOf(half!.id)).toEqual(expectedHalf);

    // Nothing new on a re-run (this workspace's rows: on a shared Postgres the job sees other files' too);
    // the ongoing one enters once it has been quiet for the threshold.
    const annotationsBefore = await db.select().from(conversationAnnotations).where(eq(conversationAnnotations.workspaceId, workspace.id));
    await processEnded(db, { now });
    expect(await itemsOf(all!.id)).toEqual([...idle].sort());
    expect(await itemsOf(half!.id)).toEqual(expectedHalf);
    expect(await db.select().from(conversationAnnotations).where(eq(conversationAnnotations.workspaceId, workspace.id))).toEqual(annotationsBefore);
    const later = new Date(now.getTime() + IDLE_AFTER_MS + 60_000);
    await processEnded(db, { now: later });
    expect(await itemsOf(all!.id)).toEqual([...idle, ongoing].sort());
    expect(await itemsOf(all!.id)).not.toContain(evalRun);
  });
});
