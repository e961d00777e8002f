import { describe, expect, test } from "vitest";
import { createConversation } from "@/server/agent/create-conversation";
import { localModels } from "@/server/agent/models";
import { runTurn } from "@/server/agent/run-turn";
import { testDatabase } from "@/test/db";
import { addMember, makeWorkspace } from "@/test/factories";
import { queueStatus } from "./queue-status";
import { readHandoffSettings } from "./read-handoff-settings";

const { db } = await testDatabase();
const ctx = { db, models: localModels, appUrl: "http://127.0.0.1:9" };

async function queue() {
  const { workspace, caller } = await makeWorkspace(db);
  const agent = await caller.agents.create({ workspace: workspace.slug, name: "Support" });
  const waiting = async () => {
    const { id } = await createConversation(ctx, { workspaceId: workspace.id, agentId: agent.id, channel: "api" });
    await runTurn(ctx, { conversationId: id, text: "I want to talk to a human" });
    return id;
  };
  const row = async (id: string) => (await db.query.conversations.findFirst({ where: (c, { eq }) => eq(c.id, id) }))!;
  return { workspace, caller, waiting, row };
}

// Wednesday 2026-12-02, 10:00 in Berlin (09:00 UTC) and 20:00 in Berlin (19:00 UTC).
const weekdayMorning = new Date("2026-12-02T09:00:00Z");
const weekdayEvening = new Date("2026-12-02T19:00:00Z");
const hours = { businessHours: { timezone: "Europe/Berlin", days: [1, 2, 3, 4, 5], open: "09:00", close: "17:00" }, maxWaitMinutes: 20 };

describe("queue status", () => {
  test("position follows the inbox order: longest waiting first, an urgent one jumps ahead", async () => {
    const q = await queue();
    const first = await q.waiting();
    const second = await q.waiting();
    const settings = await readHandoffSettings(db, q.workspace.id);
    expect(settings).toEqual({ businessHours: null, maxWaitMinutes: 30 });
    expect((await queueStatus(db, await q.row(first), settings)).position).toBe(1);
    expect((await queueStatus(db, await q.row(second), settings)).position).toBe(2);
    await q.caller.inbox.setPriority({ workspace: q.workspace.slug, conversationId: second, priority: "urgent" });
    expect((await queueStatus(db, await q.row(second), settings)).position).toBe(1);
    expect((await queueStatus(db, await q.row(first), settings)).position).toBe(2);
  });

  test("within business hours: an answer within the maximum wait; outside: when the team is back", async () => {
    const q = await queue();
    await q.caller.inbox.saveSettings({ workspace: q.workspace.slug, ...hours });
    const settings = await readHandoffSettings(db, q.workspace.id);
    expect(settings).toEqual(hours);
    const c = await q.row(await q.waiting());
    const inHours = await queueStatus(db, { ...c, waitingSince: weekdayMorning }, settings, weekdayMorning);
    expect(inHours).toMatchObject({ position: 1, open: true, nextOpenAt: null, expectedBy: "2026-12-02T09:20:00.000Z" });
    expect(inHours.message).toMatch(/within 20 minutes/);
    const after = await queueStatus(db, { ...c, waitingSince: weekdayEvening }, settings, weekdayEvening);
    // Back on Thursday at 09:00 Berlin (08:00 UTC), answer by 08:20 UTC.
    expect(after).toMatchObject({ open: false, nextOpenAt: "2026-12-03T08:00:00.000Z", expectedBy: "2026-12-03T08:20:00.000Z" });
    expect(after.message).toMatch(/away right now \(Mon, Tue, Wed, Thu, Fri 09:00–17:00, Europe\/Berlin\)/);
  });

  test("bad settings are clear errors; only admins change them", async () => {
    const q = await queue();
    const save = (input: object) => q.caller.inbox.saveSettings({ workspace: q.workspace.slug, ...hours, ...input });
    await expect(save({ businessHours: { ...hours.businessHours, timezone: "Mars/Olympus" } })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/IANA time zone/) });
    await expect(save({ businessHours: { ...hours.businessHours, open: "18:00" } })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Opening time must be before closing time" });
    await expect(save({ maxWaitMinutes: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const agent = await addMember(db, q.workspace.id, "agent");
    await expect(agent.caller.inbox.saveSettings({ workspace: q.workspace.slug, ...hours })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(agent.caller.inbox.settings({ workspace: q.workspace.slug })).resolves.toEqual({ businessHours: null, maxWaitMinutes: 30 });
  });
});
