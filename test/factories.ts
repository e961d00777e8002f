import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import type { Role } from "@/server/authz/permissions";
import { createCaller } from "@/server/api/root";
import { createUser } from "@/server/services/users/create-user";
import { createWorkspace } from "@/server/services/workspaces/create-workspace";
import { memberships } from "@/db/schema";

export const uniq = () => randomUUID().slice(0, 8);

export async function makeUser(db: Db, name = "Test User") {
  return createUser(db, { name, email: `${uniq()}@example.test`, password: "correct horse battery" });
}

/** A fresh workspace owned by a fresh user, plus a caller for that user. */
export async function makeWorkspace(db: Db) {
  const owner = await makeUser(db, "Owner");
  const workspace = await createWorkspace({ db, userId: owner.id }, { name: `Test ${uniq()}` });
  return { owner, workspace, caller: callerFor(db, owner) };
}

export async function addMember(db: Db, workspaceId: string, role: Role) {
  const user = await makeUser(db, `A ${role}`);
  await db.insert(memberships).values({ workspaceId, userId: user.id, role });
  return { user, caller: callerFor(db, user) };
}

export function callerFor(db: Db, user: { id: string; email: string; name: string } | null) {
  return createCaller({ db, user });
}
