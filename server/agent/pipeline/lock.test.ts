import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { type Database, type Db, openDatabase } from "@/db/client";
import { conversations } from "@/db/schema";
import { createAgent } from "@/server/services/agents/agents";
import { testDatabase } from "@/test/db";
import { makeWorkspace } from "@/test/factories";
import { withConversationLock } from "./lock";

// The lock every turn runs in: turns of one conversation run one after another and see each other's
// writes; a turn that fails writes nothing and leaves its connection usable.

let database: Database;
let conversationId: string;

beforeAll(async () => {
  database = await testDatabase();
  const { db } = database;
  const { owner, workspace } = await makeWorkspace(db);
  const agent = await createAgent({ db, userId: owner.id, workspace, role: "owner" }, { name: "Lock test" });
  const [c] = await db.insert(conversations).values({ workspaceId: workspace.id, agentId: agent.id, channel: "playground" }).returning({ id: conversations.id });
  conversationId = c!.id;
});

const turnsOf = (run: (q: ReturnType<typeof sql>) => Promise<{ turns: number }[]>) => run(sql`select turns from conversations where id = ${conversationId}`).then((rows) => rows[0]!.turns);

describe("withConversationLock", () => {
  // On Postgres a second instance (its own pools) shares only the advisory lock: a load that read before
  // the lock was held would see a stale count. PGlite has a single instance.
  async function turnsSerialise(locks: (typeof withConversationLock)[]) {
    const second = database.kind === "postgres" ? await openDatabase({ url: process.env.DATABASE_URL, dataDir: "memory://" }) : database;
    const seen: number[] = [];
    const turn = (db: Db, lock: typeof withConversationLock) =>
      lock(db, conversationId, async ({ run, runLast }) => {
        const turns = await turnsOf(run);
        seen.push(turns);
        await new Promise((resolve) => setTimeout(resolve, 20)); // a tool call, say
        await runLast(sql`update conversations set turns = ${turns + 1} where id = ${conversationId}`);
      });
    const before = await turnsOf((q) => withConversationLock(database.db, conversationId, ({ run }) => run(q)));
    const all = Array.from({ length: 8 }, (_, i) => turn(i % 2 ? second.db : database.db, locks[Math.floor(i / 2) % locks.length]!));
    await Promise.all(all);
    if (second !== database) await second.close();
    expect(seen.toSorted((a, b) => a - b)).toEqual(Array.from({ length: 8 }, (_, i) => before + i));
  }

  it("runs one conversation's turns one after another, each reading what the one before wrote, across app instances", async () => {
    await turnsSerialise([withConversationLock]);
  });

  it("holds when the database was opened by another copy of the modules (Next.js bundles instrumentation, which opens it, apart from the routes)", async () => {
    vi.resetModules();
    const routes = await import("./lock");
    expect(routes.withConversationLock).not.toBe(withConversationLock);
    await turnsSerialise([withConversationLock, routes.withConversationLock]);
  });

  it("a failed turn leaves the conversation as it was (on Postgres, even what it wrote before failing), and turns go on", async () => {
    const read = () => withConversationLock(database.db, conversationId, ({ run }) => turnsOf(run));
    const before = await read();
    await expect(
      withConversationLock(database.db, conversationId, async ({ runLast }) => {
        await runLast(sql`update conversations set turns = turns + 1 where id = ${conversationId} and 1 / 0 = 1`);
      }),
    ).rejects.toSatisfy((e: Error) => /division by zero/.test(`${e.message} ${(e.cause as Error | undefined)?.message}`)); // drizzle wraps PGlite's error
    await expect(
      withConversationLock(database.db, conversationId, async ({ run }) => {
        await run(sql`update conversations set turns = turns + 100 where id = ${conversationId}`);
        throw new Error("the model failed");
      }),
    ).rejects.toThrow("the model failed");
    // On Postgres the +100 was rolled back; on PGlite there is no transaction, so only the failed statement is undone.
    expect(await read()).toBe(database.kind === "postgres" ? before : before + 100);
    // Every connection of the turn pool is still usable: none went back to the pool mid-transaction.
    const others = Array.from({ length: 25 }, () => withConversationLock(database.db, randomUUID(), ({ run }) => run<{ ok: number }>(sql`select 1 as ok`)));
    expect((await Promise.all(others)).flat()).toEqual(Array(25).fill({ ok: 1 }));
  });
});
