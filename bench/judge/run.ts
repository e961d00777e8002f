// The local AI judge (issue 16 item 5): conversations annotated per second over the demo's simulated
// history — the judge alone (in process), and the whole annotation (load, judge, AI criteria, write)
// as the review.process-ended job runs it. Target: ≥ 200 conversations/s.
// Run: NODE_OPTIONS=--conditions=react-server npx tsx --tsconfig tsconfig.json bench/judge/run.ts [--conversations 300] [--passes 3]
// With DATABASE_URL it runs on that Postgres server, otherwise on an in-memory PGlite.
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { and, eq, ne } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { conversationAnnotations, conversations, workspaces } from "@/db/schema";
import { demo, seedDemo } from "@/db/seed/demo";
import { annotateConversations } from "@/server/services/annotation/annotate-conversations";
import { ANNOTATE_BATCH, annotatePending } from "@/server/services/annotation/annotate-pending";
import { judgeConversation } from "@/server/services/annotation/judge-local";
import { loadFacts } from "@/server/services/annotation/load-facts";

const { values } = parseArgs({ options: { conversations: { type: "string", default: "300" }, passes: { type: "string", default: "3" } } });
process.env.SWITCHBACK_DEMO_HISTORY = values.conversations;
const passes = Number(values.passes);

const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: "memory://" });
const { db } = database;
const seeded = performance.now();
await seedDemo(db);
console.log(`seeded the demo with ${values.conversations} simulated conversations in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
const [workspace] = await db.select().from(workspaces).where(eq(workspaces.slug, demo.workspaceSlug));
const ids = (await db.select({ id: conversations.id }).from(conversations).where(and(eq(conversations.workspaceId, workspace!.id), ne(conversations.channel, "eval")))).map((r) => r.id);
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
// This process's CPU time (user + system, ms): on PGlite the database runs in it too, so conversations per
// CPU-second is the judge's cost whatever else loads the machine; wall time is what the job sees now.
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

// 1. The judge alone: facts loaded once, then judged in process.
const facts = await loadFacts(db, workspace!.id, ids);
const now = new Date();
let started = performance.now();
const judgeCpu = process.cpuUsage();
for (let i = 0; i < 20; i++) for (const f of facts) judgeConversation(f, now);
const judgeOnly = rate(facts.length * 20, performance.now() - started);
const judgeOnlyCpu = rate(facts.length * 20, cpuMs(judgeCpu));
console.log(`judge only: ${judgeOnly} conversations/s wall, ${judgeOnlyCpu} per CPU-second (${facts.length} conversations × 20)`);

// 2. The whole annotation, batch by batch as the job does it (re-annotating: every row is an update).
const full: number[] = [];
const fullCpu: number[] = [];
for (let p = 0; p < passes; p++) {
  started = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < ids.length; i += ANNOTATE_BATCH) await annotateConversations(db, { workspaceId: workspace!.id, conversationIds: ids.slice(i, i + ANNOTATE_BATCH), actorId: null });
  full.push(rate(ids.length, performance.now() - started));
  fullCpu.push(rate(ids.length, cpuMs(cpu)));
}
console.log(`load + judge + AI criteria + write: ${full.join(" / ")} conversations/s wall, ${fullCpu.join(" / ")} per CPU-second of this process`);

// 3. As the job finds them: nothing annotated yet, the pending query included.
await db.delete(conversationAnnotations).where(eq(conversationAnnotations.workspaceId, workspace!.id));
started = performance.now();
const pendingCpuStart = process.cpuUsage();
const annotated = await annotatePending(db, { limit: ids.length, workspaceId: workspace!.id });
const pending = rate(annotated.length, performance.now() - started);
const pendingCpu = rate(annotated.length, cpuMs(pendingCpuStart));
console.log(`annotatePending from scratch: ${annotated.length} conversations at ${pending} conversations/s wall, ${pendingCpu} per CPU-second`);

const results = { database: database.kind, measuredAt: new Date().toISOString(), conversations: ids.length, loadAverage: os.loadavg()[0], judgeOnlyPerSecond: judgeOnly, judgeOnlyPerCpuSecond: judgeOnlyCpu, annotatePerSecond: full, annotatePerCpuSecond: fullCpu, pendingPerSecond: pending, pendingPerCpuSecond: pendingCpu };
writeFileSync(path.join(import.meta.dirname, `last-results.${database.kind}.json`), `${JSON.stringify(results, null, 2)}\n`);
await database.close();
