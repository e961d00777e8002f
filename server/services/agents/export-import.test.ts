import { and, count, eq } from "drizzle-orm";
import { parse as parseYaml } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { agents, auditLogs, journeys, policies, policyTests, tools } from "@/db/schema";
import { seedRetailAgent } from "@/db/seed/retail-agent";
import { type AgentConfig } from "@/server/agent/config/agent-config";
import { loadDraftConfig } from "@/server/agent/config/load-draft-config";
import { JourneyBuilder } from "@/server/agent/demo/journey-builder";
import { STUDIO_IMPORT_MAX_BYTES } from "@/lib/schemas/agent-export";
import { createAgent } from "@/server/services/agents/agents";
import { testDatabase } from "@/test/db";
import { addMember, makeWorkspace, uniq } from "@/test/factories";

// Export an agent, import it into another workspace as a new agent: the draft the runtime loads is the
// same apart from ids and what belongs to a workspace (the demo store, the policies' revision numbers).

type Fixture = Awaited<ReturnType<typeof makeWorkspace>>;

const SECRET_VALUE = "sk-live-do-not-leak-8d1e2f";

let db: Db;
let source: Fixture;
let target: Fixture;
let agent: { id: string; slug: string };
let outsider: Fixture;

async function buildRefundDesk(fx: Fixture) {
  const w = { workspace: fx.workspace.slug };
  const created = await fx.caller.agents.create({ ...w, name: "Refund desk", description: "Refunds for delivered orders", persona: { agentName: "Robin", tone: "concise", greeting: "Robin here. What do you need?", wordsToAvoid: ["unfortunately"] } });
  const scope = { ...w, agent: created.slug };
  await fx.caller.secrets.set({ ...w, name: "REFUND_KEY", value: SECRET_VALUE });
  const helpCenter = await fx.caller.knowledge.create({ ...w, name: "Help center" });
  const internal = await fx.caller.knowledge.create({ ...w, name: "Internal notes" });
  await fx.caller.knowledge.updateAgentSettings({ ...w, agentId: created.id, knowledgeBaseIds: [helpCenter.id, internal.id], knowledgeFallback: "escalate" });

  await fx.caller.policies.create({ ...scope, key: "refunds", name: "Refunds" });
  await fx.caller.tools.save({
    ...scope,
    tool: {
      name: "get_order",
      description: "Look up an order",
      method: "GET",
      url: "{{appUrl}}/orders/{order_id}",
      headers: { authorization: "Bearer {{secret.REFUND_KEY}}" },
      args: { type: "object", properties: { order_id: { type: "string" } }, required: ["order_id"] },
      kind: "read",
      responseSchema: { type: "object", properties: { status: { type: "string" }, total: { type: "number" } } },
    },
  });
  await fx.caller.tools.save({
    ...scope,
    tool: {
      name: "issue_refund",
      description: "Refund part of an order",
      method: "POST",
      url: "{{appUrl}}/refunds",
      headers: { authorization: "Bearer {{secret.REFUND_KEY}}", "x-desk": "{{secret.DESK_ID}}" },
      args: { type: "object", properties: { order_id: { type: "string" }, amount: { type: "number" } }, required: ["order_id", "amount"] },
      kind: "write",
      policyKey: "refunds",
      requiresConfirmation: true,
      factsFrom: [{ tool: "get_order", as: "order", args: { order_id: "request.order_id" } }],
    },
  });
  await fx.caller.policies.save({
    ...scope,
    key: "refunds",
    name: "Refunds",
    description: "At most half an order back without a person",
    facts: [{ name: "share", expr: "request.amount / order.total", description: "Part of the order refunded" }],
    rules: [
      { id: "not-delivered", description: "", when: { fact: "order.status", op: "neq", value: "delivered" }, decision: "deny", reason: "Only delivered orders are refunded." },
      { id: "big", description: "", when: { expr: "share > 0.5" }, decision: "escalate", reason: "A person approves refunds over half the order." },
      { id: "ok", description: "", when: { fact: "order.exists", op: "eq", value: true }, decision: "allow", reason: "Refunded." },
    ],
    defaultDecision: { decision: "deny", reason: "I can't refund that." },
  });
  await fx.caller.policies.createTest({ ...scope, policyKey: "refunds", name: "Small refunds pass", facts: { "order.status": "delivered", "order.exists": true, "order.total": 100, "request.amount": 10 }, expectedDecision: "allow", expectedRuleId: "ok" });

  const refund = new JourneyBuilder({ description: "The customer wants money back", examples: ["I want a refund"] })
    .add({ id: "order", type: "collect", label: "Ask order", slot: { name: "order_id", type: "text", prompt: "Which order?", retries: 2 } })
    .add({ id: "refund", type: "tool_call", label: "Refund", tool: "issue_refund", args: { order_id: "{{slots.order_id}}", amount: 10 }, resultAs: "refund" })
    .add({ id: "done", type: "end", label: "Done", outcome: "resolved", message: "Refunded." })
    .chain("start", "order", "refund")
    .link("refund", "done", "success")
    .build();
  await fx.caller.journeys.create({ ...scope, name: "Refund", graph: refund });
  const faq = new JourneyBuilder({ description: "A question about refunds", examples: ["how do refunds work"] })
    .add({ id: "answer", type: "knowledge_answer", label: "Answer", knowledgeBaseId: helpCenter.id, fallback: "Let me check." })
    .add({ id: "end", type: "end", label: "End", outcome: "resolved" })
    .chain("start", "answer", "end")
    .build();
  const faqRow = await fx.caller.journeys.create({ ...scope, name: "Refund questions", graph: faq });
  await fx.caller.journeys.create({ ...scope, name: "Draft idea" }); // a trigger alone, disabled
  expect(faqRow.enabled).toBe(true);

  await fx.caller.settings.saveGuardrails({ ...scope, guardrails: { bannedPhrases: ["guaranteed"], caps: [{ label: "refund", keywords: ["refund"], max: 200 }], neverPromise: ["free shipping"], maskPii: true } });
  return created;
}

/** The draft minus what an import cannot (and must not) keep: ids, the workspace, the demo store, policy revisions. */
function comparable(config: AgentConfig) {
  return {
    name: config.agent.name,
    persona: config.agent.persona,
    knowledgeFallback: config.agent.settings.knowledgeFallback ?? "offer_human",
    journeys: [...config.journeys].sort((a, b) => a.name.localeCompare(b.name)).map((j) => ({ name: j.name, graph: { ...j.graph, nodes: j.graph.nodes.map((n) => (n.type === "knowledge_answer" ? { ...n, knowledgeBaseId: n.knowledgeBaseId ? "linked" : "none" } : n)) } })),
    policies: Object.fromEntries(Object.entries(config.policies).map(([key, p]) => [key, { ...p, version: 0 }])),
    tools: config.tools,
    guardrails: config.guardrails,
  };
}

async function rows(workspaceId: string) {
  const n = async (t: typeof agents | typeof journeys | typeof policies | typeof tools | typeof policyTests | typeof auditLogs) => (await db.select({ n: count() }).from(t).where(eq(t.workspaceId, workspaceId)))[0]!.n;
  return { agents: await n(agents), journeys: await n(journeys), policies: await n(policies), tools: await n(tools), policyTests: await n(policyTests), audit: await n(auditLogs) };
}

beforeAll(async () => {
  db = (await testDatabase()).db;
  [source, target, outsider] = [await makeWorkspace(db), await makeWorkspace(db), await makeWorkspace(db)];
  agent = await buildRefundDesk(source);
  await target.caller.knowledge.create({ workspace: target.workspace.slug, name: "Help center" });
});

const exportFrom = (format: "json" | "yaml") => source.caller.agents.export({ workspace: source.workspace.slug, agent: agent.slug, format });
const importInto = (content: string, extra: { name?: string; slug?: string } = {}) => target.caller.agents.import({ workspace: target.workspace.slug, content, ...extra });
const draftOf = (workspaceId: string, agentId: string) => loadDraftConfig(db, { workspaceId, agentId });

describe("agent export / import", () => {
  it("round-trips through JSON and YAML into another workspace as a new agent", async () => {
    const originalDraft = await draftOf(source.workspace.id, agent.id);
    const original = comparable(originalDraft);
    const originalOrder = originalDraft.journeys.map((j) => j.name);
    for (const format of ["json", "yaml"] as const) {
      const file = await exportFrom(format);
      expect(file.filename).toBe(`${agent.slug}.agent.${format}`);
      expect(file.mediaType).toBe(format === "json" ? "application/json" : "application/yaml");
      const doc = (format === "json" ? JSON.parse(file.content) : parseYaml(file.content)) as { switchback: string; version: number; agent: { secrets: string[]; knowledge: unknown } };
      expect(doc).toMatchObject({ switchback: "agent", version: 1 });
      expect(doc.agent.secrets).toEqual(["DESK_ID", "REFUND_KEY"]);
      expect(doc.agent.knowledge).toEqual({ bases: ["Help center", "Internal notes"], fallback: "escalate" });
      // Secrets by name only; nothing bound to the source workspace.
      expect(file.content).not.toContain(SECRET_VALUE);
      expect(file.content).not.toContain(source.workspace.id);
      expect(file.content).not.toContain(agent.id);

      const imported = await importInto(file.content);
      expect(imported.warnings).toEqual({ secrets: ["DESK_ID", "REFUND_KEY"], knowledgeBases: ["Internal notes"] });
      const copyDraft = await draftOf(target.workspace.id, imported.agent.id);
      expect(comparable(copyDraft)).toEqual(original);
      expect(copyDraft.journeys.map((j) => j.name)).toEqual(originalOrder); // the runtime reads them in this order
      const journeysOfCopy = await target.caller.journeys.list({ workspace: target.workspace.slug, agent: imported.agent.slug });
      expect(journeysOfCopy.map((j) => [j.name, j.enabled])).toHaveLength(3);
      expect(journeysOfCopy.map((j) => [j.name, j.enabled])).toEqual(expect.arrayContaining([["Draft idea", false], ["Refund", true], ["Refund questions", true]]));
      const tests = await target.caller.policies.tests({ workspace: target.workspace.slug, agent: imported.agent.slug });
      expect(tests).toMatchObject([{ policyKey: "refunds", name: "Small refunds pass", expectedDecision: "allow", expectedRuleId: "ok" }]);
      const knowledge = await target.caller.knowledge.agentSettings({ workspace: target.workspace.slug, agentId: imported.agent.id });
      expect(knowledge.knowledgeBaseIds).toHaveLength(1);
      expect(knowledge.knowledgeFallback).toBe("escalate");
    }
  });

  it("imports under another name and slug; a taken slug gets a suffix", async () => {
    const { content } = await exportFrom("json");
    const first = await importInto(content, { name: "Refunds EU", slug: "refunds-eu" });
    const second = await importInto(content, { slug: "refunds-eu" });
    expect(first.agent).toMatchObject({ name: "Refunds EU", slug: "refunds-eu" });
    expect(second.agent).toMatchObject({ name: "Refund desk", slug: "refunds-eu-2" });
  });

  it("audits export and import", async () => {
    const { content } = await exportFrom("yaml");
    const imported = await importInto(content);
    const [exported] = await db.select().from(auditLogs).where(and(eq(auditLogs.workspaceId, source.workspace.id), eq(auditLogs.action, "agent.export"))).limit(1);
    expect(exported).toMatchObject({ actorId: source.owner.id, targetId: agent.id });
    const [audit] = await db.select().from(auditLogs).where(and(eq(auditLogs.targetId, imported.agent.id), eq(auditLogs.action, "agent.import")));
    expect(audit).toMatchObject({ actorId: target.owner.id, after: { journeys: 3, policies: 1, tools: 2, policyTests: 1, warnings: imported.warnings } });
  });

  it("round-trips the demo retail agent", async () => {
    const demoWs = await makeWorkspace(db);
    const retail = await createAgent({ db, userId: demoWs.owner.id, workspace: demoWs.workspace, role: "owner" }, { name: "Retail support", persona: { agentName: "Sam", tone: "friendly", greeting: "Hi, I'm Sam." } });
    await seedRetailAgent(db, { workspaceId: demoWs.workspace.id, agentId: retail.id, storeId: `t-${uniq()}` });
    const { content } = await demoWs.caller.agents.export({ workspace: demoWs.workspace.slug, agent: retail.slug, format: "yaml" });
    expect(content).not.toContain("storeId");
    // It fits through the studio's import (a tRPC request), with room to grow.
    expect(Buffer.byteLength(JSON.stringify({ json: { workspace: target.workspace.slug, content } }))).toBeLessThan(STUDIO_IMPORT_MAX_BYTES / 4);
    const imported = await importInto(content);
    expect(imported.warnings.secrets.length).toBe(1);
    const original = await draftOf(demoWs.workspace.id, retail.id);
    const copy = await draftOf(target.workspace.id, imported.agent.id);
    expect(comparable(copy)).toEqual(comparable(original));
    expect(original.storeId).not.toBeNull();
    expect(copy.storeId).toBeNull();
  }, 60_000);

  it("is all or nothing: one policy that does not type-check saves nothing, and the error names it", async () => {
    const doc = JSON.parse((await exportFrom("json")).content) as { agent: { policies: Record<string, { rules: { when: unknown }[] }> } };
    doc.agent.policies.refunds!.rules[1]!.when = { expr: "share > 'half'" };
    const before = await rows(target.workspace.id);
    await expect(importInto(JSON.stringify(doc))).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^policies\.refunds: Rule big: /) });
    expect(await rows(target.workspace.id)).toEqual(before);
  });

  it("names the place of a problem in the file", async () => {
    const doc = JSON.parse((await exportFrom("json")).content) as { agent: { journeys: { graph: unknown }[]; tools: Record<string, Record<string, unknown>> } };
    const broken = structuredClone(doc);
    broken.agent.journeys[2]!.graph = { nodes: [] };
    await expect(importInto(JSON.stringify(broken))).rejects.toMatchObject({ message: expect.stringMatching(/^journeys\[2\]\.graph\.trigger: /) });
    const badTool = structuredClone(doc);
    badTool.agent.tools.get_order!.method = "FETCH";
    await expect(importInto(JSON.stringify(badTool))).rejects.toMatchObject({ message: expect.stringMatching(/^tools\.get_order\.method: /) });
    const renamed = structuredClone(doc);
    renamed.agent.tools.get_order!.name = "get_orders";
    await expect(importInto(JSON.stringify(renamed))).rejects.toMatchObject({ message: 'tools.get_order: its name is "get_orders"; the entry and the definition must agree' });
  });

  it("refuses a newer version, malformed YAML and something that is not an export, with clear messages", async () => {
    const doc = JSON.parse((await exportFrom("json")).content) as { version: number };
    await expect(importInto(JSON.stringify({ ...doc, version: 2 }))).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("version 2 is newer than this app reads (1)") });
    await expect(importInto("switchback: agent\nversion: 1\nagent: [unclosed")).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^The file is not valid YAML \(line \d+, column \d+\)/) });
    await expect(importInto('{"switchback": "agent", ')).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^The file is not valid JSON/) });
    await expect(importInto("openapi: 3.0.0\n")).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("not a Switchback agent export") });
    await expect(importInto("x".repeat(2 * 1024 * 1024 + 1))).rejects.toMatchObject({ code: "BAD_REQUEST", message: "An agent export is at most 2 MB" });
  });

  it("another workspace's member cannot export the agent; only builders and above import", async () => {
    await expect(outsider.caller.agents.export({ workspace: source.workspace.slug, agent: agent.slug, format: "json" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(outsider.caller.agents.export({ workspace: outsider.workspace.slug, agent: agent.id, format: "json" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const viewer = await addMember(db, target.workspace.id, "viewer");
    const { content } = await exportFrom("json");
    await expect(viewer.caller.agents.import({ workspace: target.workspace.slug, content })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(viewer.caller.agents.export({ workspace: target.workspace.slug, agent: (await importInto(content)).agent.slug, format: "yaml" })).resolves.toMatchObject({ filename: expect.stringMatching(/\.yaml$/) });
  });

  it("never trusts a knowledge base id from the file", async () => {
    const doc = JSON.parse((await exportFrom("json")).content) as { agent: { journeys: { name: string; knowledgeBases?: Record<string, string>; graph: { nodes: Record<string, unknown>[] } }[] } };
    const faq = doc.agent.journeys.find((j) => j.name === "Refund questions")!;
    delete faq.knowledgeBases;
    const [foreignKb] = await source.caller.knowledge.list({ workspace: source.workspace.slug });
    faq.graph.nodes.find((n) => n.type === "knowledge_answer")!.knowledgeBaseId = foreignKb!.id;
    const imported = await importInto(JSON.stringify(doc));
    const config = await draftOf(target.workspace.id, imported.agent.id);
    const step = config.journeys.find((j) => j.name === "Refund questions")!.graph.nodes.find((n) => n.type === "knowledge_answer");
    expect(step).not.toHaveProperty("knowledgeBaseId");
  });
});
