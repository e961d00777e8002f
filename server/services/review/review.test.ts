import { and, count, eq, inArray } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { auditLogs, conversations, conversationTags, journeys, messages } from "@/db/schema";
import { testDatabase } from "@/test/db";
import { addMember, makeWorkspace } from "@/test/factories";
import { type Role, can, roles } from "@/server/authz/permissions";
import { createNote } from "./create-note";
import { createTag } from "./create-tag";

const { db } = await testDatabase();

/** A workspace with an agent and two conversations, each a customer message then an agent reply. */
async function reviewFixture() {
  const { workspace, owner, caller } = await makeWorkspace(db);
  const agent = await caller.agents.create({ workspace: workspace.slug, name: "Support" });
  const [first, second] = await db
    .insert(conversations)
    .values([
      { workspaceId: workspace.id, agentId: agent.id, channel: "playground", createdAt: new Date(Date.UTC(2026, 0, 1)) },
      { workspaceId: workspace.id, agentId: agent.id, channel: "api", createdAt: new Date(Date.UTC(2026, 0, 2)) },
    ])
    .returning({ id: conversations.id });
  const turn = (conversationId: string, customer: string, reply: string) => [
    { workspaceId: workspace.id, conversationId, turn: 1, role: "customer", text: customer },
    { workspaceId: workspace.id, conversationId, turn: 1, role: "agent", text: reply },
  ];
  const rows = await db
    .insert(messages)
    .values([...turn(first!.id, "Can I return my shoes?", "Returns are free within 30 days."), ...turn(second!.id, "Where is my parcel?", "It ships tomorrow.")])
    .returning({ id: messages.id, conversationId: messages.conversationId, role: messages.role });
  const messageOf = (conversationId: string, role: string) => rows.find((m) => m.conversationId === conversationId && m.role === role)!.id;
  return {
    workspace,
    owner,
    caller,
    agent,
    ws: workspace.slug,
    first: { id: first!.id, customer: messageOf(first!.id, "customer"), agent: messageOf(first!.id, "agent") },
    second: { id: second!.id, customer: messageOf(second!.id, "customer"), agent: messageOf(second!.id, "agent") },
  };
}

describe("tags", () => {
  test("are created, applied to a conversation and to a message, listed, removed; the same tag twice on one target is refused", async () => {
    const f = await reviewFixture();
    const reviewer = await addMember(db, f.workspace.id, "reviewer");
    const r = reviewer.caller.review;
    const refund = await r.tags.create({ workspace: f.ws, name: "Wrong refund", colour: "red", description: "Promised a refund the policy does not allow" });
    expect(refund).toMatchObject({ name: "Wrong refund", colour: "red" });

    await r.applyTag({ workspace: f.ws, conversationId: f.first.id, tagId: refund.id });
    await r.applyTag({ workspace: f.ws, conversationId: f.first.id, messageId: f.first.agent, tagId: refund.id });
    await expect(r.applyTag({ workspace: f.ws, conversationId: f.first.id, tagId: refund.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: '"Wrong refund" is already on this conversation',
    });
    await expect(r.applyTag({ workspace: f.ws, conversationId: f.first.id, messageId: f.first.agent, tagId: refund.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: '"Wrong refund" is already on this message',
    });

    const annotations = await r.annotations({ workspace: f.ws, conversationId: f.first.id });
    expect(annotations.tags.map((t) => [t.name, t.messageId])).toEqual([
      ["Wrong refund", null],
      ["Wrong refund", f.first.agent],
    ]);
    expect((await r.tags.list({ workspace: f.ws })).map((t) => [t.name, t.uses])).toEqual([["Wrong refund", 2]]);

    await r.removeTag({ workspace: f.ws, conversationId: f.first.id, tagId: refund.id });
    expect((await r.annotations({ workspace: f.ws, conversationId: f.first.id })).tags.map((t) => t.messageId)).toEqual([f.first.agent]);
    await expect(r.removeTag({ workspace: f.ws, conversationId: f.first.id, tagId: refund.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("names are unique per workspace whatever their case; edits keep the name free of clashes; bad input is a clear error", async () => {
    const f = await reviewFixture();
    const r = f.caller.review;
    const tone = await r.tags.create({ workspace: f.ws, name: "Off-brand tone", colour: "violet" });
    await r.tags.create({ workspace: f.ws, name: "Great answer", colour: "green" });
    await expect(r.tags.create({ workspace: f.ws, name: "off-brand TONE", colour: "blue" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: 'A tag called "off-brand TONE" already exists: pick another name',
    });
    await expect(r.tags.update({ workspace: f.ws, tagId: tone.id, name: "great answer", colour: "violet" })).rejects.toMatchObject({ code: "CONFLICT" });
    // Renaming a tag to another case of its own name is not a clash.
    expect(await r.tags.update({ workspace: f.ws, tagId: tone.id, name: "Off-Brand Tone", colour: "pink", description: "Too casual" })).toMatchObject({
      name: "Off-Brand Tone",
      colour: "pink",
      description: "Too casual",
    });
    await expect(r.tags.create({ workspace: f.ws, name: "   ", colour: "red" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Give the tag a name" });
    await expect(r.tags.create({ workspace: f.ws, name: "x".repeat(41), colour: "red" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "Keep the tag name to 40 characters or fewer",
    });
    await expect(r.tags.create({ workspace: f.ws, name: "Neon", colour: "neon" as "red" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Pick one of the colours"),
    });
    await expect(r.applyTag({ workspace: f.ws, conversationId: f.first.id, tagId: "8d6f9c0e-0000-4000-8000-000000000000" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "Tag not found",
    });
    // A message of another conversation is not this conversation's message.
    await expect(r.applyTag({ workspace: f.ws, conversationId: f.first.id, messageId: f.second.agent, tagId: tone.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "Message in this conversation not found",
    });
    expect((await r.tags.list({ workspace: f.ws })).map((t) => t.name)).toEqual(["Great answer", "Off-Brand Tone"]);
  });

  test("deleting a tag removes everywhere it was applied, and says how many", async () => {
    const f = await reviewFixture();
    const r = f.caller.review;
    const tag = await r.tags.create({ workspace: f.ws, name: "Escalate sooner", colour: "orange" });
    await r.applyTag({ workspace: f.ws, conversationId: f.first.id, tagId: tag.id });
    await r.applyTag({ workspace: f.ws, conversationId: f.second.id, messageId: f.second.agent, tagId: tag.id });
    expect(await r.tags.delete({ workspace: f.ws, tagId: tag.id })).toEqual({ id: tag.id, removedApplications: 2 });
    const [left] = await db.select({ n: count() }).from(conversationTags).where(eq(conversationTags.tagId, tag.id));
    expect(left!.n).toBe(0);
    expect((await r.annotations({ workspace: f.ws, conversationId: f.first.id })).tags).toEqual([]);
    const [row] = await db.select().from(auditLogs).where(and(eq(auditLogs.workspaceId, f.workspace.id), eq(auditLogs.action, "tag.delete")));
    expect(row).toMatchObject({ actorId: f.owner.id, targetId: tag.id, before: { name: "Escalate sooner", colour: "orange", applications: 2 }, after: null });
  });
});

describe("notes", () => {
  test("carry their author and time, sit on the conversation or a message, and only their author (or an admin) changes them", async () => {
    const f = await reviewFixture();
    const alice = await addMember(db, f.workspace.id, "reviewer");
    const bob = await addMember(db, f.workspace.id, "reviewer");
    const admin = await addMember(db, f.workspace.id, "admin");
    const note = await alice.caller.review.addNote({ workspace: f.ws, conversationId: f.first.id, text: "  The **refund** window was quoted right.  " });
    expect(note).toMatchObject({ authorId: alice.user.id, authorName: "A reviewer", text: "The **refund** window was quoted right.", messageId: null });
    expect(note.createdAt).toBeInstanceOf(Date);
    const onMessage = await bob.caller.review.addNote({ workspace: f.ws, conversationId: f.first.id, messageId: f.first.agent, text: "Should cite the policy" });
    expect(onMessage.messageId).toBe(f.first.agent);

    const seenByAlice = await alice.caller.review.annotations({ workspace: f.ws, conversationId: f.first.id });
    expect(seenByAlice.notes.map((n) => [n.text, n.canChange])).toEqual([
      ["The **refund** window was quoted right.", true],
      ["Should cite the policy", false],
    ]);

    await expect(bob.caller.review.updateNote({ workspace: f.ws, noteId: note.id, text: "Mine now" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Only A reviewer or an admin can edit this note",
    });
    await expect(bob.caller.review.deleteNote({ workspace: f.ws, noteId: note.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await alice.caller.review.updateNote({ workspace: f.ws, noteId: note.id, text: "Quoted right, but late" })).toMatchObject({ text: "Quoted right, but late" });
    await admin.caller.review.deleteNote({ workspace: f.ws, noteId: onMessage.id });
    expect((await alice.caller.review.annotations({ workspace: f.ws, conversationId: f.first.id })).notes.map((n) => [n.text, n.updatedAt !== null])).toEqual([
      ["Quoted right, but late", true],
    ]);
  });

  test("empty and oversized notes are refused with a clear message and nothing is written", async () => {
    const f = await reviewFixture();
    const r = f.caller.review;
    await expect(r.addNote({ workspace: f.ws, conversationId: f.first.id, text: "  \n " })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Write the note first: it is empty" });
    await expect(r.addNote({ workspace: f.ws, conversationId: f.first.id, text: "x".repeat(100_000) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "Keep the note to 4000 characters or fewer (split a longer one)",
    });
    await expect(r.addNote({ workspace: f.ws, conversationId: "not-a-uuid", text: "hi" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Unknown conversation id" });
    expect((await r.annotations({ workspace: f.ws, conversationId: f.first.id })).notes).toEqual([]);
  });
});

describe("corrections", () => {
  test("go on an agent message only, with what it should have said and done", async () => {
    const f = await reviewFixture();
    const reviewer = await addMember(db, f.workspace.id, "reviewer");
    const r = reviewer.caller.review;
    const [journey] = await db
      .insert(journeys)
      .values({ workspaceId: f.workspace.id, agentId: f.agent.id, name: "Returns", trigger: {}, graph: {} })
      .returning({ id: journeys.id });

    const correction = await r.addCorrection({
      workspace: f.ws,
      conversationId: f.first.id,
      messageId: f.first.agent,
      text: "Ask for the order number before promising anything.",
      expectedJourneyId: journey!.id,
      expectedToolCall: "get_order_details",
      expectedDecision: "require_confirmation",
    });
    expect(correction).toMatchObject({ authorId: reviewer.user.id, authorName: "A reviewer", expectedJourneyName: "Returns", expectedDecision: "require_confirmation" });
    // Only an action, no text, is a correction too.
    await r.addCorrection({ workspace: f.ws, conversationId: f.first.id, messageId: f.first.agent, expectedDecision: "deny" });

    await expect(r.addCorrection({ workspace: f.ws, conversationId: f.first.id, messageId: f.first.customer, text: "Say it nicer" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "Corrections are for what the AI agent said: this message is the customer's",
    });
    await expect(r.addCorrection({ workspace: f.ws, conversationId: f.first.id, messageId: f.first.agent, text: "   " })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "Say what the agent should have said or done: the correction is empty",
    });
    await expect(r.addCorrection({ workspace: f.ws, conversationId: f.first.id, messageId: f.second.agent, text: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      r.addCorrection({ workspace: f.ws, conversationId: f.first.id, messageId: f.first.agent, text: "x", expectedDecision: "maybe" as "deny" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: "The decision is one of allow, deny, require_confirmation, escalate" });
    const other = await makeWorkspace(db);
    const otherAgent = await other.caller.agents.create({ workspace: other.workspace.slug, name: "Theirs" });
    const [foreignJourney] = await db
      .insert(journeys)
      .values({ workspaceId: other.workspace.id, agentId: otherAgent.id, name: "Theirs", trigger: {}, graph: {} })
      .returning({ id: journeys.id });
    await expect(
      r.addCorrection({ workspace: f.ws, conversationId: f.first.id, messageId: f.first.agent, text: "x", expectedJourneyId: foreignJourney!.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", message: "Journey of this conversation's agent not found" });

    const listed = await r.annotations({ workspace: f.ws, conversationId: f.first.id });
    expect(listed.corrections.map((c) => [c.messageId, c.text, c.expectedDecision, c.canChange])).toEqual([
      [f.first.agent, "Ask for the order number before promising anything.", "require_confirmation", true],
      [f.first.agent, "", "deny", true],
    ]);
    await r.deleteCorrection({ workspace: f.ws, correctionId: correction.id });
    expect((await r.annotations({ workspace: f.ws, conversationId: f.first.id })).corrections).toHaveLength(1);
  });
});

test("the conversation list filters by tag and by text in notes, and shows each conversation's tags", async () => {
  const f = await reviewFixture();
  const r = f.caller.review;
  const base = { workspace: f.ws, agentId: f.agent.id };
  const tag = await r.tags.create({ workspace: f.ws, name: "Late delivery", colour: "amber" });
  const unused = await r.tags.create({ workspace: f.ws, name: "Unused", colour: "gray" });
  // On a message only: the conversation counts as tagged, and the tag shows once.
  await r.applyTag({ workspace: f.ws, conversationId: f.second.id, messageId: f.second.agent, tagId: tag.id });
  await r.applyTag({ workspace: f.ws, conversationId: f.second.id, messageId: f.second.customer, tagId: tag.id });
  await r.addNote({ workspace: f.ws, conversationId: f.first.id, messageId: f.first.agent, text: "The courier lost the *parcel* twice" });
  await r.addNote({ workspace: f.ws, conversationId: f.second.id, text: "Fine" });

  const all = await f.caller.conversations.list(base);
  expect(Object.fromEntries(all.items.map((c) => [c.id, c.tags.map((t) => t.name)]))).toEqual({ [f.first.id]: [], [f.second.id]: ["Late delivery"] });
  expect((await f.caller.conversations.list({ ...base, tagId: tag.id })).items.map((c) => c.id)).toEqual([f.second.id]);
  expect((await f.caller.conversations.list({ ...base, tagId: unused.id })).items).toEqual([]);
  expect((await f.caller.conversations.list({ ...base, noteSearch: "courier parcel" })).items.map((c) => c.id)).toEqual([f.first.id]);
  expect((await f.caller.conversations.list({ ...base, noteSearch: "parcel", tagId: tag.id })).items).toEqual([]);
  // The messages' own words are not notes.
  expect((await f.caller.conversations.list({ ...base, noteSearch: "shoes" })).items).toEqual([]);
});

test("another workspace's conversations, messages, tags, notes and corrections are NOT_FOUND", async () => {
  const a = await reviewFixture();
  const b = await reviewFixture();
  const aTag = await a.caller.review.tags.create({ workspace: a.ws, name: "Ours", colour: "blue" });
  const bTag = await b.caller.review.tags.create({ workspace: b.ws, name: "Theirs", colour: "red" });
  const aNote = await a.caller.review.addNote({ workspace: a.ws, conversationId: a.first.id, text: "Ours" });
  const aCorrection = await a.caller.review.addCorrection({ workspace: a.ws, conversationId: a.first.id, messageId: a.first.agent, text: "Ours" });
  const r = b.caller.review;
  const ws = b.ws;
  const attempts = {
    "annotations of A's conversation": () => r.annotations({ workspace: ws, conversationId: a.first.id }),
    "B's tag on A's conversation": () => r.applyTag({ workspace: ws, conversationId: a.first.id, tagId: bTag.id }),
    "A's tag on B's conversation": () => r.applyTag({ workspace: ws, conversationId: b.first.id, tagId: aTag.id }),
    "A's message under B's conversation": () => r.applyTag({ workspace: ws, conversationId: b.first.id, messageId: a.first.agent, tagId: bTag.id }),
    "rename A's tag": () => r.tags.update({ workspace: ws, tagId: aTag.id, name: "pwned", colour: "red" }),
    "delete A's tag": () => r.tags.delete({ workspace: ws, tagId: aTag.id }),
    "note on A's conversation": () => r.addNote({ workspace: ws, conversationId: a.first.id, text: "pwned" }),
    "edit A's note": () => r.updateNote({ workspace: ws, noteId: aNote.id, text: "pwned" }),
    "delete A's note": () => r.deleteNote({ workspace: ws, noteId: aNote.id }),
    "correct A's message": () => r.addCorrection({ workspace: ws, conversationId: a.first.id, messageId: a.first.agent, text: "pwned" }),
    "delete A's correction": () => r.deleteCorrection({ workspace: ws, correctionId: aCorrection.id }),
    "filter B's list by A's tag": () => b.caller.conversations.list({ workspace: ws, agentId: b.agent.id, tagId: aTag.id }),
    "A's workspace by name": () => r.tags.list({ workspace: a.ws }),
  };
  for (const [name, attempt] of Object.entries(attempts)) {
    await expect(attempt(), name).rejects.toMatchObject({ code: "NOT_FOUND" });
  }
  const aSees = await a.caller.review.annotations({ workspace: a.ws, conversationId: a.first.id });
  expect(aSees.notes.map((n) => n.text)).toEqual(["Ours"]);
  expect(aSees.corrections.map((c) => c.text)).toEqual(["Ours"]);
  expect((await a.caller.review.tags.list({ workspace: a.ws })).map((t) => t.name)).toEqual(["Ours"]);
});

test("every review mutation writes an audit row with its actor", async () => {
  const f = await reviewFixture();
  const r = f.caller.review;
  const tag = await r.tags.create({ workspace: f.ws, name: "Audit me", colour: "teal" });
  await r.tags.update({ workspace: f.ws, tagId: tag.id, name: "Audited", colour: "teal" });
  await r.applyTag({ workspace: f.ws, conversationId: f.first.id, messageId: f.first.agent, tagId: tag.id });
  await r.removeTag({ workspace: f.ws, conversationId: f.first.id, messageId: f.first.agent, tagId: tag.id });
  const note = await r.addNote({ workspace: f.ws, conversationId: f.first.id, text: "First" });
  await r.updateNote({ workspace: f.ws, noteId: note.id, text: "Second" });
  await r.deleteNote({ workspace: f.ws, noteId: note.id });
  const correction = await r.addCorrection({ workspace: f.ws, conversationId: f.first.id, messageId: f.first.agent, text: "Better" });
  await r.deleteCorrection({ workspace: f.ws, correctionId: correction.id });
  await r.tags.delete({ workspace: f.ws, tagId: tag.id });

  const rows = await db
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.workspaceId, f.workspace.id), inArray(auditLogs.targetType, ["tag", "conversation"])))
    .orderBy(auditLogs.createdAt);
  expect(rows.map((row) => row.action)).toEqual([
    "tag.create",
    "tag.update",
    "conversation.tag",
    "conversation.untag",
    "conversation.note",
    "conversation.edit_note",
    "conversation.delete_note",
    "conversation.correct",
    "conversation.delete_correction",
    "tag.delete",
  ]);
  expect(rows.every((row) => row.actorId === f.owner.id)).toBe(true);
  const byAction = Object.fromEntries(rows.map((row) => [row.action, row]));
  expect(byAction["tag.update"]).toMatchObject({ targetId: tag.id, before: { name: "Audit me" }, after: { name: "Audited" } });
  expect(byAction["conversation.tag"]).toMatchObject({ targetId: f.first.id, after: { tag: "Audited", messageId: f.first.agent } });
  expect(byAction["conversation.edit_note"]).toMatchObject({ before: { text: "First" }, after: { text: "Second" } });
  expect(byAction["conversation.correct"]).toMatchObject({ after: { correctionId: correction.id, text: "Better" } });
  // The audit log names a deleted tag by the name its entry recorded.
  expect((await f.caller.audit.list({ workspace: f.ws })).items.find((e) => e.action === "tag.create")).toMatchObject({ targetName: "Audit me" });
});

describe.each(roles)("role %s", (role: Role) => {
  test("review mutations follow the permission table; every role reads", async () => {
    const f = await reviewFixture();
    const { caller } = await addMember(db, f.workspace.id, role);
    const r = caller.review;
    await expect(r.tags.list({ workspace: f.ws })).resolves.toEqual([]);
    await expect(r.annotations({ workspace: f.ws, conversationId: f.first.id })).resolves.toMatchObject({ tags: [], notes: [], corrections: [] });
    // The services themselves, so a fixture exists whatever the role under test may do.
    const ctx = { db, userId: f.owner.id, workspace: { id: f.workspace.id, slug: f.ws, name: f.workspace.name }, role: "owner" as const };
    const tag = await createTag(ctx, { name: `Seed ${role}`, colour: "gray", description: "" });
    const ownerNote = await createNote(ctx, { conversationId: f.first.id, text: "The owner's" });
    const writes = [
      () => r.tags.create({ workspace: f.ws, name: "New", colour: "red" }),
      () => r.tags.update({ workspace: f.ws, tagId: tag.id, name: "Renamed", colour: "red" }),
      () => r.applyTag({ workspace: f.ws, conversationId: f.first.id, tagId: tag.id }),
      () => r.removeTag({ workspace: f.ws, conversationId: f.first.id, tagId: tag.id }),
      () => r.addNote({ workspace: f.ws, conversationId: f.first.id, text: "Mine" }),
      () => r.addCorrection({ workspace: f.ws, conversationId: f.first.id, messageId: f.first.agent, text: "Better" }),
      () => r.tags.delete({ workspace: f.ws, tagId: tag.id }),
    ];
    for (const write of writes) {
      if (can(role, "review:write")) await expect(write()).resolves.toBeDefined();
      else await expect(write()).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    // Someone else's note: moderators only.
    const edit = r.updateNote({ workspace: f.ws, noteId: ownerNote.id, text: "Changed" });
    if (can(role, "review:moderate")) await expect(edit).resolves.toMatchObject({ text: "Changed" });
    else await expect(edit).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
