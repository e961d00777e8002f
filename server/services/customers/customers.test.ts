import { createHmac, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLogs, conversations, customerMemories, customers, turnTraces } from "@/db/schema";
import { loadRetailDb } from "@/db/seed/store";
import { resolveMemorySettings } from "@/lib/schemas/customers";
import { loadDraftConfig } from "@/server/agent/config/load-draft-config";
import { Tracer } from "@/server/agent/pipeline/trace";
import { decideWrite } from "@/server/agent/policy/decide-write";
import type { SessionState } from "@/server/agent/types";
import type { Role } from "@/server/authz/permissions";
import { hostedApiFixture } from "@/server/services/hosted-api/testing";
import { savePersona } from "@/server/services/persona/persona";
import { publishRelease } from "@/server/services/releases/publish-release";
import { buildTurnContext } from "@/server/services/runtime/build-turn-context";
import type { StoreOrder, StoreUser } from "@/server/services/store/types";
import { testDatabase } from "@/test/db";
import { addMember, makeWorkspace } from "@/test/factories";
import { type IdentityClaims, signIdentityJwt, signIdentityToken } from "./identity-token";
import { recallMemory } from "./recall-memory";
import { verifyIdentity } from "./verify-identity";

const { db } = await testDatabase();
type Fixture = Awaited<ReturnType<typeof hostedApiFixture>>;
let a: Fixture;
let b: Fixture;
const secrets: Record<string, string> = {};
const widgetKeys: Record<string, string> = {};
let user: StoreUser;
let other: StoreUser;
let pending: StoreOrder;
let delivered: StoreOrder;
const ORIGIN = "http://shop.test";
const allOn = { preferred_name: { enabled: true, days: 30 }, language: { enabled: true, days: 30 }, last_order: { enabled: true, days: 30 }, open_problem: { enabled: true, days: 30 } };

beforeAll(async () => {
  a = await hostedApiFixture(db, { template: "tpl-customers" });
  b = await hostedApiFixture(db, { template: "tpl-customers" });
  for (const fx of [a, b]) {
    const w = { workspace: fx.workspace.slug };
    // A greeting that uses memory, with a section only a returning customer sees.
    await savePersona(fx.ctx, { agent: fx.agent.id, persona: { agentName: "Sam", tone: "friendly", greeting: "Hi{{#memory.preferred_name}} {{memory.preferred_name}}, welcome back{{/memory.preferred_name}}! I'm Sam." } });
    await publishRelease(fx.ctx, { agentId: fx.agent.id, notes: "customers" });
    secrets[fx.workspace.id] = (await fx.caller.customers.rotateIdentitySecret(w)).secret;
    widgetKeys[fx.workspace.id] = (await fx.caller.widget.create({ ...w, agentId: fx.agent.id, allowedOrigins: [ORIGIN] })).publicKey;
    await fx.caller.customers.saveMemorySettings({ ...w, ...allOn });
  }
  const data = await loadRetailDb();
  const users = Object.values(data.users).filter((u) => {
    const orders = u.orders.map((id) => data.orders[id]!);
    return orders.some((o) => o.status === "pending") && orders.some((o) => o.status === "delivered");
  });
  [user, other] = [users[0]!, users[1]!];
  pending = user.orders.map((id) => data.orders[id]!).find((o) => o.status === "pending")!;
  delivered = user.orders.map((id) => data.orders[id]!).find((o) => o.status === "delivered")!;
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

const claims = (fx: Fixture, over: Partial<IdentityClaims> = {}): IdentityClaims => ({
  workspace: fx.workspace.id,
  id: user.user_id,
  attributes: { plan: "gold" },
  exp: Math.floor(Date.now() / 1000) + 300,
  nonce: randomUUID(),
  ...over,
});

/** POST /widget/conversations from the allowed origin, as widget.js does. */
const widgetStart = (fx: Fixture, body: Record<string, unknown>) =>
  fetch(`${fx.baseUrl}/widget/conversations?key=${widgetKeys[fx.workspace.id]}`, { method: "POST", headers: { origin: ORIGIN, "content-type": "application/json" }, body: JSON.stringify(body) });

async function refused(res: Response, reason: string) {
  expect(res.status).toBe(401);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("unauthorized");
  expect(body.error.message).toContain(`Identity token refused (${reason})`);
}

const stateOf = async (conversationId: string) => {
  const [row] = await db.select({ state: conversations.state, customerRef: conversations.customerRef }).from(conversations).where(eq(conversations.id, conversationId));
  return { state: row!.state as SessionState, customerRef: row!.customerRef };
};

/** What the gate decides for cancelling the customer's pending order with this session (confirmed). */
async function gateFor(fx: Fixture, session: SessionState) {
  const config = await loadDraftConfig(db, { workspaceId: fx.workspace.id, agentId: fx.agent.id });
  const env = await buildTurnContext(db, { workspaceId: fx.workspace.id, appUrl: fx.storeUrl, config });
  const { decision } = await decideWrite(
    { ...env, config, trace: new Tracer() },
    { tool: "cancel_pending_order", args: { order_id: pending.order_id, reason: "no longer needed" }, session: { authenticatedUserId: session.authenticatedUserId, confirmed: true }, now: new Date() },
  );
  return decision.decision;
}

const conversationCount = async (fx: Fixture) => (await db.select({ id: conversations.id }).from(conversations).where(eq(conversations.workspaceId, fx.workspace.id))).length;

describe("identity tokens", () => {
  it("a valid sb1 token or JWT starts the session verified, as the verifying lookup would, and the gate allows the customer's write", async () => {
    const res = await widgetStart(a, { identityToken: signIdentityToken(secrets[a.workspace.id]!, claims(a)), customer: { id: "visitor-9" } });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; customer: unknown };
    expect(created.customer).toEqual({ id: user.user_id, verified: true });
    const { state, customerRef } = await stateOf(created.id);
    expect(state.authenticatedUserId).toBe(user.user_id);
    expect(state.customer).toEqual({ userId: user.user_id });
    const [profile] = await db.select().from(customers).where(eq(customers.id, customerRef!));
    expect(profile).toMatchObject({ workspaceId: a.workspace.id, externalId: user.user_id, attributes: { plan: "gold" } });
    expect(profile!.verifiedAt).not.toBeNull();
    expect(await gateFor(a, state)).toBe("allow");

    const jwt = await signIdentityJwt(secrets[a.workspace.id]!, claims(a, { attributes: { plan: "platinum" } }));
    const viaJwt = await widgetStart(a, { identityToken: jwt });
    expect(viaJwt.status).toBe(201);
    const second = (await viaJwt.json()) as { id: string };
    expect((await stateOf(second.id)).customerRef).toBe(customerRef);
    const [updated] = await db.select({ attributes: customers.attributes }).from(customers).where(eq(customers.id, customerRef!));
    expect(updated!.attributes).toEqual({ plan: "platinum" });
  });

  it("refuses tampered, forged, unsigned, expired, replayed and other-workspace tokens with 401s naming why, and opens nothing", async () => {
    const secret = secrets[a.workspace.id]!;
    const before = await conversationCount(a);
    const good = signIdentityToken(secret, claims(a));
    const [prefix, payload, signature] = good.split(".");
    const tamperedPayload = Buffer.from(JSON.stringify({ ...claims(a), id: other.user_id })).toString("base64url");
    await refused(await widgetStart(a, { identityToken: `${prefix}.${tamperedPayload}.${signature}` }), "forged");
    await refused(await widgetStart(a, { identityToken: `${prefix}.${payload}.` }), "unsigned");
    await refused(await widgetStart(a, { identityToken: signIdentityToken("not-the-secret", claims(a)) }), "forged");
    await refused(await widgetStart(a, { identityToken: signIdentityToken(secret, claims(a, { exp: Math.floor(Date.now() / 1000) - 120 })) }), "expired");
    await refused(await widgetStart(a, { identityToken: await signIdentityJwt(secret, claims(a, { exp: Math.floor(Date.now() / 1000) - 120 })) }), "expired");
    // Another workspace's token, with its own secret, and one relabelled for this workspace.
    await refused(await widgetStart(a, { identityToken: signIdentityToken(secrets[b.workspace.id]!, claims(b)) }), "other workspace");
    await refused(await widgetStart(a, { identityToken: signIdentityToken(secrets[b.workspace.id]!, claims(a)) }), "forged");
    // alg "none": an unsigned JWT.
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${Buffer.from(JSON.stringify({ aud: a.workspace.id, sub: user.user_id, exp: claims(a).exp, jti: randomUUID() })).toString("base64url")}.`;
    await refused(await widgetStart(a, { identityToken: none }), "unsigned");
    expect(await conversationCount(a)).toBe(before);

    // Replayed: the first use verifies, the same token again is refused.
    expect((await widgetStart(a, { identityToken: good })).status).toBe(201);
    await refused(await widgetStart(a, { identityToken: good }), "replayed");
    // A forged token with a real token's nonce does not use that nonce up.
    const fresh = claims(a);
    await refused(await widgetStart(a, { identityToken: signIdentityToken("wrong", fresh) }), "forged");
    expect((await widgetStart(a, { identityToken: signIdentityToken(secret, fresh) })).status).toBe(201);
  });

  it("without a valid token the visitor is anonymous: no customer, and the gate refuses the write as for an unverified customer", async () => {
    const res = await widgetStart(a, { customer: { id: user.user_id, verified: true } });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; customer: unknown };
    expect(created.customer).toBeNull();
    const { state, customerRef } = await stateOf(created.id);
    expect(customerRef).toBeNull();
    expect(state.authenticatedUserId).toBeUndefined();
    expect(await gateFor(a, state)).not.toBe("allow");
  });

  it("a rotated secret refuses tokens signed with the old one; the workspace without a secret says how to get one", async () => {
    const old = secrets[a.workspace.id]!;
    const rotated = await a.caller.customers.rotateIdentitySecret({ workspace: a.workspace.slug });
    secrets[a.workspace.id] = rotated.secret;
    expect(rotated.secret).not.toBe(old);
    await refused(await widgetStart(a, { identityToken: signIdentityToken(old, claims(a)) }), "forged");
    expect((await widgetStart(a, { identityToken: signIdentityToken(rotated.secret, claims(a)) })).status).toBe(201);
    const status = await a.caller.customers.identitySecret({ workspace: a.workspace.slug });
    expect(status).toMatchObject({ configured: true, hint: rotated.secret.slice(-4), workspaceId: a.workspace.id });
    expect(JSON.stringify(status)).not.toContain(rotated.secret);
    const { workspace } = await makeWorkspace(db);
    await expect(verifyIdentity(db, { workspaceId: workspace.id, token: signIdentityToken("x", claims(a, { workspace: workspace.id })) })).rejects.toMatchObject({
      reason: "no_secret",
      message: expect.stringContaining("Settings › Identity & memory"),
    });
  });
});

describe("API customers", () => {
  it("upserts the customer by the brand's id; `verified: true` starts the session verified, without it the agent verifies", async () => {
    const id = `api-${randomUUID()}`;
    const first = await a.call("/conversations", { json: { agent: a.agent.slug, customer: { id, attributes: { tier: "vip" } } } }).then((r) => r.json());
    expect(first.customer).toEqual({ id, verified: false });
    const s1 = await stateOf(first.id);
    expect(s1.state.authenticatedUserId).toBeUndefined();
    const second = await a.call("/conversations", { json: { agent: a.agent.slug, customer: { id, verified: true } } }).then((r) => r.json());
    const s2 = await stateOf(second.id);
    expect(s2.customerRef).toBe(s1.customerRef);
    expect(s2.state.authenticatedUserId).toBe(id);
    const [row] = await db.select().from(customers).where(eq(customers.id, s1.customerRef!));
    expect(row).toMatchObject({ externalId: id, attributes: { tier: "vip" } });
  });

  it("refuses malformed attributes with a sentence", async () => {
    for (const attributes of ["gold", [1, 2], { nested: { deep: 1 } }, Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, "v"])), { big: "x".repeat(400), more: "y".repeat(400), evenMore: "z".repeat(400), a: "1".repeat(450), b: "2".repeat(450), c: "3".repeat(450), d: "4".repeat(450), e: "5".repeat(450), f: "6".repeat(450), g: "7".repeat(450) }]) {
      const res = await a.call("/conversations", { json: { agent: a.agent.slug, customer: { id: "c-bad", attributes } } });
      expect(res.status, JSON.stringify(attributes).slice(0, 60)).toBe(422);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("invalid_request");
      expect(body.error.message).toMatch(/attributes/);
    }
    expect(await db.select().from(customers).where(and(eq(customers.workspaceId, a.workspace.id), eq(customers.externalId, "c-bad")))).toEqual([]);
  });
});

describe("memory", () => {
  /** A conversation of `id`'s customer (verified by the brand's server) where they ask about their delivered order. */
  async function talk(fx: Fixture, id: string) {
    const c = await fx.call("/conversations", { json: { agent: fx.agent.slug, customer: { id, verified: true } } }).then((r) => r.json());
    const turn = await fx.call(`/conversations/${c.id}/messages`, { json: { text: `Where is my order ${delivered.order_id}?` } }).then((r) => r.json());
    expect(turn.messages, JSON.stringify({ c, turn })).toBeDefined();
    return { id: c.id as string, greeting: c.messages[0].text as string, reply: turn.messages.map((m: { text: string }) => m.text).join(" ") as string };
  }
  const memoriesOf = async (fx: Fixture, externalId: string) => {
    const [c] = await db.select({ id: customers.id }).from(customers).where(and(eq(customers.workspaceId, fx.workspace.id), eq(customers.externalId, externalId)));
    return c ? db.select().from(customerMemories).where(eq(customerMemories.customerId, c.id)) : [];
  };

  it("learns what the turn established, recalls it in the customer's next conversation (greeting and trace), never for another customer or workspace", async () => {
    const first = await talk(a, user.user_id);
    expect(first.greeting).toBe("Hi! I'm Sam.");
    expect(first.reply).toContain(delivered.order_id);
    const learned = await memoriesOf(a, user.user_id);
    expect(Object.fromEntries(learned.map((m) => [m.kind, m.value]))).toMatchObject({ preferred_name: user.name.first_name, last_order: delivered.order_id });
    expect(learned.every((m) => m.sourceConversationId === first.id)).toBe(true);

    const again = await a.call("/conversations", { json: { agent: a.agent.slug, customer: { id: user.user_id } } }).then((r) => r.json());
    expect(again.messages[0].text).toBe(`Hi ${user.name.first_name}, welcome back! I'm Sam.`);
    const [trace] = await db.select().from(turnTraces).where(and(eq(turnTraces.conversationId, again.id), eq(turnTraces.turn, 0)));
    expect(trace!.events[0]).toMatchObject({ type: "memory", decision: "recalled" });
    expect(trace!.events[0]!.name).toMatch(/^memory: recalled .*preferred_name/);
    expect((await stateOf(again.id)).state.memory).toMatchObject({ preferred_name: user.name.first_name, last_order: delivered.order_id });

    // Another customer of the same workspace, and the same customer id in another workspace: nothing recalled.
    const stranger = await a.call("/conversations", { json: { agent: a.agent.slug, customer: { id: other.user_id } } }).then((r) => r.json());
    expect(stranger.messages[0].text).toBe("Hi! I'm Sam.");
    const elsewhere = await b.call("/conversations", { json: { agent: b.agent.slug, customer: { id: user.user_id } } }).then((r) => r.json());
    expect(elsewhere.messages[0].text).toBe("Hi! I'm Sam.");
    expect(await db.select().from(turnTraces).where(eq(turnTraces.conversationId, elsewhere.id))).toEqual([]);
  });

  it("a kind the workspace turns off is neither learned nor recalled", async () => {
    const id = other.user_id;
    await b.caller.customers.saveMemorySettings({ workspace: b.workspace.slug, ...allOn, preferred_name: { enabled: false, days: 30 } });
    await talk(b, id);
    const kinds = (await memoriesOf(b, id)).map((m) => m.kind);
    expect(kinds).toContain("last_order");
    expect(kinds).not.toContain("preferred_name");
    // Learned while on, then turned off: not recalled.
    const [c] = await db.select({ id: customers.id }).from(customers).where(and(eq(customers.workspaceId, b.workspace.id), eq(customers.externalId, id)));
    await db.insert(customerMemories).values({ workspaceId: b.workspace.id, customerId: c!.id, kind: "preferred_name", value: "Old", learnedAt: new Date() });
    const next = await b.call("/conversations", { json: { agent: b.agent.slug, customer: { id } } }).then((r) => r.json());
    expect(next.messages[0].text).toBe("Hi! I'm Sam.");
    await b.caller.customers.saveMemorySettings({ workspace: b.workspace.slug, ...allOn });
  });

  it("recalls the newest fact per kind and ignores expired ones and ones older than the kind's days", async () => {
    const [c] = await db.insert(customers).values({ workspaceId: a.workspace.id, externalId: `mem-${randomUUID()}` }).returning();
    const now = new Date("2026-06-01T12:00:00Z");
    const day = 86_400_000;
    const at = (days: number) => new Date(now.getTime() - days * day);
    await db.insert(customerMemories).values([
      { workspaceId: a.workspace.id, customerId: c!.id, kind: "preferred_name", value: "Old", learnedAt: at(5), expiresAt: at(-20) },
      { workspaceId: a.workspace.id, customerId: c!.id, kind: "preferred_name", value: "Newer", learnedAt: at(2), expiresAt: at(-20) },
      { workspaceId: a.workspace.id, customerId: c!.id, kind: "last_order", value: "#W1", learnedAt: at(10), expiresAt: at(-5) },
      { workspaceId: a.workspace.id, customerId: c!.id, kind: "last_order", value: "#W2", learnedAt: at(1), expiresAt: at(0.5) }, // expired
      { workspaceId: a.workspace.id, customerId: c!.id, kind: "open_problem", value: "late parcel", learnedAt: at(40), expiresAt: null },
    ]);
    const recalled = await recallMemory(db, { workspaceId: a.workspace.id, customerId: c!.id, settings: resolveMemorySettings(allOn), now });
    expect(Object.fromEntries(recalled.map((m) => [m.kind, m.value]))).toEqual({ preferred_name: "Newer", last_order: "#W1" });
    // Another workspace's id with this customer: nothing.
    expect(await recallMemory(db, { workspaceId: b.workspace.id, customerId: c!.id, settings: resolveMemorySettings(allOn), now })).toEqual([]);
  });

  it("is never a policy fact: a remembered order does not verify the customer for the gate", async () => {
    const id = `mem-gate-${randomUUID()}`;
    const c = await a.call("/conversations", { json: { agent: a.agent.slug, customer: { id } } }).then((r) => r.json());
    const { customerRef } = await stateOf(c.id);
    await db.insert(customerMemories).values({ workspaceId: a.workspace.id, customerId: customerRef!, kind: "last_order", value: pending.order_id, sourceConversationId: c.id });
    const next = await a.call("/conversations", { json: { agent: a.agent.slug, customer: { id } } }).then((r) => r.json());
    const { state } = await stateOf(next.id);
    expect(state.memory).toMatchObject({ last_order: pending.order_id });
    expect(state.authenticatedUserId).toBeUndefined();
    expect(await gateFor(a, state)).not.toBe("allow");
  });
});

describe("profiles and permissions", () => {
  it("lists customers by search with keyset pages, and a profile with conversations and memory", async () => {
    const tag = randomUUID().slice(0, 6);
    for (let i = 0; i < 5; i++) await a.call("/conversations", { json: { agent: a.agent.slug, customer: { id: `list-${tag}-${i}`, attributes: { city: i % 2 ? `Lyon-${tag}` : "Paris" } } } });
    const w = { workspace: a.workspace.slug };
    const page1 = await a.caller.customers.list({ ...w, search: tag, limit: 2 });
    const page2 = await a.caller.customers.list({ ...w, search: tag, limit: 2, cursor: page1.nextCursor! });
    const page3 = await a.caller.customers.list({ ...w, search: tag, limit: 2, cursor: page2.nextCursor! });
    const ids = [...page1.customers, ...page2.customers, ...page3.customers].map((c) => c.externalId);
    expect(ids.sort()).toEqual([0, 1, 2, 3, 4].map((i) => `list-${tag}-${i}`));
    expect(page3.nextCursor).toBeNull();
    const byAttribute = await a.caller.customers.list({ ...w, search: `lyon-${tag}` });
    expect(byAttribute.customers.map((c) => c.externalId).sort()).toEqual([`list-${tag}-1`, `list-${tag}-3`]);

    const [me] = (await a.caller.customers.list({ ...w, search: user.user_id })).customers;
    const profile = await a.caller.customers.get({ ...w, customerId: me!.id });
    expect(profile.customer.externalId).toBe(user.user_id);
    expect(profile.conversations.length).toBeGreaterThanOrEqual(2);
    expect(new Set(profile.conversations.map((c) => c.channel))).toEqual(new Set(["api", "widget"]));
    expect(profile.memories.map((m) => m.kind)).toEqual(expect.arrayContaining(["preferred_name", "last_order"]));
  });

  it("another workspace's customer or memory is not found; an unknown one too", async () => {
    const [theirs] = await db.select().from(customers).where(eq(customers.workspaceId, b.workspace.id)).limit(1);
    const w = { workspace: a.workspace.slug };
    await expect(a.caller.customers.get({ ...w, customerId: theirs!.id })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Customer not found" });
    await expect(a.caller.customers.get({ ...w, customerId: randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(a.caller.customers.get({ ...w, customerId: "nope" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("not a customer id") });
    const [memory] = await db.select().from(customerMemories).where(eq(customerMemories.workspaceId, b.workspace.id)).limit(1);
    await expect(a.caller.customers.deleteMemory({ ...w, memoryId: memory!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(a.caller.customers.updateMemory({ ...w, memoryId: memory!.id, value: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await db.select().from(customerMemories).where(eq(customerMemories.id, memory!.id))).length).toBe(1);
  });

  it("only owners and admins edit or delete memory, change memory settings and rotate the identity secret (audited)", async () => {
    const roles: Role[] = ["admin", "builder", "reviewer", "agent", "viewer"];
    const w = { workspace: a.workspace.slug };
    const [c] = await db.insert(customers).values({ workspaceId: a.workspace.id, externalId: `roles-${randomUUID()}` }).returning();
    for (const role of roles) {
      const { caller } = await addMember(db, a.workspace.id, role);
      const [m] = await db.insert(customerMemories).values({ workspaceId: a.workspace.id, customerId: c!.id, kind: "preferred_name", value: "Ann" }).returning();
      const attempts = [
        () => caller.customers.updateMemory({ ...w, memoryId: m!.id, value: "Anne" }),
        () => caller.customers.deleteMemory({ ...w, memoryId: m!.id }),
        () => caller.customers.saveMemorySettings({ ...w, ...allOn }),
        () => caller.customers.rotateIdentitySecret(w),
      ];
      for (const attempt of attempts) {
        if (role === "admin") await attempt();
        else await expect(attempt()).rejects.toMatchObject({ code: "FORBIDDEN" });
      }
      expect(await caller.customers.get({ ...w, customerId: c!.id })).toBeDefined(); // everyone reads profiles
    }
    secrets[a.workspace.id] = (await a.caller.customers.rotateIdentitySecret(w)).secret;
    const actions = (await db.select({ action: auditLogs.action }).from(auditLogs).where(eq(auditLogs.workspaceId, a.workspace.id))).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["memory.update", "memory.delete", "memory.settings.update", "identity_secret.rotate", "identity_secret.create"]));
    await expect(a.caller.customers.saveMemorySettings({ ...w, ...allOn, last_order: { enabled: true, days: 0 } })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("at least 1 day") });
  });
});

describe("the sb1 format", () => {
  it("is HMAC-SHA256 over `sb1.<base64url JSON>`, as the docs' Node snippet computes it", () => {
    const c = { workspace: "w", id: "u", attributes: {}, exp: 1, nonce: "12345678" };
    const payload = Buffer.from(JSON.stringify(c)).toString("base64url");
    const sig = createHmac("sha256", "s3cret").update(`sb1.${payload}`).digest("base64url");
    expect(signIdentityToken("s3cret", c)).toBe(`sb1.${payload}.${sig}`);
  });
});
