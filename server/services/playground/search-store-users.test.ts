import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { agents } from "@/db/schema";
import { retailFixture } from "@/server/agent/testing/retail-fixture";
import { testDatabase } from "@/test/db";
import { addMember, makeWorkspace } from "@/test/factories";

// The playground's customer picker reads the store's customers through a studio procedure: the caller's
// workspace, a role that may use the playground, and an agent whose store is that workspace's own.

const yara = { id: "yara_ito_8499", email: "yara.ito7353@example.com" };

let db: Db;
let fx: Awaited<ReturnType<typeof retailFixture>>;
beforeAll(async () => {
  db = (await testDatabase()).db;
  fx = await retailFixture(db, { template: "tpl-picker" });
  await fx.store.close();
});

describe("playground.storeUsers", () => {
  it("finds the agent's store customers for a builder of its workspace", async () => {
    const builder = (await addMember(db, fx.workspace.id, "builder")).caller;
    const found = await builder.playground.storeUsers({ workspace: fx.workspace.slug, agentId: fx.agent.id, query: "yara.ito" });
    expect(found.storeId).toBe(fx.storeId);
    expect(found.users).toEqual([{ id: yara.id, email: yara.email, firstName: "Yara", lastName: "Ito" }]);
  });

  it("is permission-checked: viewers and reviewers cannot list customers", async () => {
    for (const role of ["viewer", "reviewer"] as const) {
      const { caller } = await addMember(db, fx.workspace.id, role);
      await expect(caller.playground.storeUsers({ workspace: fx.workspace.slug, agentId: fx.agent.id, query: "yara" }), role).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });

  it("is workspace-scoped: another workspace sees neither the agent nor the store's customers", async () => {
    const other = await makeWorkspace(db);
    await expect(other.caller.playground.storeUsers({ workspace: fx.workspace.slug, agentId: fx.agent.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.caller.playground.storeUsers({ workspace: other.workspace.slug, agentId: fx.agent.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    // Its own agent with settings naming this workspace's store (the store says whose it is, not the agent).
    const agent = await other.caller.agents.create({ workspace: other.workspace.slug, name: "Borrower" });
    await db.update(agents).set({ settings: { storeId: fx.storeId } }).where(and(eq(agents.id, agent.id), eq(agents.workspaceId, other.workspace.id)));
    const found = await other.caller.playground.storeUsers({ workspace: other.workspace.slug, agentId: agent.id, query: "yara" });
    expect(found).toEqual({ storeId: null, users: [] });
    await expect(other.caller.playground.start({ workspace: other.workspace.slug, agentId: agent.id, storeUserId: yara.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
