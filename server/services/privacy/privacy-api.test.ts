import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLogs, customers, workspaces } from "@/db/schema";
import type { Role } from "@/server/authz/permissions";
import { createApiKey } from "@/server/services/api-keys/create-api-key";
import { startApiServer } from "@/server/services/hosted-api/node-server";
import { testDatabase } from "@/test/db";
import { addMember, makeWorkspace, uniq } from "@/test/factories";
import { makeCustomer, makeCustomerConversation } from "./testing";

// The three doors into privacy — the hosted API, the studio's tRPC procedures (roles), and their errors.
let db: Db;
let api: Awaited<ReturnType<typeof startApiServer>>;
let ws: Awaited<ReturnType<typeof makeWorkspace>>;
let agentId: string;
let key: string;

beforeAll(async () => {
  db = (await testDatabase()).db;
  api = await startApiServer({ db, appUrl: "http://127.0.0.1:9" });
  ws = await makeWorkspace(db);
  agentId = (await ws.caller.agents.create({ workspace: ws.workspace.slug, name: "Support" })).id;
  key = (await createApiKey({ db, userId: ws.owner.id, workspace: ws.workspace }, { name: "tests" })).key;
});
afterAll(() => api?.close());

const call = (method: string, path: string, apiKey = key) => fetch(`${api.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${apiKey}` } });

describe("hosted API: /customers/{id}", () => {
  it("exports, then forgets the customer; their conversations then answer 404", async () => {
    const externalId = `shopper ${uniq()}`;
    const customer = await makeCustomer(db, ws.workspace.id, externalId, { email: "s@shop.test" });
    const conversation = await makeCustomerConversation(db, { workspaceId: ws.workspace.id, agentId, customer, texts: ["Refund my order please", "Sure."], releaseId: randomUUID() });
    expect((await call("GET", `/conversations/${conversation.id}`)).status).toBe(200);

    const exported = await call("GET", `/customers/${encodeURIComponent(externalId)}/export`);
    expect(exported.status).toBe(200);
    expect(await exported.json()).toMatchObject({
      switchback: "customer-export",
      version: 1,
      customer: { externalId, attributes: { email: "s@shop.test" } },
      conversations: [{ id: conversation.id, messages: [{ role: "customer", text: "Refund my order please" }, { role: "agent", text: "Sure." }] }],
      memory: [],
    });

    const forgotten = await call("DELETE", `/customers/${encodeURIComponent(externalId)}`);
    expect(forgotten.status).toBe(200);
    expect(await forgotten.json()).toMatchObject({ object: "customer.erasure", deleted: true, counts: { conversations: 1, messages: 2, customers: 1 } });
    const gone = await call("GET", `/conversations/${conversation.id}`);
    expect(gone.status).toBe(404);
    expect(await db.select().from(customers).where(eq(customers.id, customer.id))).toEqual([]);
    // The API key's forget has no actor; the export was audited too.
    const actions = (await db.select().from(auditLogs).where(eq(auditLogs.workspaceId, ws.workspace.id))).map((a) => [a.action, a.actorId]);
    expect(actions).toEqual(expect.arrayContaining([["customer.export", null], ["customer.forget", null]]));
  });

  it("answers a clear 404 for an unknown customer, and for another workspace's", async () => {
    const unknown = await call("DELETE", "/customers/nobody-here");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { code: "not_found", message: 'No customer with id "nobody-here" in this workspace: check the id your systems gave them (it is case-sensitive)' } });
    const elsewhere = await makeWorkspace(db);
    const theirs = await makeCustomer(db, elsewhere.workspace.id, `theirs-${uniq()}`);
    expect((await call("DELETE", `/customers/${theirs.externalId}`)).status).toBe(404);
    expect((await call("GET", `/customers/${theirs.externalId}/export`)).status).toBe(404);
    expect(await db.select({ id: customers.id }).from(customers).where(eq(customers.id, theirs.id))).toHaveLength(1);
    expect((await call("DELETE", `/customers/${theirs.externalId}`, "sb_live_wrong")).status).toBe(401);
  });

  it("is in the OpenAPI document", async () => {
    const doc = (await (await fetch(`${api.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId: string }>> };
    expect(doc.paths["/customers/{id}"]!.delete!.operationId).toBe("forgetCustomer");
    expect(doc.paths["/customers/{id}/export"]!.get!.operationId).toBe("exportCustomer");
  });
});

describe("studio: privacy procedures", () => {
  it("lets owners and admins forget, export and change settings; every other role is FORBIDDEN", async () => {
    const roles: Role[] = ["admin", "builder", "reviewer", "agent", "viewer"];
    const settings = { workspace: ws.workspace.slug, retention: { mode: "delete" as const, days: 90 }, redactPii: true };
    for (const role of roles) {
      const { caller } = await addMember(db, ws.workspace.id, role);
      const customer = await makeCustomer(db, ws.workspace.id, `${role}-${uniq()}`);
      const ref = { workspace: ws.workspace.slug, customerId: customer.id };
      if (role === "admin") {
        expect(await caller.privacy.saveSettings(settings)).toEqual({ retention: { mode: "delete", days: 90 }, redactPii: true });
        expect((await caller.privacy.exportCustomer(ref)).customer.externalId).toBe(customer.externalId);
        expect((await caller.privacy.forgetCustomer({ ...ref, confirm: customer.externalId })).counts.customers).toBe(1);
      } else {
        await expect(caller.privacy.saveSettings(settings), role).rejects.toMatchObject({ code: "FORBIDDEN" });
        await expect(caller.privacy.exportCustomer(ref), role).rejects.toMatchObject({ code: "FORBIDDEN" });
        await expect(caller.privacy.forgetCustomer({ ...ref, confirm: customer.externalId }), role).rejects.toMatchObject({ code: "FORBIDDEN" });
        expect(await db.select({ id: customers.id }).from(customers).where(eq(customers.id, customer.id)), role).toHaveLength(1);
        // Everyone may read whether retention is on.
        expect((await caller.privacy.settings({ workspace: ws.workspace.slug })).retention.mode).toBe("delete");
      }
    }
    const customer = await makeCustomer(db, ws.workspace.id, `owner-${uniq()}`);
    expect((await ws.caller.privacy.forgetCustomer({ workspace: ws.workspace.slug, customerId: customer.id, confirm: customer.externalId })).counts.customers).toBe(1);
  });

  it("refuses a forget whose typed confirmation is not the customer's id, and bad settings, with a sentence", async () => {
    const customer = await makeCustomer(db, ws.workspace.id, `typed-${uniq()}`);
    await expect(ws.caller.privacy.forgetCustomer({ workspace: ws.workspace.slug, customerId: customer.id, confirm: "yes" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: `Type the customer's id, ${customer.externalId}, to confirm: forgetting cannot be undone`,
    });
    expect(await db.select({ id: customers.id }).from(customers).where(eq(customers.id, customer.id))).toHaveLength(1);
    await expect(ws.caller.privacy.saveSettings({ workspace: ws.workspace.slug, retention: { mode: "delete", days: 0 }, redactPii: false })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("saves settings under settings.privacy without touching other keys, audited with before and after", async () => {
    const other = await makeWorkspace(db);
    await db.update(workspaces).set({ settings: { allowedHosts: ["10.0.0.1"] } }).where(eq(workspaces.id, other.workspace.id));
    const slug = other.workspace.slug;
    expect(await other.caller.privacy.settings({ workspace: slug })).toEqual({ retention: { mode: "off" }, redactPii: false });
    await other.caller.privacy.saveSettings({ workspace: slug, retention: { mode: "anonymize", days: 30 }, redactPii: true });
    const [row] = await db.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, other.workspace.id));
    expect(row!.settings).toEqual({ allowedHosts: ["10.0.0.1"], privacy: { retention: { mode: "anonymize", days: 30 }, redactPii: true } });
    const [entry] = await db.select().from(auditLogs).where(and(eq(auditLogs.workspaceId, other.workspace.id), eq(auditLogs.action, "settings.privacy")));
    expect(entry).toMatchObject({ actorId: other.owner.id, before: { retention: { mode: "off" }, redactPii: false }, after: { retention: { mode: "anonymize", days: 30 }, redactPii: true } });
  });
});
