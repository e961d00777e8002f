import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLogs, policyTests } from "@/db/schema";
import { retailFixture } from "@/server/agent/testing/retail-fixture";
import { testDatabase } from "@/test/db";
import { BLOCKED_EXIT_CODE, publishFromCli, rollbackFromCli } from "./release";

describe("switchback release publish / rollback", () => {
  let db: Db;
  let fx: Awaited<ReturnType<typeof retailFixture>>;
  let target: { agentSlug: string; workspaceSlug: string };
  const live = async () => {
    const { releases } = await fx.caller.releases.list({ workspace: fx.workspace.slug, agentId: fx.agent.id });
    return releases.find((r) => r.state === "live")?.number;
  };

  beforeAll(async () => {
    db = (await testDatabase()).db;
    fx = await retailFixture(db, { template: "tpl-cli-release" });
    target = { agentSlug: fx.agent.slug, workspaceSlug: fx.workspace.slug };
  });
  afterAll(() => fx?.store.close());

  it("publishes through the studio's gates: a failing policy test blocks with exit 3 and its name, nothing is published", async () => {
    const [failing] = await db
      .insert(policyTests)
      .values({ workspaceId: fx.workspace.id, agentId: fx.agent.id, policyKey: "return_delivered_order_items", name: "returns of pending orders are allowed", facts: { order: { status: "pending" } }, expectedDecision: "allow" })
      .returning({ id: policyTests.id });
    const blocked = await publishFromCli(db, { ...target, notes: "from CI" });
    expect(blocked.exitCode).toBe(BLOCKED_EXIT_CODE);
    expect(blocked.message).toMatch(/blocked/);
    expect(blocked.message).toContain('policy test "returns of pending orders are allowed": Expected allow, got');
    expect(await live()).toBeUndefined();

    await db.delete(policyTests).where(eq(policyTests.id, failing!.id));
    const published = await publishFromCli(db, { ...target, notes: "from CI" });
    expect(published).toEqual({ exitCode: 0, message: `Published release 1 of ${target.agentSlug}; it is live.` });
    expect(await live()).toBe(1);
    const [audit] = await db.select().from(auditLogs).where(and(eq(auditLogs.workspaceId, fx.workspace.id), eq(auditLogs.action, "release.publish")));
    expect(audit).toMatchObject({ actorId: null, after: { number: 1, notes: "from CI", live: true } });
  });

  it("rolls back to the release before the live one, or to --to N; says what is wrong with a bad target", async () => {
    await expect(rollbackFromCli(db, target)).rejects.toThrow(/Release 1 is the first release/);
    expect((await publishFromCli(db, target)).exitCode).toBe(0);
    expect(await live()).toBe(2);

    expect((await rollbackFromCli(db, target)).message).toBe(`Release 1 of ${target.agentSlug} is live (was 2). New conversations get it; open ones keep theirs.`);
    expect(await live()).toBe(1);
    expect((await rollbackFromCli(db, { ...target, to: "2" })).exitCode).toBe(0);
    expect(await live()).toBe(2);
    expect((await rollbackFromCli(db, { ...target, to: "2" })).message).toMatch(/already live; nothing changed/);

    await expect(rollbackFromCli(db, { ...target, to: "9" })).rejects.toMatchObject({ code: "not_found", message: `Release 9 of ${target.agentSlug} not found` });
    await expect(rollbackFromCli(db, { ...target, to: "last" })).rejects.toMatchObject({ code: "invalid", message: '--to must be a release number (1, 2, …), not "last"' });
    await expect(publishFromCli(db, { ...target, agentSlug: "no-such-agent" })).rejects.toMatchObject({ code: "not_found" });
    await expect(publishFromCli(db, { ...target, workspaceSlug: "no-such-workspace" })).rejects.toMatchObject({ code: "not_found" });
    expect(await live()).toBe(2);
    const moves = await db.select().from(auditLogs).where(and(eq(auditLogs.workspaceId, fx.workspace.id), eq(auditLogs.action, "release.set_live")));
    expect(moves).toHaveLength(2);
  });
});
