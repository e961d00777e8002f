import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { auditLogs, conversations, journeys, turnTraces } from "@/db/schema";
import type { JourneyGraph } from "@/lib/schemas/journey";
import { loadDraftConfig } from "@/server/agent/config/load-draft-config";
import { testDatabase } from "@/test/db";
import { addMember, makeWorkspace } from "@/test/factories";
import { journeyIssues } from "./journey-issues";

const { db } = await testDatabase();

const drawn: JourneyGraph = {
  trigger: { description: "Order status", examples: ["where is my order"] },
  nodes: [
    { id: "start", type: "trigger", position: { x: 0, y: 0 } },
    { id: "ask", type: "collect", slot: { name: "order_id", type: "order_id", prompt: "Which order?", retries: 2 }, position: { x: 0, y: 120 } },
    { id: "done", type: "end", outcome: "resolved", message: "Thanks", position: { x: 0, y: 240 } },
  ],
  edges: [
    { id: "e1", source: "start", target: "ask" },
    { id: "e2", source: "ask", target: "done" },
  ],
};

async function setup() {
  const w = await makeWorkspace(db);
  const ws = w.workspace.slug;
  const agent = await w.caller.agents.create({ workspace: ws, name: "Helper" });
  const journey = await w.caller.journeys.create({ workspace: ws, agent: agent.slug, name: "Order status 2" });
  return { ...w, ws, agent, journey };
}

describe("journeys", () => {
  test("a new journey starts as a disabled trigger; a save bumps revision and updated_at, and the runtime sees it", async () => {
    const { caller, ws, agent, journey, workspace } = await setup();
    const fresh = await caller.journeys.get({ workspace: ws, journeyId: journey.id });
    expect(fresh).toMatchObject({ name: "Order status 2", enabled: false, revision: 1 });
    expect(fresh.graph.nodes.map((n) => n.type)).toEqual(["trigger"]);
    expect(fresh.issues.some((i) => i.severity === "error")).toBe(true);

    const saved = await caller.journeys.save({ workspace: ws, journeyId: journey.id, revision: 1, graph: drawn });
    expect(saved.revision).toBe(2);
    expect(saved.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(saved.updatedAt.getTime()).toBeGreaterThan(fresh.updatedAt.getTime() - 1);
    await caller.journeys.update({ workspace: ws, journeyId: journey.id, enabled: true });

    const config = await loadDraftConfig(db, { workspaceId: workspace.id, agentId: agent.id });
    expect(config.journeys.find((j) => j.id === journey.id)?.graph).toEqual(drawn);
    const [row] = await db.select().from(journeys).where(eq(journeys.id, journey.id));
    expect(row).toMatchObject({ revision: 3, enabled: true, trigger: drawn.trigger });
  });

  test("a save with a stale revision is a CONFLICT and overwrites nothing", async () => {
    const { caller, ws, journey } = await setup();
    await caller.journeys.save({ workspace: ws, journeyId: journey.id, revision: 1, graph: drawn });
    const theirs = { ...drawn, nodes: drawn.nodes.map((n) => (n.id === "done" ? { ...n, message: "Theirs" } : n)) };
    await expect(caller.journeys.save({ workspace: ws, journeyId: journey.id, revision: 1, graph: theirs })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/changed elsewhere/),
    });
    const after = await caller.journeys.get({ workspace: ws, journeyId: journey.id });
    expect(after.revision).toBe(2);
    expect(after.graph).toEqual(drawn);
    // Overwriting is an explicit save on top of the current revision.
    await expect(caller.journeys.save({ workspace: ws, journeyId: journey.id, revision: 2, graph: theirs })).resolves.toMatchObject({ revision: 3 });
  });

  test("another workspace's journey is NOT_FOUND for every procedure, and stays untouched", async () => {
    const a = await makeWorkspace(db);
    const b = await setup();
    const id = b.journey.id;
    const attempts = {
      get: () => a.caller.journeys.get({ workspace: a.workspace.slug, journeyId: id }),
      dropOff: () => a.caller.journeys.dropOff({ workspace: a.workspace.slug, journeyId: id }),
      save: () => a.caller.journeys.save({ workspace: a.workspace.slug, journeyId: id, revision: 1, graph: drawn }),
      update: () => a.caller.journeys.update({ workspace: a.workspace.slug, journeyId: id, name: "pwned" }),
      duplicate: () => a.caller.journeys.duplicate({ workspace: a.workspace.slug, journeyId: id }),
      delete: () => a.caller.journeys.delete({ workspace: a.workspace.slug, journeyId: id }),
      list: () => a.caller.journeys.list({ workspace: a.workspace.slug, agent: b.agent.id }),
      create: () => a.caller.journeys.create({ workspace: a.workspace.slug, agent: b.agent.id, name: "x" }),
      "get via B's slug": () => a.caller.journeys.get({ workspace: b.ws, journeyId: id }),
    };
    for (const [name, attempt] of Object.entries(attempts)) await expect(attempt(), name).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await b.caller.journeys.get({ workspace: b.ws, journeyId: id })).toMatchObject({ name: "Order status 2", revision: 1 });
  });

  test("every journey mutation writes an audit row with actor, before and after", async () => {
    const { caller, ws, journey, workspace, owner } = await setup();
    await caller.journeys.update({ workspace: ws, journeyId: journey.id, name: "Where is my order", trigger: { description: "Status", examples: ["where is it"] } });
    await caller.journeys.save({ workspace: ws, journeyId: journey.id, revision: 2, graph: drawn });
    const copy = await caller.journeys.duplicate({ workspace: ws, journeyId: journey.id });
    await caller.journeys.delete({ workspace: ws, journeyId: copy.id });

    const rows = await db.select().from(auditLogs).where(and(eq(auditLogs.workspaceId, workspace.id), eq(auditLogs.targetType, "journey"))).orderBy(auditLogs.createdAt);
    expect(rows.map((r) => r.action)).toEqual(["journey.create", "journey.update", "journey.save", "journey.duplicate", "journey.delete"]);
    expect(rows.every((r) => r.actorId === owner.id)).toBe(true);
    const by = Object.fromEntries(rows.map((r) => [r.action, r]));
    expect(by["journey.update"]).toMatchObject({ targetId: journey.id, before: { name: "Order status 2", revision: 1 }, after: { name: "Where is my order", revision: 2 } });
    expect(by["journey.save"]).toMatchObject({ before: { revision: 2, nodes: 1 }, after: { revision: 3, nodes: 3, added: ["ask", "done"], removed: [] } });
    expect(by["journey.delete"]).toMatchObject({ targetId: copy.id, before: { name: "Where is my order (copy)", graph: drawn } });
  });

  test("viewers and reviewers read journeys but cannot change them; builders can", async () => {
    const { workspace, ws, journey, agent } = await setup();
    for (const role of ["viewer", "reviewer", "agent"] as const) {
      const { caller } = await addMember(db, workspace.id, role);
      await expect(caller.journeys.list({ workspace: ws, agent: agent.slug }), role).resolves.toHaveLength(1);
      await expect(caller.journeys.get({ workspace: ws, journeyId: journey.id }), role).resolves.toMatchObject({ revision: 1 });
      await expect(caller.journeys.save({ workspace: ws, journeyId: journey.id, revision: 1, graph: drawn }), role).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.journeys.update({ workspace: ws, journeyId: journey.id, enabled: true }), role).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.journeys.create({ workspace: ws, agent: agent.slug, name: "x" }), role).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.journeys.delete({ workspace: ws, journeyId: journey.id }), role).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect((await db.select().from(journeys).where(eq(journeys.id, journey.id)))[0]?.revision).toBe(1);
    const builder = await addMember(db, workspace.id, "builder");
    await expect(builder.caller.journeys.save({ workspace: ws, journeyId: journey.id, revision: 1, graph: drawn })).resolves.toMatchObject({ revision: 2 });
  });

  test("drop-off counts, per step, conversations that passed and those that went no further", async () => {
    const { caller, ws, journey, workspace, agent } = await setup();
    await caller.journeys.save({ workspace: ws, journeyId: journey.id, revision: 1, graph: drawn });
    const walk = async (nodeIds: string[], byName = false) => {
      const [c] = await db.insert(conversations).values({ workspaceId: workspace.id, agentId: agent.id, channel: "playground" }).returning({ id: conversations.id });
      const steps = nodeIds.map((nodeId) => ({
        type: "node",
        name: `Order status 2 › ${nodeId}`,
        input: byName ? { nodeId } : { journeyId: journey.id, nodeId },
        durationMs: 1,
      }));
      // The first step in turn 1, the rest in turn 2 after a route step and before the reply: the last
      // node is found by turn, then by position, and steps of other types do not count.
      await db.insert(turnTraces).values([
        { workspaceId: workspace.id, conversationId: c!.id, turn: 1, events: steps.slice(0, 1) },
        { workspaceId: workspace.id, conversationId: c!.id, turn: 2, events: [{ type: "route", name: "classify", durationMs: 1 }, ...steps.slice(1), { type: "compose", name: "reply", durationMs: 1 }] },
      ]);
    };
    await walk(["start", "ask"]);
    await walk(["start", "ask", "done"]);
    await walk(["start", "ask", "done"], true);
    const result = await caller.journeys.dropOff({ workspace: ws, journeyId: journey.id });
    expect(result.conversations).toBe(3);
    expect(Object.fromEntries(result.nodes.map((n) => [n.nodeId, [n.passed, n.left]]))).toEqual({ start: [3, 0], ask: [3, 1], done: [2, 2] });
  });

  test("journeyIssues is what the releases gate reads: invalid drafts have errors naming their node", () => {
    const broken: JourneyGraph = { ...drawn, edges: [drawn.edges[0]!] };
    expect(journeyIssues(drawn).filter((i) => i.severity === "error")).toEqual([]);
    expect(journeyIssues(broken)).toContainEqual(expect.objectContaining({ nodeId: "ask", severity: "error", message: expect.stringMatching(/dead end/) }));
  });
});
