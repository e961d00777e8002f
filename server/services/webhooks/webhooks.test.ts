import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/rows";
import { agents, conversations, webhookDeliveries } from "@/db/schema";
import { drainJobs } from "@/server/jobs/drain-jobs";
import { DELIVER_WEBHOOK_QUEUE } from "@/server/jobs/queues";
import { hostedApiFixture } from "@/server/services/hosted-api/testing";
import { publishRelease } from "@/server/services/releases/publish-release";
import { testDatabase } from "@/test/db";
import { deliverWebhook } from "./deliver-webhook";
import { scanEscalations } from "./enqueue-escalation";
import { signatureHeader, verifySignature } from "./sign";
import { encryptPlaintextWebhookSecrets } from "./webhook-settings";

const { db } = await testDatabase();
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

describe("signatures", () => {
  it("verify with the secret, and fail for another body, secret or an old timestamp", () => {
    const body = JSON.stringify({ hello: "world" });
    const now = 1_800_000_000;
    const header = signatureHeader("whsec_test_secret_123", body, now);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature("whsec_test_secret_123", header, body, { now })).toBe(true);
    expect(verifySignature("whsec_test_secret_123", header, body.replace("world", "there"), { now })).toBe(false);
    expect(verifySignature("whsec_other_secret_456", header, body, { now })).toBe(false);
    expect(verifySignature("whsec_test_secret_123", header, body, { now: now + 3600 })).toBe(false);
    expect(verifySignature("whsec_test_secret_123", "garbage", body, { now })).toBe(false);
  });
});

const ESCALATED = "conversation.escalated";

/**
 * A brand's receiver, verifying each signature. It answers `conversation.escalated` deliveries with the
 * scripted statuses in turn (then 200) and every other event (an escalation is a handoff too) with 200.
 */
async function receiver(statuses: number[], secret: () => string) {
  const seen: { verified: boolean; body: Record<string, unknown>; headers: Record<string, unknown> }[] = [];
  const server = createServer(async (req, res) => {
    let raw = "";
    for await (const part of req) raw += part;
    seen.push({ verified: verifySignature(secret(), String(req.headers["x-switchback-signature"]), raw), body: JSON.parse(raw), headers: req.headers });
    const escalations = seen.filter((s) => s.headers["x-switchback-event"] === ESCALATED).length;
    res.writeHead(req.headers["x-switchback-event"] === ESCALATED ? (statuses[escalations - 1] ?? 200) : 200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  const port = (server.address() as AddressInfo).port;
  const escalations = () => seen.filter((s) => s.headers["x-switchback-event"] === ESCALATED);
  return { url: `http://127.0.0.1:${port}/hook`, host: `127.0.0.1:${port}`, port, seen, escalations };
}

type Fixture = Awaited<ReturnType<typeof hostedApiFixture>>;
/** The test receivers listen on loopback: the workspace must allow them, as it would a brand's private host. */
const allowHosts = (fx: Fixture, hosts: string[]) => fx.caller.settings.save({ workspace: fx.workspace.slug, model: { kind: "local" }, allowedHosts: hosts });
const escalate = async (fx: Fixture) => {
  const c = await fx.call("/conversations", { json: { agent: fx.agent.slug, customer: { id: "c-9", email: "yusuf.rossi7301@example.com" } } }).then((r) => r.json());
  const turn = await fx.call(`/conversations/${c.id}/messages`, { json: { text: "I want to talk to a human about my refund" } }).then((r) => r.json());
  expect(turn.status).toBe("escalated");
  return escalatedDelivery(c.id);
};
const escalatedDelivery = (conversationId: string) => async () =>
  (await db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.conversationId, conversationId), eq(webhookDeliveries.event, ESCALATED))))[0];

/** Runs the workspace's deliveries in this process one attempt at a time, retries without their backoff delay, until `check` holds. */
async function runJobsUntil(fx: Fixture, check: () => Promise<boolean>) {
  for (let i = 0; i < 20 && !(await check()); i++) await drainJobs(db, DELIVER_WEBHOOK_QUEUE, deliverWebhook, { workspaceId: fx.workspace.id, ignoreRetryDelay: true, limit: 1 });
  expect(await check()).toBe(true);
}

describe("escalation webhook", () => {
  it("posts the signed summary on handoff; a failing receiver is retried with backoff and the failures are visible", async () => {
    const fx = await hostedApiFixture(db, { template: "tpl-webhooks" });
    closers.push(fx.close);
    await publishRelease(fx.ctx, { agentId: fx.agent.id });
    let secret = "";
    const hook = await receiver([500, 503], () => secret);
    await allowHosts(fx, [hook.host]);
    const set = await fx.caller.releases.setWebhook({ workspace: fx.workspace.slug, agentId: fx.agent.id, url: hook.url });
    secret = set.secret!;
    expect(secret).toMatch(/^whsec_/);
    // The secret is shown once: reading or re-saving the URL never returns it again.
    expect(await fx.caller.releases.webhook({ workspace: fx.workspace.slug, agentId: fx.agent.id })).toEqual({ url: hook.url, configuredAt: expect.any(String) });
    expect((await fx.caller.releases.setWebhook({ workspace: fx.workspace.slug, agentId: fx.agent.id, url: hook.url })).secret).toBeNull();

    const c = await fx.call("/conversations", { json: { agent: fx.agent.slug, customer: { id: "c-9", email: "yusuf.rossi7301@example.com" } } }).then((r) => r.json());
    const turn = await fx.call(`/conversations/${c.id}/messages`, { json: { text: "I want to talk to a human about my refund" } }).then((r) => r.json());
    expect(turn.status).toBe("escalated");

    const delivery = escalatedDelivery(c.id);
    expect(await delivery()).toMatchObject({ status: "pending", attempts: 0, event: ESCALATED });
    await runJobsUntil(fx, async () => (await delivery())?.status === "delivered");

    const escalations = hook.escalations();
    expect(escalations).toHaveLength(3);
    expect(hook.seen.every((s) => s.verified)).toBe(true);
    // The escalation is a handoff too: its own event, delivered beside it.
    await runJobsUntil(fx, async () => hook.seen.some((s) => s.headers["x-switchback-event"] === "conversation.handoff"));
    expect(escalations[2]!.body).toMatchObject({
      event: "conversation.escalated",
      agent: { slug: fx.agent.slug },
      conversation: { id: c.id, channel: "api", status: "escalated", release: 1, customer: { id: "c-9" } },
      summary: expect.anything(),
      transcript: expect.arrayContaining([expect.objectContaining({ role: "customer", text: "I want to talk to a human about my refund" })]),
    });
    // Every attempt sent the same payload.
    expect(new Set(escalations.map((s) => JSON.stringify(s.body))).size).toBe(1);
    const listed = (await fx.caller.releases.deliveries({ workspace: fx.workspace.slug, agentId: fx.agent.id })).find((d) => d.event === ESCALATED);
    expect(listed).toMatchObject({ status: "delivered", attempts: 3, responseStatus: 200, lastError: null });
  });

  it("gives up after five attempts and shows why; escalations from other channels are found by the scan", async () => {
    const fx = await hostedApiFixture(db, { template: "tpl-webhooks" });
    closers.push(fx.close);
    await publishRelease(fx.ctx, { agentId: fx.agent.id });
    const hook = await receiver([500, 500, 500, 500, 500, 500], () => "unused");
    await allowHosts(fx, [hook.host]);
    await fx.caller.releases.setWebhook({ workspace: fx.workspace.slug, agentId: fx.agent.id, url: hook.url });

    // A conversation escalated outside the hosted API (e.g. the playground): the runner's scan queues it.
    const [other] = await db
      .insert(conversations)
      .values({ workspaceId: fx.workspace.id, agentId: fx.agent.id, channel: "playground", status: "escalated", handoff: { why: "asked for a person" } })
      .returning({ id: conversations.id });
    expect(await scanEscalations(db)).toBeGreaterThanOrEqual(1);
    // Once per conversation: a second scan queues nothing more for it (other files' escalations on a shared
    // Postgres may be found meanwhile, so count this one's deliveries, and its jobs below).
    await scanEscalations(db);
    expect(await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.conversationId, other!.id))).toHaveLength(1);

    const delivery = async () => (await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.conversationId, other!.id)))[0];
    await runJobsUntil(fx, async () => (await delivery())?.status === "failed");
    expect(hook.seen).toHaveLength(5);
    const [shown] = await fx.caller.releases.deliveries({ workspace: fx.workspace.slug, agentId: fx.agent.id });
    expect(shown).toMatchObject({ status: "failed", attempts: 5, responseStatus: 500, lastError: "The endpoint answered HTTP 500", nextAttemptAt: null });
    // The queue's job is failed too (its dead-letter state), after four retries.
    const jobs = rowsOf(await db.execute(sql`select state::text, retry_count from pgboss.job where name = ${DELIVER_WEBHOOK_QUEUE} and data->>'workspaceId' = ${fx.workspace.id}`));
    expect(jobs).toEqual([{ state: "failed", retry_count: 4 }]);
  });

  it("refuses an internal receiver at save and at every delivery, unless the workspace allows its host", async () => {
    const fx = await hostedApiFixture(db, { template: "tpl-webhooks" });
    closers.push(fx.close);
    await publishRelease(fx.ctx, { agentId: fx.agent.id });
    const hook = await receiver([], () => "unused");
    const set = (url: string) => fx.caller.releases.setWebhook({ workspace: fx.workspace.slug, agentId: fx.agent.id, url });
    for (const url of [hook.url, `http://2130706433:${hook.port}/hook`, `http://[::ffff:127.0.0.1]:${hook.port}/hook`, "http://169.254.169.254/latest/meta-data/"]) {
      await expect(set(url)).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("private or internal address") });
    }
    // Allowed when it was saved, no longer allowed when the escalation comes: the delivery is refused.
    await allowHosts(fx, [hook.host]);
    await set(hook.url);
    await allowHosts(fx, []);
    const delivery = await escalate(fx);
    await runJobsUntil(fx, async () => (await delivery())?.attempts === 1);
    expect(await delivery()).toMatchObject({ status: "pending", responseStatus: null, lastError: expect.stringContaining("127.0.0.1 resolves to a private or internal address") });
    expect(hook.seen).toHaveLength(0);
  });

  it("stores the signing secret encrypted; a secret stored in clear still signs and is encrypted on upgrade", async () => {
    const fx = await hostedApiFixture(db, { template: "tpl-webhooks" });
    closers.push(fx.close);
    await publishRelease(fx.ctx, { agentId: fx.agent.id });
    const legacy = "whsec_stored_in_clear_by_an_older_version";
    let secret = "";
    const hook = await receiver([], () => secret);
    await allowHosts(fx, [hook.host]);
    secret = (await fx.caller.releases.setWebhook({ workspace: fx.workspace.slug, agentId: fx.agent.id, url: hook.url })).secret!;
    const stored = async () => (await db.select({ settings: agents.settings }).from(agents).where(eq(agents.id, fx.agent.id)))[0]!.settings.webhook as Record<string, string>;
    expect(JSON.stringify(await stored())).not.toContain(secret);
    expect((await stored()).secretCiphertext).toMatch(/^v1\./);

    // A row written before encryption: it keeps signing with its secret, then the upgrade encrypts it.
    await db.update(agents).set({ settings: { webhook: { url: hook.url, secret: legacy, configuredAt: new Date(0).toISOString() } } }).where(eq(agents.id, fx.agent.id));
    secret = legacy;
    const first = await escalate(fx);
    await runJobsUntil(fx, async () => (await first())?.status === "delivered");
    expect(await encryptPlaintextWebhookSecrets(db)).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(await stored())).not.toContain(legacy);
    const second = await escalate(fx);
    await runJobsUntil(fx, async () => (await second())?.status === "delivered");
    expect(hook.escalations()).toHaveLength(2);
    expect(hook.seen.every((s) => s.verified)).toBe(true);
  });
});
