import { and, asc, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { auditLogs, conversationEvents, conversations, messages, turnTraces } from "@/db/schema";
import { createConversation } from "@/server/agent/create-conversation";
import { localModels } from "@/server/agent/models";
import { runTurn } from "@/server/agent/run-turn";
import type { TurnCtx } from "@/server/agent/types";
import { testDatabase } from "@/test/db";
import { addMember, makeWorkspace } from "@/test/factories";

const { db } = await testDatabase();
const ctx: TurnCtx = { db, models: localModels, appUrl: "http://127.0.0.1:9" };

/** A workspace with an agent (no journeys), an owner, and two human agents. */
async function team() {
  const { workspace, caller: owner } = await makeWorkspace(db);
  const agent = await owner.agents.create({ workspace: workspace.slug, name: "Support" });
  const ana = await addMember(db, workspace.id, "agent");
  const ben = await addMember(db, workspace.id, "agent");
  const ws = workspace.slug;
  const open = async () => (await createConversation(ctx, { workspaceId: workspace.id, agentId: agent.id, channel: "api" })).id;
  const send = (conversationId: string, text: string) => runTurn(ctx, { conversationId, text });
  /** A conversation the customer escalated by asking for a person. */
  const escalated = async () => {
    const id = await open();
    await send(id, "I want to talk to a human");
    return id;
  };
  return { workspace, ws, agent, owner, ana, ben, open, send, escalated };
}

const row = async (id: string) => (await db.select().from(conversations).where(eq(conversations.id, id)))[0]!;
const events = (id: string) => db.select().from(conversationEvents).where(eq(conversationEvents.conversationId, id)).orderBy(asc(conversationEvents.id));

describe("escalation", () => {
  test("asking for a person moves the conversation to waiting_for_human with the structured summary, and reports it as events", async () => {
    const t = await team();
    const id = await t.open();
    const result = await t.send(id, "I want to talk to a human");
    expect(result.status).toBe("escalated");
    const c = await row(id);
    expect(c).toMatchObject({ owner: "waiting_for_human", status: "escalated", assigneeId: null });
    expect(c.waitingSince).toBeInstanceOf(Date);
    expect(c.handedOffAt).toEqual(c.waitingSince);
    expect(c.handoff).toMatchObject({
      wants: expect.any(String),
      why: "The customer asked for a person",
      identity: { verified: false, userId: null, email: null },
      facts: [],
      gate: [],
      sentiment: { score: expect.any(Number), negativeStreak: expect.any(Number) },
    });
    const stream = await events(id);
    expect(stream.map((e) => [e.type, (e.payload as { message?: { role: string } }).message?.role ?? null])).toEqual([
      ["message.created", "customer"],
      ["message.created", "agent"],
      ["conversation.handoff", null],
    ]);
    expect(stream[0]!.payload).toMatchObject({ message: { text: "I want to talk to a human", turn: 1 } });
  });

  test("while a person owns it (waiting or claimed) the AI stays quiet and the customer's message is still recorded and reported", async () => {
    const t = await team();
    const id = await t.escalated();
    const waiting = await t.send(id, "hello? anyone?");
    expect(waiting.reply).toBe("");
    await t.ana.caller.inbox.claim({ workspace: t.ws, conversationId: id });
    const held = await t.send(id, "still there?");
    expect(held.reply).toBe("");
    const c = await row(id);
    expect(c).toMatchObject({ owner: "human", status: "escalated" });
    const said = await db.select({ role: messages.role, text: messages.text }).from(messages).where(eq(messages.conversationId, id)).orderBy(asc(messages.turn), asc(messages.createdAt));
    expect(said.slice(-2)).toEqual([
      { role: "customer", text: "hello? anyone?" },
      { role: "customer", text: "still there?" },
    ]);
    const last = (await events(id)).at(-1)!;
    expect(last).toMatchObject({ type: "message.created", payload: { message: { role: "customer", text: "still there?" } } });
  });
});

describe("claim", () => {
  test("a claim makes the caller the owner, with a trace step, an audit row and an event", async () => {
    const t = await team();
    const id = await t.escalated();
    const claimed = await t.ana.caller.inbox.claim({ workspace: t.ws, conversationId: id });
    expect(claimed).toMatchObject({ owner: "human", assigneeId: t.ana.user.id, waitingSince: null });
    expect(claimed.claimedAt).toBeInstanceOf(Date);
    const [trace] = await db.select().from(turnTraces).where(and(eq(turnTraces.conversationId, id), eq(turnTraces.turn, 1)));
    expect(trace!.events.at(-1)).toMatchObject({ type: "escalation", name: "person: claim", decision: "human", input: { by: t.ana.user.id, from: "waiting_for_human" } });
    const audits = await db.select().from(auditLogs).where(and(eq(auditLogs.targetId, id), eq(auditLogs.action, "conversation.claim")));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorId: t.ana.user.id, before: { owner: "waiting_for_human" }, after: { owner: "human", assigneeId: t.ana.user.id } });
    expect((await events(id)).at(-1)).toMatchObject({ type: "conversation.claimed", internal: false, payload: { owner: "human", assignee: { id: t.ana.user.id, name: "A agent" } } });
  });

  test("of 20 concurrent claims exactly one wins; the others are told who has it", async () => {
    const t = await team();
    const id = await t.escalated();
    const people = await Promise.all(Array.from({ length: 20 }, () => addMember(db, t.workspace.id, "agent")));
    const results = await Promise.allSettled(people.map((p) => p.caller.inbox.claim({ workspace: t.ws, conversationId: id })));
    const won = results.flatMap((r, i) => (r.status === "fulfilled" ? [people[i]!] : []));
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "CONFLICT", message: "A agent has already claimed this conversation" });
    expect(await row(id)).toMatchObject({ owner: "human", assigneeId: won[0]!.user.id });
    expect((await events(id)).filter((e) => e.type === "conversation.claimed")).toHaveLength(1);
  });

  test("claiming someone else's conversation, or one the AI still handles, is refused; claiming your own again is a no-op", async () => {
    const t = await team();
    const id = await t.escalated();
    await t.ana.caller.inbox.claim({ workspace: t.ws, conversationId: id });
    await expect(t.ben.caller.inbox.claim({ workspace: t.ws, conversationId: id })).rejects.toMatchObject({ code: "CONFLICT", message: "A agent has already claimed this conversation" });
    await expect(t.ana.caller.inbox.claim({ workspace: t.ws, conversationId: id })).resolves.toMatchObject({ owner: "human", assigneeId: t.ana.user.id });
    const withAi = await t.open();
    await expect(t.ana.caller.inbox.claim({ workspace: t.ws, conversationId: withAi })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/AI is handling/) });
  });
});

describe("reply and note", () => {
  test("the holder's reply is a `human` message with their name, reported as an event, and the first reply time is kept", async () => {
    const t = await team();
    const id = await t.escalated();
    await t.ana.caller.inbox.claim({ workspace: t.ws, conversationId: id });
    const reply = await t.ana.caller.inbox.reply({ workspace: t.ws, conversationId: id, text: "  Hi, I'm here to help.  " });
    expect(reply).toMatchObject({ role: "human", text: "Hi, I'm here to help.", authorId: t.ana.user.id, authorName: "A agent" });
    const first = (await row(id)).firstHumanReplyAt;
    expect(first).toBeInstanceOf(Date);
    await t.ana.caller.inbox.reply({ workspace: t.ws, conversationId: id, text: "Anything else?" });
    expect((await row(id)).firstHumanReplyAt).toEqual(first);
    const replies = (await events(id)).filter((e) => e.type === "message.created" && (e.payload as { message: { role: string } }).message.role === "human");
    expect(replies.map((e) => (e.payload as { message: { text: string; authorName: string } }).message)).toMatchObject([
      { text: "Hi, I'm here to help.", authorName: "A agent" },
      { text: "Anything else?", authorName: "A agent" },
    ]);
  });

  test("only the holder may reply: another agent, a waiting conversation, the AI's and a closed one are refused with a reason", async () => {
    const t = await team();
    const id = await t.escalated();
    const say = (who: typeof t.ana, conversationId: string) => who.caller.inbox.reply({ workspace: t.ws, conversationId, text: "hello" });
    await expect(say(t.ana, id)).rejects.toMatchObject({ code: "CONFLICT", message: "Claim the conversation before replying: nobody holds it yet" });
    await t.ana.caller.inbox.claim({ workspace: t.ws, conversationId: id });
    await expect(say(t.ben, id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(say(t.ana, await t.open())).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/AI is handling/) });
    await t.ana.caller.inbox.close({ workspace: t.ws, conversationId: id });
    await expect(say(t.ana, id)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/closed/) });
    const human = await db.select().from(messages).where(and(eq(messages.conversationId, id), eq(messages.role, "human")));
    expect(human).toEqual([]);
  });

  test("an empty or 20 kB reply is a clear BAD_REQUEST and stores nothing", async () => {
    const t = await team();
    const id = await t.escalated();
    await t.ana.caller.inbox.claim({ workspace: t.ws, conversationId: id });
    await expect(t.ana.caller.inbox.reply({ workspace: t.ws, conversationId: id, text: "   " })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Write the reply first: it is empty" });
    await expect(t.ana.caller.inbox.reply({ workspace: t.ws, conversationId: id, text: "x".repeat(20_000) })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/4000 characters or fewer/) });
    expect(await db.select().from(messages).where(and(eq(messages.conversationId, id), eq(messages.role, "human")))).toEqual([]);
  });

  test("the holder's typing is one event per 3 s for the customer; nobody else's counts and the inbox does not see it", async () => {
    const t = await team();
    const id = await t.escalated();
    const type = (who: typeof t.ana) => who.caller.inbox.typing({ workspace: t.ws, conversationId: id });
    expect(await type(t.ana)).toEqual({ sent: false }); // nobody holds it yet
    await t.ana.caller.inbox.claim({ workspace: t.ws, conversationId: id });
    expect(await type(t.ben)).toEqual({ sent: false });
    expect(await type(t.ana)).toEqual({ sent: true });
    expect(await type(t.ana)).toEqual({ sent: false }); // within 3 s of the last
    const typing = (await events(id)).filter((e) => e.type === "typing");
    expect(typing).toMatchObject([{ internal: false, payload: { name: "A agent" } }]);
    const { lastId } = await t.ana.caller.inbox.events({ workspace: t.ws, conversationId: id });
    expect(lastId).toBeLessThan(typing[0]!.id);
  });

  test("a note is for the team: its event is internal and it is never a message", async () => {
    const t = await team();
    const id = await t.escalated();
    const note = await t.ben.caller.inbox.note({ workspace: t.ws, conversationId: id, text: "VIP customer, be generous" });
    expect(note).toMatchObject({ text: "VIP customer, be generous", authorName: "A agent" });
    expect((await events(id)).at(-1)).toMatchObject({ type: "note.created", internal: true });
    expect(await db.select().from(messages).where(and(eq(messages.conversationId, id), eq(messages.text, "VIP customer, be generous")))).toEqual([]);
    const got = await t.ana.caller.inbox.get({ workspace: t.ws, conversationId: id });
    expect(got.notes.map((n) => n.text)).toEqual(["VIP customer, be generous"]);
  });
});

describe("hand back, resolve, close", () => {
  test("handed back, the AI answers the next message, and the person's handle time is recorded", async () => {
    const t = await team();
    const id = await t.escalated();
    await t.ana.caller.inbox.claim({ workspace: t.ws, conversationId: id });
    await new Promise((r) => setTimeout(r, 20));
    await expect(t.ben.caller.inbox.handBack({ workspace: t.ws, conversationId: id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const back = await t.ana.caller.inbox.handBack({ workspace: t.ws, conversationId: id });
    expect(back).toMatchObject({ owner: "ai", status: "open", assigneeId: null, claimedAt: null, handoffOutcome: "handed_back" });
    expect(back.humanHandleMs).toBeGreaterThanOrEqual(20);
    const next = await t.send(id, "what are your opening hours?");
    expect(next.reply).not.toBe("");
    expect((await row(id)).owner).toBe("ai");
  });

  test("handed back into a journey, the session starts at that journey's trigger; another workspace's journey is refused", async () => {
    const t = await team();
    const journey = await t.owner.journeys.create({ workspace: t.ws, agent: t.agent.slug, name: "Returns" });
    const id = await t.escalated();
    await t.ana.caller.inbox.claim({ workspace: t.ws, conversationId: id });
    const other = await team();
    const foreign = await other.owner.journeys.create({ workspace: other.ws, agent: other.agent.slug, name: "Theirs" });
    await expect(t.ana.caller.inbox.handBack({ workspace: t.ws, conversationId: id, journeyId: foreign.id })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const back = await t.ana.caller.inbox.handBack({ workspace: t.ws, conversationId: id, journeyId: journey.id });
    expect((back.state as { journey: { id: string } }).journey.id).toBe(journey.id);
    expect((await events(id)).at(-1)).toMatchObject({ type: "conversation.handed_back", payload: { owner: "ai", journey: { id: journey.id, name: "Returns" } } });
  });

  test("resolved with an outcome; the customer's next message goes to the AI again", async () => {
    const t = await team();
    const id = await t.escalated();
    await t.ana.caller.inbox.claim({ workspace: t.ws, conversationId: id });
    const done = await t.ana.caller.inbox.resolve({ workspace: t.ws, conversationId: id, outcome: "unresolved" });
    expect(done).toMatchObject({ owner: "resolved", status: "resolved", handoffOutcome: "unresolved" });
    await expect(t.ana.caller.inbox.claim({ workspace: t.ws, conversationId: id })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/resolved/) });
    const next = await t.send(id, "what are your opening hours?");
    expect(next.reply).not.toBe("");
    expect((await row(id)).owner).toBe("ai");
  });

  test("closed: ended, a terminal state nothing but a read leaves", async () => {
    const t = await team();
    const id = await t.escalated();
    const closed = await t.owner.inbox.close({ workspace: t.ws, conversationId: id });
    expect(closed).toMatchObject({ owner: "closed", status: "abandoned" });
    expect(closed.endedAt).toBeInstanceOf(Date);
    await expect(t.ana.caller.inbox.handBack({ workspace: t.ws, conversationId: id })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(t.ana.caller.inbox.resolve({ workspace: t.ws, conversationId: id })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(t.ana.caller.inbox.claim({ workspace: t.ws, conversationId: id })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  test("an admin may take a conversation from its holder; a conversation is only assigned to someone who works the inbox", async () => {
    const t = await team();
    const id = await t.escalated();
    await t.ana.caller.inbox.claim({ workspace: t.ws, conversationId: id });
    await expect(t.ben.caller.inbox.assign({ workspace: t.ws, conversationId: id, userId: t.ben.user.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const viewer = await addMember(db, t.workspace.id, "viewer");
    await expect(t.owner.inbox.assign({ workspace: t.ws, conversationId: id, userId: viewer.user.id })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/cannot work the inbox/) });
    const stranger = await team();
    await expect(t.owner.inbox.assign({ workspace: t.ws, conversationId: id, userId: stranger.ana.user.id })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/not a member/) });
    await expect(t.owner.inbox.assign({ workspace: t.ws, conversationId: id, userId: t.ben.user.id })).resolves.toMatchObject({ owner: "human", assigneeId: t.ben.user.id });
    await expect(t.ben.caller.inbox.reply({ workspace: t.ws, conversationId: id, text: "Ben here" })).resolves.toMatchObject({ authorName: "A agent" });
  });
});

describe("queues and live updates", () => {
  test("unassigned, mine and all open; urgent first, then longest waiting", async () => {
    const t = await team();
    const first = await t.escalated();
    const second = await t.escalated();
    const third = await t.escalated();
    await t.ana.caller.inbox.setPriority({ workspace: t.ws, conversationId: third, priority: "urgent" });
    await t.ana.caller.inbox.claim({ workspace: t.ws, conversationId: second });
    const ids = async (queue: "unassigned" | "mine" | "open", who = t.ana) => (await who.caller.inbox.list({ workspace: t.ws, queue })).map((c) => c.id);
    expect(await ids("unassigned")).toEqual([third, first]);
    expect(await ids("mine")).toEqual([second]);
    expect(await ids("mine", t.ben)).toEqual([]);
    expect(await ids("open")).toEqual([third, first, second]);
    const [item] = await t.ana.caller.inbox.list({ workspace: t.ws, queue: "unassigned" });
    expect(item).toMatchObject({ priority: "urgent", owner: "waiting_for_human", assignee: null, lastMessage: expect.any(String) });
    expect(item!.waitingMs).toBeGreaterThanOrEqual(0);
  });

  test("events since an id: the new ones in order, internal ones included for the team", async () => {
    const t = await team();
    const id = await t.escalated();
    const { lastId } = await t.ana.caller.inbox.events({ workspace: t.ws });
    await t.ana.caller.inbox.claim({ workspace: t.ws, conversationId: id });
    await t.ana.caller.inbox.note({ workspace: t.ws, conversationId: id, text: "checking" });
    await t.ana.caller.inbox.reply({ workspace: t.ws, conversationId: id, text: "On it" });
    const since = await t.ana.caller.inbox.events({ workspace: t.ws, after: lastId });
    expect(since.events.map((e) => e.type)).toEqual(["conversation.claimed", "note.created", "message.created"]);
    expect(since.lastId).toBe(since.events.at(-1)!.id);
    expect((await t.ana.caller.inbox.events({ workspace: t.ws, after: since.lastId })).events).toEqual([]);
  });
});

describe("canned replies", () => {
  test("created, listed and deleted per workspace; a taken title is a conflict", async () => {
    const t = await team();
    const made = await t.ana.caller.inbox.cannedReplies.create({ workspace: t.ws, title: "Refund timing", text: "Refunds reach your card in 5–7 days." });
    await expect(t.ben.caller.inbox.cannedReplies.create({ workspace: t.ws, title: "Refund timing", text: "x" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await t.ben.caller.inbox.cannedReplies.list({ workspace: t.ws })).map((r) => r.title)).toEqual(["Refund timing"]);
    const other = await team();
    expect(await other.ana.caller.inbox.cannedReplies.list({ workspace: other.ws })).toEqual([]);
    await expect(other.ana.caller.inbox.cannedReplies.delete({ workspace: other.ws, cannedReplyId: made.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await t.ana.caller.inbox.cannedReplies.delete({ workspace: t.ws, cannedReplyId: made.id });
    expect(await t.ana.caller.inbox.cannedReplies.list({ workspace: t.ws })).toEqual([]);
  });
});

describe("tenancy and roles", () => {
  test("another workspace's conversation is NOT_FOUND for every action", async () => {
    const t = await team();
    const other = await team();
    const theirs = await other.escalated();
    const c = t.ana.caller.inbox;
    const input = { workspace: t.ws, conversationId: theirs };
    await expect(c.get(input)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(c.claim(input)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(c.reply({ ...input, text: "hi" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(c.note({ ...input, text: "hi" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(c.handBack(input)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(c.resolve(input)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(c.close(input)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(c.setPriority({ ...input, priority: "high" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(c.events({ workspace: t.ws, conversationId: theirs, after: 1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await row(theirs)).owner).toBe("waiting_for_human");
  });

  test("builders, reviewers and viewers cannot work the inbox", async () => {
    const t = await team();
    const id = await t.escalated();
    for (const role of ["builder", "reviewer", "viewer"] as const) {
      const { caller } = await addMember(db, t.workspace.id, role);
      await expect(caller.inbox.claim({ workspace: t.ws, conversationId: id })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.inbox.list({ workspace: t.ws })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });
});
