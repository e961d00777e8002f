import { TRPCError } from "@trpc/server";
import { describe, expect, test } from "vitest";
import { conversations, documents, knowledgeBases, messages } from "@/db/schema";
import { testDatabase } from "@/test/db";
import { addMember, callerFor, makeUser, makeWorkspace } from "@/test/factories";
import { type Permission, type Role, can, roles } from "@/server/authz/permissions";

const { db } = await testDatabase();

type Caller = Awaited<ReturnType<typeof addMember>>["caller"];
interface Fixture {
  workspace: string;
  agentId: string;
  targetUserId: string;
  inviteId: string;
  conversationId: string;
  documentId: string;
}

// Every procedure that is gated by a permission, with the call that exercises it.
const procedures: { name: string; permission: Permission; call: (c: Caller, f: Fixture) => Promise<unknown> }[] = [
  { name: "workspaces.rename", permission: "workspace:update", call: (c, f) => c.workspaces.rename({ workspace: f.workspace, name: "Renamed" }) },
  { name: "members.list", permission: "members:read", call: (c, f) => c.members.list({ workspace: f.workspace }) },
  { name: "members.invites", permission: "members:manage", call: (c, f) => c.members.invites({ workspace: f.workspace }) },
  { name: "members.invite", permission: "members:manage", call: (c, f) => c.members.invite({ workspace: f.workspace, role: "viewer" }) },
  { name: "members.revokeInvite", permission: "members:manage", call: (c, f) => c.members.revokeInvite({ workspace: f.workspace, inviteId: f.inviteId }) },
  { name: "members.changeRole", permission: "members:manage", call: (c, f) => c.members.changeRole({ workspace: f.workspace, userId: f.targetUserId, role: "reviewer" }) },
  { name: "members.remove", permission: "members:manage", call: (c, f) => c.members.remove({ workspace: f.workspace, userId: f.targetUserId }) },
  { name: "audit.list", permission: "audit:read", call: (c, f) => c.audit.list({ workspace: f.workspace }) },
  { name: "audit.facets", permission: "audit:read", call: (c, f) => c.audit.facets({ workspace: f.workspace }) },
  { name: "jobs.failed", permission: "settings:manage", call: (c, f) => c.jobs.failed({ workspace: f.workspace }) },
  { name: "conversations.list", permission: "conversations:read", call: (c, f) => c.conversations.list({ workspace: f.workspace, agentId: f.agentId }) },
  { name: "conversations.get", permission: "conversations:read", call: (c, f) => c.conversations.get({ workspace: f.workspace, conversationId: f.conversationId }) },
  { name: "inbox.list", permission: "inbox:work", call: (c, f) => c.inbox.list({ workspace: f.workspace }) },
  { name: "inbox.get", permission: "inbox:work", call: (c, f) => c.inbox.get({ workspace: f.workspace, conversationId: f.conversationId }) },
  { name: "inbox.note", permission: "inbox:work", call: (c, f) => c.inbox.note({ workspace: f.workspace, conversationId: f.conversationId, text: "Checked the order" }) },
  { name: "inbox.setPriority", permission: "inbox:work", call: (c, f) => c.inbox.setPriority({ workspace: f.workspace, conversationId: f.conversationId, priority: "high" }) },
  { name: "inbox.close", permission: "inbox:work", call: (c, f) => c.inbox.close({ workspace: f.workspace, conversationId: f.conversationId }) },
  { name: "inbox.events", permission: "inbox:work", call: (c, f) => c.inbox.events({ workspace: f.workspace, conversationId: f.conversationId }) },
  { name: "inbox.cannedReplies.list", permission: "inbox:work", call: (c, f) => c.inbox.cannedReplies.list({ workspace: f.workspace }) },
  { name: "inbox.cannedReplies.create", permission: "inbox:work", call: (c, f) => c.inbox.cannedReplies.create({ workspace: f.workspace, title: "Hello", text: "Hi there" }) },
  { name: "agents.list", permission: "agents:read", call: (c, f) => c.agents.list({ workspace: f.workspace }) },
  { name: "agents.get", permission: "agents:read", call: (c, f) => c.agents.get({ workspace: f.workspace, agent: f.agentId }) },
  { name: "agents.create", permission: "agents:write", call: (c, f) => c.agents.create({ workspace: f.workspace, name: "New one" }) },
  { name: "agents.update", permission: "agents:write", call: (c, f) => c.agents.update({ workspace: f.workspace, agentId: f.agentId, name: "Changed" }) },
  { name: "agents.delete", permission: "agents:write", call: (c, f) => c.agents.delete({ workspace: f.workspace, agentId: f.agentId }) },
  { name: "knowledge.document", permission: "agents:read", call: (c, f) => c.knowledge.document({ workspace: f.workspace, documentId: f.documentId }) },
  { name: "knowledge.setAudience", permission: "knowledge:write", call: (c, f) => c.knowledge.setAudience({ workspace: f.workspace, documentId: f.documentId, audience: "internal" }) },
  { name: "evals.listSuites", permission: "agents:read", call: (c, f) => c.evals.listSuites({ workspace: f.workspace, agentId: f.agentId }) },
  { name: "evals.createSuite", permission: "evals:write", call: (c, f) => c.evals.createSuite({ workspace: f.workspace, agentId: f.agentId, name: "Smoke" }) },
  { name: "evals.startRun", permission: "evals:write", call: (c, f) => c.evals.startRun({ workspace: f.workspace, agentId: f.agentId }) },
  { name: "evals.caseFromConversation", permission: "evals:cases_from_review", call: (c, f) => c.evals.caseFromConversation({ workspace: f.workspace, conversationId: f.conversationId }) },
  {
    name: "evals.saveCaseFromConversation",
    permission: "evals:cases_from_review",
    call: (c, f) =>
      c.evals.saveCaseFromConversation({
        workspace: f.workspace,
        conversationId: f.conversationId,
        newSuiteName: "From review",
        name: "Says hello",
        definition: { customer: { kind: "script", turns: ["Hello"] }, tools: "mock", expectations: [{ kind: "writes", count: 0 }] },
      }),
  },
  { name: "evals.listRuns", permission: "agents:read", call: (c, f) => c.evals.listRuns({ workspace: f.workspace, agentId: f.agentId }) },
];

async function fixture(): Promise<Fixture & { callerAs: (role: Role) => Promise<Caller> }> {
  const { workspace, caller } = await makeWorkspace(db);
  const agent = await caller.agents.create({ workspace: workspace.slug, name: "Agent" });
  const target = await addMember(db, workspace.id, "viewer");
  const invite = await caller.members.invite({ workspace: workspace.slug, role: "builder" });
  const [conversation] = await db
    .insert(conversations)
    .values({ workspaceId: workspace.id, agentId: agent.id, channel: "playground" })
    .returning({ id: conversations.id });
  await db.insert(messages).values({ workspaceId: workspace.id, conversationId: conversation!.id, turn: 1, role: "customer", text: "Hello" });
  const [kb] = await db.insert(knowledgeBases).values({ workspaceId: workspace.id, name: "Help" }).returning({ id: knowledgeBases.id });
  const [document] = await db
    .insert(documents)
    .values({ workspaceId: workspace.id, knowledgeBaseId: kb!.id, title: "Returns", source: "upload", filename: "returns.md", mimeType: "text/markdown", contentHash: "x", sizeBytes: 1 })
    .returning({ id: documents.id });
  return {
    documentId: document!.id,
    conversationId: conversation!.id,
    workspace: workspace.slug,
    agentId: agent.id,
    targetUserId: target.user.id,
    inviteId: invite.id,
    callerAs: async (role) => (await addMember(db, workspace.id, role)).caller,
  };
}

describe.each(roles)("role %s", (role) => {
  test.each(procedures)("$name follows the permission table", async ({ permission, call }) => {
    const f = await fixture();
    const caller = await f.callerAs(role);
    const attempt = call(caller, f);
    if (can(role, permission)) {
      await expect(attempt).resolves.not.toThrow();
    } else {
      await expect(attempt).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });
});

test("a signed-out caller is UNAUTHORIZED everywhere", async () => {
  const f = await fixture();
  const anonymous = callerFor(db, null);
  for (const { call } of procedures) {
    const error = await call(anonymous, f).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("UNAUTHORIZED");
  }
});

test("only owners make owners, and the last owner cannot be demoted or removed", async () => {
  const { workspace, owner, caller: ownerCaller } = await makeWorkspace(db);
  const admin = await addMember(db, workspace.id, "admin");
  const viewer = await addMember(db, workspace.id, "viewer");
  const ws = workspace.slug;

  await expect(admin.caller.members.changeRole({ workspace: ws, userId: viewer.user.id, role: "owner" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  await expect(admin.caller.members.invite({ workspace: ws, role: "owner" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  await expect(admin.caller.members.remove({ workspace: ws, userId: owner.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
  await expect(ownerCaller.members.changeRole({ workspace: ws, userId: owner.id, role: "admin" })).rejects.toMatchObject({
    code: "BAD_REQUEST",
    message: expect.stringContaining("at least one owner"),
  });

  await ownerCaller.members.changeRole({ workspace: ws, userId: admin.user.id, role: "owner" });
  await ownerCaller.members.changeRole({ workspace: ws, userId: owner.id, role: "admin" });
  const members = await admin.caller.members.list({ workspace: ws });
  expect(Object.fromEntries(members.map((m) => [m.userId, m.role]))).toMatchObject({ [owner.id]: "admin", [admin.user.id]: "owner" });
});

test("an invite link adds the member with its role, once", async () => {
  const { workspace, caller } = await makeWorkspace(db);
  const { token } = await caller.members.invite({ workspace: workspace.slug, role: "reviewer" });
  const invitee = await makeUser(db, "Invitee");
  const inviteeCaller = callerFor(db, invitee);

  await expect(inviteeCaller.agents.list({ workspace: workspace.slug })).rejects.toMatchObject({ code: "NOT_FOUND" });
  expect(await inviteeCaller.members.describeInvite({ token })).toMatchObject({ workspaceName: workspace.name, role: "reviewer" });
  expect(await inviteeCaller.members.acceptInvite({ token })).toEqual({ slug: workspace.slug, role: "reviewer" });
  expect(await inviteeCaller.workspaces.get({ workspace: workspace.slug })).toMatchObject({ role: "reviewer" });
  await expect(inviteeCaller.members.acceptInvite({ token })).rejects.toMatchObject({ code: "NOT_FOUND" });
});

test("an invite for a named email cannot be taken by someone else", async () => {
  const { workspace, caller } = await makeWorkspace(db);
  const { token } = await caller.members.invite({ workspace: workspace.slug, role: "viewer", email: "someone.else@example.test" });
  const stranger = await makeUser(db, "Stranger");
  await expect(callerFor(db, stranger).members.acceptInvite({ token })).rejects.toMatchObject({ code: "FORBIDDEN" });
});
