import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { auditLogs } from "@/db/schema";
import { testDatabase } from "@/test/db";
import { addMember, makeWorkspace } from "@/test/factories";

const { db } = await testDatabase();

/** A workspace with a little history by two people: the owner and an admin. */
async function history() {
  const w = await makeWorkspace(db);
  const ws = w.workspace.slug;
  const admin = await addMember(db, w.workspace.id, "admin");
  const viewer = await addMember(db, w.workspace.id, "viewer");
  const kept = await w.caller.agents.create({ workspace: ws, name: "Returns desk" });
  await w.caller.agents.update({ workspace: ws, agentId: kept.id, name: "Returns and refunds" });
  const gone = await admin.caller.agents.create({ workspace: ws, name: "Old helper" });
  await admin.caller.agents.delete({ workspace: ws, agentId: gone.id });
  await w.caller.members.changeRole({ workspace: ws, userId: viewer.user.id, role: "reviewer" });
  return { ...w, ws, admin, viewer, kept, gone };
}

describe("audit.list", () => {
  test("names each target: by its current name, by its snapshot once deleted, members by their name", async () => {
    const h = await history();
    const { items } = await h.caller.audit.list({ workspace: h.ws });
    const named = (action: string, targetId: string) => items.find((i) => i.action === action && i.targetId === targetId)?.targetName;
    // Created as "Returns desk", renamed since: the log shows what it is called now.
    expect(named("agent.create", h.kept.id)).toBe("Returns and refunds");
    expect(named("agent.delete", h.gone.id)).toBe("Old helper");
    expect(named("member.change_role", h.viewer.user.id)).toBe(h.viewer.user.name);
    expect(named("workspace.create", h.workspace.id)).toBe(h.workspace.name);
  });

  test("filters by actor, action, target type and target, combined", async () => {
    const h = await history();
    const byAdmin = await h.caller.audit.list({ workspace: h.ws, actorId: h.admin.user.id });
    expect(byAdmin.items.map((i) => i.action).sort()).toEqual(["agent.create", "agent.delete"]);

    const updates = await h.caller.audit.list({ workspace: h.ws, action: "agent.update" });
    expect(updates.items.map((i) => i.targetId)).toEqual([h.kept.id]);

    const members = await h.caller.audit.list({ workspace: h.ws, targetType: "member" });
    expect(members.items.map((i) => i.action)).toEqual(["member.change_role"]);

    const oneAgent = await h.caller.audit.list({ workspace: h.ws, targetId: h.gone.id });
    expect(oneAgent.items.map((i) => i.action)).toEqual(["agent.delete", "agent.create"]);

    const none = await h.caller.audit.list({ workspace: h.ws, actorId: h.admin.user.id, action: "agent.update" });
    expect(none.items).toEqual([]);
  });

  test("filters by inclusive calendar days", async () => {
    const h = await history();
    // Move the workspace's creation back to a known day; the rest stays today.
    await db
      .update(auditLogs)
      .set({ createdAt: new Date("2026-03-10T23:30:00Z") })
      .where(and(eq(auditLogs.workspaceId, h.workspace.id), eq(auditLogs.action, "workspace.create")));
    const onDay = await h.caller.audit.list({ workspace: h.ws, from: "2026-03-10", to: "2026-03-10" });
    expect(onDay.items.map((i) => i.action)).toEqual(["workspace.create"]);
    const after = await h.caller.audit.list({ workspace: h.ws, from: "2026-03-11" });
    expect(after.items.map((i) => i.action)).not.toContain("workspace.create");
    expect(after.items.length).toBeGreaterThan(0);
    const before = await h.caller.audit.list({ workspace: h.ws, to: "2026-03-09" });
    expect(before.items).toEqual([]);
  });

  test("bad filters are a clear BAD_REQUEST", async () => {
    const { caller, workspace } = await makeWorkspace(db);
    await expect(caller.audit.list({ workspace: workspace.slug, from: "2026-03-12", to: "2026-03-10" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("on or before"),
    });
    await expect(caller.audit.list({ workspace: workspace.slug, from: "10/03/2026" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("2026-01-31"),
    });
    await expect(caller.audit.list({ workspace: workspace.slug, actorId: "someone" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("audit.facets", () => {
  test("offers the actions, target types and actors of this workspace only", async () => {
    const h = await history();
    const other = await makeWorkspace(db);
    await other.caller.agents.create({ workspace: other.workspace.slug, name: "Elsewhere" });

    const facets = await h.caller.audit.facets({ workspace: h.ws });
    expect(facets.actions).toEqual(["agent.create", "agent.delete", "agent.update", "member.change_role", "workspace.create"]);
    expect(facets.targetTypes).toEqual(["agent", "member", "workspace"]);
    expect(facets.actors.map((a) => a.id).sort()).toEqual([h.owner.id, h.admin.user.id].sort());
  });
});
