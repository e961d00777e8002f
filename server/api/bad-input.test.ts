import { count, eq } from "drizzle-orm";
import { expect, test } from "vitest";
import { agents, users, workspaces } from "@/db/schema";
import { testDatabase } from "@/test/db";
import { callerFor, makeWorkspace, uniq } from "@/test/factories";

const { db } = await testDatabase();
const anonymous = callerFor(db, null);

test("signing up twice with one email is refused, case-insensitively, and writes nothing", async () => {
  const email = `dup-${uniq()}@example.test`;
  await anonymous.account.signUp({ name: "First", email, password: "a long enough secret" });
  await expect(anonymous.account.signUp({ name: "Second", email: email.toUpperCase(), password: "another long secret" })).rejects.toMatchObject({
    code: "CONFLICT",
    message: "An account with this email already exists: sign in instead",
  });
  const [row] = await db.select({ n: count() }).from(users).where(eq(users.email, email));
  expect(row!.n).toBe(1);
});

test.each([
  ["short", "Use a password of at least 10 characters"],
  ["password123", "This password is too common: choose another"],
  ["aaaaaaaaaaaa", "This password is too repetitive: choose another"],
])("a weak password (%s) is refused with a clear message", async (password, message) => {
  const email = `weak-${uniq()}@example.test`;
  await expect(anonymous.account.signUp({ name: "Weak", email, password })).rejects.toMatchObject({ code: "BAD_REQUEST", message });
  expect(await db.query.users.findFirst({ where: eq(users.email, email) })).toBeUndefined();
});

test("an empty agent name is refused and nothing is written", async () => {
  const { workspace, caller } = await makeWorkspace(db);
  await expect(caller.agents.create({ workspace: workspace.slug, name: "   " })).rejects.toMatchObject({
    code: "BAD_REQUEST",
    message: "Give the agent a name",
  });
  const [row] = await db.select({ n: count() }).from(agents).where(eq(agents.workspaceId, workspace.id));
  expect(row!.n).toBe(0);
});

test("a forged workspace is NOT_FOUND and a forged agent id is NOT_FOUND", async () => {
  const { workspace, caller } = await makeWorkspace(db);
  await expect(caller.agents.create({ workspace: "no-such-workspace", name: "X" })).rejects.toMatchObject({
    code: "NOT_FOUND",
    message: "Workspace not found",
  });
  await expect(caller.agents.update({ workspace: workspace.slug, agentId: "8d6f9c0e-0000-4000-8000-000000000000", name: "X" })).rejects.toMatchObject({
    code: "NOT_FOUND",
    message: "Agent not found",
  });
  await expect(caller.agents.update({ workspace: workspace.slug, agentId: "not-a-uuid", name: "X" })).rejects.toMatchObject({
    code: "BAD_REQUEST",
    message: "Unknown agent id",
  });
});

test("a taken or reserved workspace address is refused", async () => {
  const { workspace, caller } = await makeWorkspace(db);
  await expect(caller.workspaces.create({ name: "Copy", slug: workspace.slug })).rejects.toMatchObject({ code: "CONFLICT" });
  await expect(caller.workspaces.create({ name: "Api", slug: "api" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "This name is reserved: choose another" });
  const [row] = await db.select({ n: count() }).from(workspaces).where(eq(workspaces.name, "Copy"));
  expect(row!.n).toBe(0);
});

test("workspaces get unique addresses from their names", async () => {
  const { caller } = await makeWorkspace(db);
  const name = `Acme ${uniq()}`;
  const first = await caller.workspaces.create({ name });
  const second = await caller.workspaces.create({ name });
  expect(second.slug).toBe(`${first.slug}-2`);
});
