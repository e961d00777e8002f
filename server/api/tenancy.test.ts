import { eq } from "drizzle-orm";
import { expect, test } from "vitest";
import { agents, auditLogs, memberships } from "@/db/schema";
import { testDatabase } from "@/test/db";
import { addMember, makeWorkspace } from "@/test/factories";

const { db } = await testDatabase();

test("a member of A cannot list, read, update or delete B's agents, members or audit log", async () => {
  const a = await makeWorkspace(db);
  const b = await makeWorkspace(db);
  const bAgent = await b.caller.agents.create({ workspace: b.workspace.slug, name: "B's agent" });
  const bViewer = await addMember(db, b.workspace.id, "viewer");
  const ws = b.workspace.slug;
  const attempts = {
    "agents.list": () => a.caller.agents.list({ workspace: ws }),
    "agents.get": () => a.caller.agents.get({ workspace: ws, agent: bAgent.id }),
    "agents.update": () => a.caller.agents.update({ workspace: ws, agentId: bAgent.id, name: "pwned" }),
    "agents.delete": () => a.caller.agents.delete({ workspace: ws, agentId: bAgent.id }),
    "members.list": () => a.caller.members.list({ workspace: ws }),
    "members.changeRole": () => a.caller.members.changeRole({ workspace: ws, userId: bViewer.user.id, role: "admin" }),
    "members.remove": () => a.caller.members.remove({ workspace: ws, userId: bViewer.user.id }),
    "audit.list": () => a.caller.audit.list({ workspace: ws }),
    "audit.facets": () => a.caller.audit.facets({ workspace: ws }),
    "workspaces.rename": () => a.caller.workspaces.rename({ workspace: ws, name: "pwned" }),
  };
  for (const [name, attempt] of Object.entries(attempts)) {
    await expect(attempt(), name).rejects.toMatchObject({ code: "NOT_FOUND" });
  }
  expect((await db.query.agents.findFirst({ where: eq(agents.id, bAgent.id) }))?.name).toBe("B's agent");
  expect((await db.query.memberships.findFirst({ where: eq(memberships.userId, bViewer.user.id) }))?.role).toBe("viewer");
});

test("B's ids used through A's own workspace are NOT_FOUND too", async () => {
  const a = await makeWorkspace(db);
  const b = await makeWorkspace(db);
  const bAgent = await b.caller.agents.create({ workspace: b.workspace.slug, name: "B's agent" });
  const bViewer = await addMember(db, b.workspace.id, "viewer");
  const bInvite = await b.caller.members.invite({ workspace: b.workspace.slug, role: "viewer" });
  const ws = a.workspace.slug;

  await expect(a.caller.agents.get({ workspace: ws, agent: bAgent.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(a.caller.agents.get({ workspace: ws, agent: bAgent.slug })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(a.caller.agents.update({ workspace: ws, agentId: bAgent.id, name: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(a.caller.agents.delete({ workspace: ws, agentId: bAgent.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(a.caller.members.remove({ workspace: ws, userId: bViewer.user.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(a.caller.members.revokeInvite({ workspace: ws, inviteId: bInvite.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(a.caller.evals.listSuites({ workspace: ws, agentId: bAgent.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(a.caller.evals.startRun({ workspace: ws, agentId: bAgent.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  const bRun = await b.caller.evals.startRun({ workspace: b.workspace.slug, agentId: bAgent.id });
  await expect(a.caller.evals.getRun({ workspace: ws, runId: bRun.runId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(a.caller.evals.compareRuns({ workspace: ws, runId: bRun.runId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(a.caller.evals.createSuite({ workspace: ws, agentId: bAgent.id, name: "Smoke" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  expect(await b.caller.agents.get({ workspace: b.workspace.slug, agent: bAgent.id })).toMatchObject({ name: "B's agent" });
});

test("every mutation writes an audit row with actor, action, target, before and after", async () => {
  const { workspace, owner, caller } = await makeWorkspace(db);
  const ws = workspace.slug;
  const viewer = await addMember(db, workspace.id, "viewer");
  const agent = await caller.agents.create({ workspace: ws, name: "Helper", description: "first" });
  await caller.agents.update({ workspace: ws, agentId: agent.id, description: "second" });
  const invite = await caller.members.invite({ workspace: ws, role: "builder" });
  await caller.members.revokeInvite({ workspace: ws, inviteId: invite.id });
  await caller.members.changeRole({ workspace: ws, userId: viewer.user.id, role: "reviewer" });
  await caller.members.remove({ workspace: ws, userId: viewer.user.id });
  await caller.workspaces.rename({ workspace: ws, name: "Renamed" });
  await caller.agents.delete({ workspace: ws, agentId: agent.id });

  const rows = await db.select().from(auditLogs).where(eq(auditLogs.workspaceId, workspace.id)).orderBy(auditLogs.createdAt);
  expect(rows.map((r) => r.action)).toEqual([
    "workspace.create",
    "agent.create",
    "agent.update",
    "invite.create",
    "invite.revoke",
    "member.change_role",
    "member.remove",
    "workspace.rename",
    "agent.delete",
  ]);
  expect(rows.every((r) => r.actorId === owner.id)).toBe(true);
  const byAction = Object.fromEntries(rows.map((r) => [r.action, r]));
  expect(byAction["agent.update"]).toMatchObject({ targetId: agent.id, before: { description: "first" }, after: { description: "second" } });
  expect(byAction["member.change_role"]).toMatchObject({ targetId: viewer.user.id, before: { role: "viewer" }, after: { role: "reviewer" } });
  expect(byAction["agent.delete"]).toMatchObject({ before: { name: "Helper", description: "second" }, after: null });

  const page = await caller.audit.list({ workspace: ws, limit: 4 });
  expect(page.items.map((r) => r.action)).toEqual(["agent.delete", "workspace.rename", "member.remove", "member.change_role"]);
  expect(page.items[0]).toMatchObject({ actorEmail: owner.email });
  const next = await caller.audit.list({ workspace: ws, limit: 10, before: page.nextBefore! });
  expect(next.items).toHaveLength(5);
  expect(next.nextBefore).toBeNull();
});
