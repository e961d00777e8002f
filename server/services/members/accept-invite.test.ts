import { and, count, eq } from "drizzle-orm";
import { expect, test } from "vitest";
import { invites, memberships } from "@/db/schema";
import { testDatabase } from "@/test/db";
import { callerFor, makeUser, makeWorkspace } from "@/test/factories";

const { db } = await testDatabase();

test("ten people accepting one single-use invite at once: exactly one joins, the others are told it is no longer valid", async () => {
  const { workspace, caller } = await makeWorkspace(db);
  const { id, token } = await caller.members.invite({ workspace: workspace.slug, role: "builder" });
  const people = await Promise.all(Array.from({ length: 10 }, (_, i) => makeUser(db, `Joiner ${i}`)));

  const results = await Promise.allSettled(people.map((user) => callerFor(db, user).members.acceptInvite({ token })));

  expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  for (const r of results.filter((r) => r.status === "rejected")) {
    expect(r.reason).toMatchObject({ code: "NOT_FOUND", message: "Invite (it may have expired, been used or been revoked) not found" });
  }
  const [joined] = await db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspace.id), eq(memberships.role, "builder")));
  expect(joined!.n).toBe(1);
  const invite = await db.query.invites.findFirst({ where: eq(invites.id, id) });
  const winner = people[results.findIndex((r) => r.status === "fulfilled")]!;
  expect(invite!.acceptedBy).toBe(winner.id);
});

test("an invite for another email is refused and stays open for its owner", async () => {
  const { workspace, caller } = await makeWorkspace(db);
  const invitee = await makeUser(db, "Invitee");
  const stranger = await makeUser(db, "Stranger");
  const { token } = await caller.members.invite({ workspace: workspace.slug, role: "viewer", email: invitee.email });

  await expect(callerFor(db, stranger).members.acceptInvite({ token })).rejects.toMatchObject({ code: "FORBIDDEN" });
  await expect(callerFor(db, invitee).members.acceptInvite({ token })).resolves.toMatchObject({ slug: workspace.slug, role: "viewer" });
});

test("a revoked invite cannot be accepted", async () => {
  const { workspace, caller } = await makeWorkspace(db);
  const { id, token } = await caller.members.invite({ workspace: workspace.slug, role: "viewer" });
  await caller.members.revokeInvite({ workspace: workspace.slug, inviteId: id });
  const user = await makeUser(db);
  await expect(callerFor(db, user).members.acceptInvite({ token })).rejects.toMatchObject({ code: "NOT_FOUND" });
});
