import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";
import {
  auditLogs,
  conversationAnnotations,
  conversationNotes,
  conversations,
  conversationScores,
  conversationTags,
  customerMemories,
  customers,
  erasedConversationStats,
  evalResults,
  evalRuns,
  evalSuites,
  memberships,
  messageCorrections,
  messages,
  scoreCriteria,
  tags,
  toolExecutions,
  webhookDeliveries,
} from "@/db/schema";
import { retailFixture } from "@/server/agent/testing/retail-fixture";
import { DELIVER_WEBHOOK_QUEUE } from "@/server/jobs/queues";
import { sendJob } from "@/server/jobs/send-job";
import { publishRelease } from "@/server/services/releases/publish-release";
import { simulateConversations } from "@/server/services/simulate/simulate-conversations";
import { testDatabase } from "@/test/db";
import { makeWorkspace, uniq } from "@/test/factories";
import { ERASED_WITHOUT_CASCADE } from "./erase-conversations";
import { forgetCustomer } from "./forget-customer";
import { makeCustomer, tablesMentioning } from "./testing";

// Real conversations through the runtime (the simulator), some of them a customer's, with every kind of
// row that can name them; then a forget, checked table by table and against insights.
let db: Db;
let fx: Awaited<ReturnType<typeof retailFixture>>;
const now = new Date("2026-11-30T18:00:00Z");
const tag = uniq();
const externalId = `cust-${tag}`;
const email = `zed.${tag}@mail.test`;
const phrase = `blue-giraffe-${tag}`;
let customer: typeof customers.$inferSelect;
let other: typeof customers.$inferSelect;
let mine: string[];
let theirs: string[];
let ownerId: string;

const metrics = (input: Record<string, unknown> = {}) =>
  fx.caller.insights.agentMetrics({ workspace: fx.workspace.slug, agentId: fx.agent.id, from: "2026-11-17", to: "2026-11-30", timeZone: "UTC", ...input });
/** Insights without `quality` (review scores and the judge's sentiment are the erased conversations' own rows, not aggregates). */
const headline = async (input: Record<string, unknown> = {}) => {
  const { quality: _, ...rest } = (await metrics(input)) as Awaited<ReturnType<typeof metrics>> & { quality?: unknown };
  return rest;
};

beforeAll(async () => {
  db = (await testDatabase()).db;
  fx = await retailFixture(db, { template: "tpl-privacy" });
  const [owner] = await db.select().from(memberships).where(eq(memberships.workspaceId, fx.workspace.id));
  ownerId = owner!.userId;
  await publishRelease({ db, userId: ownerId, workspace: fx.workspace, role: "owner" }, { agentId: fx.agent.id, notes: "Release 1" });
  await simulateConversations(db, { workspaceId: fx.workspace.id, agent: fx.agent.slug, conversations: 24, days: 14, seed: 7, appUrl: fx.store.appUrl, now });
  const all = await db.select({ id: conversations.id }).from(conversations).where(eq(conversations.agentId, fx.agent.id)).orderBy(conversations.createdAt);
  customer = await makeCustomer(db, fx.workspace.id, externalId, { email, name: "Zed" });
  other = await makeCustomer(db, fx.workspace.id, `other-${tag}`, { email: `other.${tag}@mail.test` });
  // Every third simulated conversation is the customer's; a legacy one names them only in `customer`.
  mine = all.filter((_, i) => i % 3 === 0).map((c) => c.id);
  theirs = all.filter((_, i) => i % 3 === 1).map((c) => c.id);
  await db.update(conversations).set({ customerRef: customer.id, customer: { id: externalId, email } }).where(inArray(conversations.id, mine.slice(1)));
  await db.update(conversations).set({ customer: { id: externalId } }).where(eq(conversations.id, mine[0]!));
  await db.update(conversations).set({ customerRef: other.id, customer: { id: other.externalId } }).where(inArray(conversations.id, theirs));

  const ws = fx.workspace.id;
  const [c1, c2] = [mine[1]!, mine[2]!];
  const [said] = await db
    .insert(messages)
    .values({ workspaceId: ws, conversationId: c1, turn: 99, role: "customer", text: `my code is ${phrase}, mail ${email}` })
    .returning();
  const [t] = await db.insert(tags).values({ workspaceId: ws, name: `vip-${tag}`, colour: "blue" }).returning();
  await db.insert(conversationTags).values([
    { workspaceId: ws, tagId: t!.id, conversationId: c1 },
    { workspaceId: ws, tagId: t!.id, conversationId: theirs[0]! },
  ]);
  const [note] = await db.insert(conversationNotes).values({ workspaceId: ws, conversationId: c1, authorName: "Rev", text: `called ${phrase}` }).returning();
  await db.insert(messageCorrections).values({ workspaceId: ws, conversationId: c1, messageId: said!.id, authorName: "Rev", text: `should say ${phrase}` });
  const [criterion] = await db.insert(scoreCriteria).values({ workspaceId: ws, name: `Polite ${tag}`, scale: "pass_fail", scorer: "human" }).returning();
  await db.insert(conversationScores).values({ workspaceId: ws, conversationId: c1, criterionId: criterion!.id, kind: "human", value: "pass", points: 1, authorName: "Rev" });
  await db.insert(conversationAnnotations).values({ workspaceId: ws, conversationId: c2, outcome: "resolved", sentiment: 0.2, sentimentLabel: "neutral", topic: phrase, judge: "local judge" });
  await db.insert(toolExecutions).values({ workspaceId: ws, conversationId: c2, tool: "find_user_id_by_email", idempotencyKey: `k-${tag}`, args: { email }, status: "succeeded", result: { user: phrase } });
  const [delivery] = await db
    .insert(webhookDeliveries)
    .values({ workspaceId: ws, agentId: fx.agent.id, conversationId: c2, event: "conversation.escalated", url: "https://brand.test/hook", payload: { transcript: phrase } })
    .returning();
  await sendJob(db, DELIVER_WEBHOOK_QUEUE, { workspaceId: ws, deliveryId: delivery!.id });
  await sendJob(db, DELIVER_WEBHOOK_QUEUE, { workspaceId: ws, deliveryId: "unrelated", customer: externalId });
  await db.insert(customerMemories).values([
    { workspaceId: ws, customerId: customer.id, kind: "open_problem", value: `lost parcel ${phrase}`, sourceConversationId: c1 },
    { workspaceId: ws, customerId: customer.id, kind: "preferred_name", value: "Zed" },
    { workspaceId: ws, customerId: other.id, kind: "preferred_name", value: "Otto" },
  ]);
  const [suite] = await db.insert(evalSuites).values({ workspaceId: ws, agentId: fx.agent.id, name: `Suite ${tag}` }).returning();
  const [run] = await db.insert(evalRuns).values({ workspaceId: ws, agentId: fx.agent.id, suiteId: suite!.id, target: "draft", trigger: "studio" }).returning();
  await db.insert(evalResults).values({ workspaceId: ws, runId: run!.id, caseName: "c", suiteName: "s", attempt: 1, passed: true, expectations: [], transcript: [], conversationId: c2, ms: 1 });
  await db.insert(auditLogs).values([
    { workspaceId: ws, actorId: ownerId, action: "conversation.note", targetType: "conversation", targetId: c1, after: { noteId: note!.id, text: `called ${phrase}` } },
    { workspaceId: ws, actorId: ownerId, action: "customer.update", targetType: "customer", targetId: customer.id, before: { attributes: { email } }, after: { attributes: {} } },
    { workspaceId: ws, actorId: ownerId, action: "tag.create", targetType: "tag", targetId: t!.id, after: { name: `vip-${tag}` } },
  ]);
}, 90_000);
afterAll(() => fx?.store.close());

async function snapshot(ids: string[]) {
  const n = async (q: Promise<unknown[]>) => (await q).length;
  return {
    conversations: await n(db.select({ id: conversations.id }).from(conversations).where(inArray(conversations.id, ids))),
    messages: await n(db.select({ id: messages.id }).from(messages).where(inArray(messages.conversationId, ids))),
    tags: await n(db.select({ id: conversationTags.id }).from(conversationTags).where(inArray(conversationTags.conversationId, ids))),
    tools: await n(db.select({ id: toolExecutions.id }).from(toolExecutions).where(inArray(toolExecutions.conversationId, ids))),
  };
}

describe("forgetCustomer", () => {
  it("erases nothing when it fails part-way: one transaction", async () => {
    const before = { mine: await snapshot(mine), memories: await db.select().from(customerMemories).where(eq(customerMemories.customerId, customer.id)), stats: await db.select().from(erasedConversationStats) };
    expect(before.mine.conversations).toBe(mine.length);
    // The last step (the customer's row) fails: everything before it must be rolled back.
    await db.execute(sql.raw(`create or replace function h4_refuse() returns trigger language plpgsql as $$ begin raise exception 'refused by test'; end $$`));
    await db.execute(sql.raw(`create trigger h4_refuse before delete on customers for each row when (old.external_id = '${externalId}') execute function h4_refuse()`));
    try {
      const error = (await forgetCustomer({ db, workspaceId: fx.workspace.id, actorId: ownerId }, { externalId }).then(
        () => null,
        (e: unknown) => e,
      )) as (Error & { cause?: Error }) | null;
      // drizzle wraps the driver's error: the trigger's message is the cause's.
      expect(`${error?.message} ${error?.cause?.message}`).toContain("refused by test");
    } finally {
      await db.execute(sql.raw(`drop trigger h4_refuse on customers`));
    }
    expect(await snapshot(mine)).toEqual(before.mine);
    expect(await db.select().from(customerMemories).where(eq(customerMemories.customerId, customer.id))).toEqual(before.memories);
    expect(await db.select().from(erasedConversationStats)).toEqual(before.stats);
    expect(await db.select({ id: customers.id }).from(customers).where(eq(customers.id, customer.id))).toHaveLength(1);
  });

  it("leaves no row with the customer's id, external id, email or words, while insights add up as before", async () => {
    const needles = [customer.id, externalId, email, phrase];
    // The test can fail: before the forget, their data is in many tables.
    const spread = await tablesMentioning(db, phrase);
    for (const table of ["public.messages", "public.conversation_notes", "public.message_corrections", "public.tool_executions", "public.webhook_deliveries", "public.customer_memories", "public.audit_logs", "public.conversation_annotations"]) {
      expect(spread[table], table).toBeGreaterThan(0);
    }
    expect(Object.keys(await tablesMentioning(db, externalId))).toEqual(expect.arrayContaining(["public.customers", "public.conversations", "pgboss.job"]));
    const theirsBefore = await snapshot(theirs);
    const otherMemories = await db.select().from(customerMemories).where(eq(customerMemories.customerId, other.id));
    const insights = { utc: await headline(), kolkata: await headline({ timeZone: "Asia/Kolkata" }), api: await headline({ channel: "api" }), release: await headline({ release: 1 }) };
    expect(insights.utc.current.conversations + insights.utc.previous.conversations).toBeGreaterThan(mine.length);

    const result = await forgetCustomer({ db, workspaceId: fx.workspace.id, actorId: ownerId }, { externalId });
    expect(result.counts).toMatchObject({ conversations: mine.length, customers: 1, memories: 2, webhookDeliveries: 1, evalResultsUnlinked: 1, notes: 1, corrections: 1, scores: 1, annotations: 1 });
    expect(result.counts.jobs).toBeGreaterThanOrEqual(2);
    expect(result.counts.messages).toBeGreaterThan(mine.length);

    for (const needle of needles) expect(await tablesMentioning(db, needle), needle).toEqual({});
    // Nothing names their conversations any more, except the audit trail's targets (who tagged which conversation, without what).
    for (const id of mine) {
      const left = await tablesMentioning(db, id);
      expect(Object.keys(left).filter((t) => t !== "public.audit_logs"), id).toEqual([]);
    }
    const scrubbed = await db.select().from(auditLogs).where(and(eq(auditLogs.workspaceId, fx.workspace.id), inArray(auditLogs.targetId, mine)));
    for (const row of scrubbed) expect(row.after).toEqual({ erased: true });
    // The unrelated entry is untouched; the forget is audited with counts only.
    const [tagEntry] = await db.select().from(auditLogs).where(and(eq(auditLogs.workspaceId, fx.workspace.id), eq(auditLogs.action, "tag.create")));
    expect(tagEntry!.after).toEqual({ name: `vip-${tag}` });
    const [entry] = await db.select().from(auditLogs).where(and(eq(auditLogs.workspaceId, fx.workspace.id), eq(auditLogs.action, "customer.forget")));
    expect(entry).toMatchObject({ actorId: ownerId, targetType: "erasure", targetId: result.erasureId, after: result.counts });

    // The eval result stays, unlinked; the other customer keeps everything.
    expect(await db.select({ c: evalResults.conversationId }).from(evalResults).where(eq(evalResults.workspaceId, fx.workspace.id))).toEqual([{ c: null }]);
    expect(await snapshot(theirs)).toEqual(theirsBefore);
    expect(await db.select().from(customerMemories).where(eq(customerMemories.customerId, other.id))).toEqual(otherMemories);

    // Insights: every number as before, in any time zone and filter.
    expect(await headline()).toEqual(insights.utc);
    expect(await headline({ timeZone: "Asia/Kolkata" })).toEqual(insights.kolkata);
    expect(await headline({ channel: "api" })).toEqual(insights.api);
    expect(await headline({ release: 1 })).toEqual(insights.release);
  });

  it("is NOT_FOUND for an unknown customer, and for another workspace's", async () => {
    const err = await forgetCustomer({ db, workspaceId: fx.workspace.id, actorId: null }, { externalId: `nobody-${tag}` }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "not_found", message: expect.stringContaining(`No customer with id "nobody-${tag}"`) });
    const elsewhere = await makeWorkspace(db);
    const theirCustomer = await makeCustomer(db, elsewhere.workspace.id, `other-${tag}`);
    await expect(fx.caller.privacy.forgetCustomer({ workspace: fx.workspace.slug, customerId: theirCustomer.id, confirm: `other-${tag}` })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(fx.caller.privacy.exportCustomer({ workspace: fx.workspace.slug, customerId: theirCustomer.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.select({ id: customers.id }).from(customers).where(eq(customers.id, theirCustomer.id))).toHaveLength(1);
  });

  it("covers every table that names a conversation or a customer: erased explicitly or cascading", async () => {
    const columns = rowsOf<{ table: string; column: string }>(
      await db.execute(sql`
        select c.table_name as "table", c.column_name as "column" from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
        where c.table_schema = 'public' and c.column_name in ('conversation_id', 'source_conversation_id', 'customer_id', 'customer_ref')
          and c.table_name not in ('conversations', 'customers')`),
    );
    expect(columns.length).toBeGreaterThan(8);
    // Tables whose rows go (or are unlinked) when a conversation or customer row goes: foreign keys that
    // cascade or set null, followed through (message_corrections cascade from messages, which cascade from conversations).
    const keys = rowsOf<{ child: string; parent: string }>(
      await db.execute(sql`select conrelid::regclass::text as child, confrelid::regclass::text as parent from pg_constraint where contype = 'f' and confdeltype in ('c', 'n')`),
    ).map((k) => ({ child: k.child.replace(/^public\./, ""), parent: k.parent.replace(/^public\./, "") }));
    const cascading = new Set(["conversations", "customers"]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const k of keys) if (cascading.has(k.parent) && !cascading.has(k.child)) grew = Boolean(cascading.add(k.child));
    }
    const uncovered = columns.filter((c) => !cascading.has(c.table) && !(ERASED_WITHOUT_CASCADE as readonly string[]).includes(c.table));
    expect(uncovered).toEqual([]);
  });
});
