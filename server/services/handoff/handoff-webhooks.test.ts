import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { webhookDeliveries } from "@/db/schema";
import { drainJobs } from "@/server/jobs/drain-jobs";
import { DELIVER_WEBHOOK_QUEUE } from "@/server/jobs/queues";
import { hostedApiFixture } from "@/server/services/hosted-api/testing";
import { publishRelease } from "@/server/services/releases/publish-release";
import { deliverWebhook } from "@/server/services/webhooks/deliver-webhook";
import { verifySignature } from "@/server/services/webhooks/sign";
import { testDatabase } from "@/test/db";

const { db } = await testDatabase();
const closers: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

it("a handoff, a person's reply and the resolution each reach the brand's webhook, signed; a failed delivery is retried", async () => {
  const fx = await hostedApiFixture(db, { template: "tpl-handoff-webhooks" });
  closers.push(fx.close);
  await publishRelease(fx.ctx, { agentId: fx.agent.id });
  let secret = "";
  let answered = 0;
  const seen: { verified: boolean; event: string; body: Record<string, unknown> }[] = [];
  const server = createServer(async (req, res) => {
    let raw = "";
    for await (const part of req) raw += part;
    // The first request fails: the queue must try again.
    if (answered++ === 0) return void res.writeHead(500).end();
    seen.push({ verified: verifySignature(secret, String(req.headers["x-switchback-signature"]), raw), event: String(req.headers["x-switchback-event"]), body: JSON.parse(raw) });
    res.writeHead(200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  await fx.caller.settings.save({ workspace: fx.workspace.slug, model: { kind: "local" }, allowedHosts: [host] });
  secret = (await fx.caller.releases.setWebhook({ workspace: fx.workspace.slug, agentId: fx.agent.id, url: `http://${host}/hook` })).secret!;

  const c = (await fx.call("/conversations", { json: { agent: fx.agent.slug } }).then((r) => r.json())) as { id: string };
  await fx.call(`/conversations/${c.id}/messages`, { json: { text: "I want to talk to a human" } });
  const ws = fx.workspace.slug;
  await fx.caller.inbox.claim({ workspace: ws, conversationId: c.id });
  await fx.caller.inbox.reply({ workspace: ws, conversationId: c.id, text: "Hello, Owner here" });
  await fx.caller.inbox.resolve({ workspace: ws, conversationId: c.id, outcome: "resolved" });

  const deliveries = () => db.select().from(webhookDeliveries).where(eq(webhookDeliveries.conversationId, c.id));
  for (let i = 0; i < 20 && !(await deliveries()).every((d) => d.status === "delivered"); i++) {
    await drainJobs(db, DELIVER_WEBHOOK_QUEUE, deliverWebhook, { workspaceId: fx.workspace.id, ignoreRetryDelay: true, limit: 1 });
  }
  const rows = await deliveries();
  expect(rows.map((d) => d.event).sort()).toEqual(["conversation.escalated", "conversation.handoff", "conversation.resolved", "message.created"]);
  expect(rows.every((d) => d.status === "delivered")).toBe(true);
  expect(rows.reduce((n, d) => n + d.attempts, 0)).toBe(5);
  expect(seen.every((s) => s.verified)).toBe(true);
  const body = (event: string) => seen.find((s) => s.event === event)!.body;
  expect(body("conversation.handoff")).toMatchObject({ conversation: { id: c.id, owner: "waiting_for_human" }, summary: { why: "The customer asked for a person" } });
  expect(body("message.created")).toMatchObject({ conversation: { id: c.id, owner: "human" }, message: { role: "human", text: "Hello, Owner here", authorName: "Owner" } });
  expect(body("conversation.resolved")).toMatchObject({ conversation: { id: c.id, owner: "resolved", status: "resolved" }, outcome: "resolved" });
});
