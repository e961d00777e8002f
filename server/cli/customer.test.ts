import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLogs, conversations, customers } from "@/db/schema";
import { makeCustomer, makeCustomerConversation } from "@/server/services/privacy/testing";
import { testDatabase } from "@/test/db";
import { makeWorkspace, uniq } from "@/test/factories";
import { exportCustomerFromCli, forgetCustomerFromCli } from "./customer";

describe("switchback customer export / forget", () => {
  let db: Db;
  let ws: Awaited<ReturnType<typeof makeWorkspace>>;
  let agentId: string;
  const dir = mkdtempSync(path.join(tmpdir(), "switchback-customer-"));

  beforeAll(async () => {
    db = (await testDatabase()).db;
    ws = await makeWorkspace(db);
    agentId = (await ws.caller.agents.create({ workspace: ws.workspace.slug, name: "Support" })).id;
  });

  it("exports to stdout or a file, then forgets with a line of counts and no actor in the audit log", async () => {
    const id = `cli-${uniq()}`;
    const customer = await makeCustomer(db, ws.workspace.id, id, { tier: "gold" });
    const conversation = await makeCustomerConversation(db, { workspaceId: ws.workspace.id, agentId, customer, texts: ["Cancel it", "Done."] });
    const target = { workspaceSlug: ws.workspace.slug, id };

    expect(JSON.parse(await exportCustomerFromCli(db, target))).toMatchObject({ customer: { externalId: id, attributes: { tier: "gold" } }, conversations: [{ id: conversation.id }] });
    const out = path.join(dir, "customer.json");
    expect(await exportCustomerFromCli(db, { ...target, out })).toBe(`Exported customer ${id} (1 conversations) to ${out}.`);
    expect(JSON.parse(readFileSync(out, "utf8"))).toMatchObject({ switchback: "customer-export", conversations: [{ messages: [{ text: "Cancel it" }, { text: "Done." }] }] });

    const message = await forgetCustomerFromCli(db, target);
    expect(message).toMatch(new RegExp(`^Forgot customer ${id}: 1 conversations, 2 messages, .*1 customers\\. Erasure [0-9a-f-]{36} \\(audit log: customer\\.forget\\)\\.$`));
    expect(await db.select().from(conversations).where(eq(conversations.id, conversation.id))).toEqual([]);
    expect(await db.select().from(customers).where(eq(customers.id, customer.id))).toEqual([]);
    const [entry] = await db.select().from(auditLogs).where(and(eq(auditLogs.workspaceId, ws.workspace.id), eq(auditLogs.action, "customer.forget")));
    expect(entry).toMatchObject({ actorId: null, targetType: "erasure" });
  });

  it("says what is wrong with the arguments", async () => {
    await expect(forgetCustomerFromCli(db, { id: "x-1" })).rejects.toMatchObject({ code: "invalid", message: "--workspace is required: the slug of the customer's workspace" });
    await expect(forgetCustomerFromCli(db, { workspaceSlug: ws.workspace.slug })).rejects.toMatchObject({ code: "invalid", message: "--id is required: your id for the customer (as sent in customer.id)" });
    await expect(forgetCustomerFromCli(db, { workspaceSlug: `nowhere-${uniq()}`, id: "x-1" })).rejects.toMatchObject({ code: "not_found" });
    await expect(forgetCustomerFromCli(db, { workspaceSlug: ws.workspace.slug, id: "never-seen" })).rejects.toMatchObject({ code: "not_found", message: expect.stringContaining('No customer with id "never-seen"') });
  });
});
