// Conversation viewer at scale: 100k conversations (one message each) in one agent, then the list
// query with each filter and deep keyset pages. Run: see bench/README.md.
import { sql } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { conversations, messages } from "@/db/schema";
import { listConversations } from "@/server/services/conversations/list-conversations";
import { createAgent } from "@/server/services/agents/agents";
import { createUser } from "@/server/services/users/create-user";
import { createWorkspace } from "@/server/services/workspaces/create-workspace";

const total = Number(process.argv[process.argv.indexOf("--conversations") + 1]) || 100_000;
const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: "memory://" });
const { db } = database;
const user = await createUser(db, { name: "Bench", email: `bench-${Date.now()}@example.test`, password: "bench bench bench" });
const workspace = await createWorkspace({ db, userId: user.id }, { name: `Bench ${Date.now()}` });
const ctx = { db, userId: user.id, workspace, role: "owner" as const };
const agent = await createAgent(ctx, { name: "Bench agent" });

const channels = ["playground", "api", "widget"];
const statuses = ["open", "resolved", "escalated", "abandoned"];
const words = ["refund", "parcel", "keyboard", "address", "cancel", "exchange", "warranty", "payment"];
let started = performance.now();
for (let from = 0; from < total; from += 5_000) {
  const rows = Array.from({ length: Math.min(5_000, total - from) }, (_, j) => {
    const i = from + j;
    return { workspaceId: workspace.id, agentId: agent.id, channel: channels[i % 3]!, status: statuses[i % 4]!, createdAt: new Date(Date.UTC(2026, 0, 1) + i * 30_000) };
  });
  const ids = await db.insert(conversations).values(rows).returning({ id: conversations.id });
  await db.insert(messages).values(ids.map((c, j) => ({ workspaceId: workspace.id, conversationId: c.id, turn: 1, role: "customer", text: `About my ${words[(from + j) % words.length]} number ${from + j}` })));
}
await db.execute(sql`analyze conversations`);
await db.execute(sql`analyze messages`);
console.log(`loaded ${total} conversations in ${((performance.now() - started) / 1000).toFixed(1)} s`);

async function time(label: string, input: Parameters<typeof listConversations>[1], runs = 30) {
  const samples: number[] = [];
  let cursor: string | undefined;
  for (let r = 0; r < runs; r++) {
    started = performance.now();
    const page = await listConversations(ctx, { ...input, cursor: input.cursor === "deep" ? cursor : undefined });
    samples.push(performance.now() - started);
    cursor = page.nextCursor ?? undefined; // "deep": walk forward one page per run
  }
  samples.sort((a, b) => a - b);
  const p = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(1);
  console.log(`${label.padEnd(34)} p50 ${p(0.5)} ms  p95 ${p(0.95)} ms`);
}

await time("first page, no filter", { agentId: agent.id });
await time("walking 30 pages (keyset)", { agentId: agent.id, cursor: "deep" });
await time("status = escalated", { agentId: agent.id, status: "escalated" });
await time("channel = widget + status = open", { agentId: agent.id, channel: "widget", status: "open" });
await time("date range (one day)", { agentId: agent.id, from: new Date(Date.UTC(2026, 0, 10)), to: new Date(Date.UTC(2026, 0, 11)) });
await time("text search 'warranty'", { agentId: agent.id, search: "warranty" });
await database.close();
