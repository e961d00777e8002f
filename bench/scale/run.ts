// Scale bench (issues 16 and 18): over a database bench/scale/load.ts filled, times the conversation list
// (`listConversations`) with each filter the list offers and combinations, a review queue's "next item"
// (`nextItem`, the claim), and every insights dashboard service, through the public services. Each case
// runs 3 times to warm up, then --runs times (default 30); prints p50 / p95 and writes
// bench/scale/last-results.<db>.json. Targets: list and claim p95 ≤ 100 ms, dashboards p95 ≤ 200 ms.
//   DATABASE_URL=postgres://postgres@127.0.0.1:54329/scale1 NODE_OPTIONS=--conditions=react-server \
//     npx tsx --tsconfig tsconfig.json bench/scale/run.ts [--runs 30] [--only list|claim|insights]
// Without DATABASE_URL it opens the on-disk PGlite at --data-dir (default /tmp/switchback-scale-pglite).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { type SQL, sql } from "drizzle-orm";
import { type Db, openDatabase } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { demo } from "@/db/seed/demo";
import { resolveCohort } from "@/server/services/insights/cohort";
import { agentMetrics } from "@/server/services/insights/agent-metrics";
import { journeyFunnel } from "@/server/services/insights/journey-funnel";
import { outcomeReport } from "@/server/services/insights/outcome-report";
import { qualityMetrics } from "@/server/services/insights/quality-metrics";
import { getExperiment } from "@/server/services/experiments/get-experiment";
import { listExperiments } from "@/server/services/experiments/list-experiments";
import { listTopics } from "@/server/services/topics/list-topics";
import { listConversations } from "@/server/services/conversations/list-conversations";
import { annotatePending } from "@/server/services/annotation/annotate-pending";
import { nextItem } from "@/server/services/review-queues/next-item";
import { skipItem } from "@/server/services/review-queues/skip-item";
import { SCALE } from "./load";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "30" },
    only: { type: "string" },
    "data-dir": { type: "string", default: "/tmp/switchback-scale-pglite" },
    label: { type: "string", default: "" },
    budget: { type: "string", default: "20" },
    "min-runs": { type: "string", default: "10" },
    warmups: { type: "string", default: "3" },
    // Only the cases whose label matches this regular expression.
    cases: { type: "string" },
    // off: drop the scale indexes (db/migrations/0031_scale_indexes.sql) first, to measure without them;
    // on: create any that are missing. Default: as the migrations left them.
    indexes: { type: "string" },
  },
});
const runs = Number(values.runs);
const budgetMs = Number(values.budget) * 1000;
const minRuns = Number(values["min-runs"]);
const warmups = Number(values.warmups);
const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: values["data-dir"] });
const { db } = database;
const one = async <T>(query: SQL) => rowsOf<T>(await (db as Db).execute(query))[0]!;

const scaleIndexes = readFileSync(path.join(process.cwd(), "db/migrations/0031_scale_indexes.sql"), "utf8")
  .split("--> statement-breakpoint")
  .map((s) => s.trim())
  .filter(Boolean);
if (values.indexes === "off" || values.indexes === "on") {
  const started = performance.now();
  for (const statement of scaleIndexes) {
    const name = /CREATE INDEX "([^"]+)"/.exec(statement)![1]!;
    await db.execute(sql.raw(values.indexes === "off" ? `drop index if exists "${name}"` : statement.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS")));
  }
  for (const table of ["conversations", "conversation_scores", "review_queue_items"]) await db.execute(sql.raw(`analyze ${table}`));
  console.log(`scale indexes ${values.indexes} (${scaleIndexes.length}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const ws = await one<{ id: string; slug: string; name: string }>(sql`select id, slug, name from workspaces where slug = ${demo.workspaceSlug}`);
const user = await one<{ user_id: string }>(sql`select user_id from memberships where workspace_id = ${ws.id} order by created_at limit 1`);
const ctx = { db, userId: user.user_id, workspace: ws, role: "owner" as const };
// The biggest agent (the demo agent, ≈22 % of the conversations): the worst case for a per-agent list.
const agent = await one<{ id: string; n: number }>(sql`select agent_id as id, count(*)::int as n from conversations where workspace_id = ${ws.id} group by agent_id order by n desc limit 1`);
const totals = await one<Record<string, number>>(sql`select
  (select count(*) from conversations where workspace_id = ${ws.id})::int as conversations,
  (select count(*) from messages where workspace_id = ${ws.id})::int as messages,
  (select count(*) from conversation_annotations where workspace_id = ${ws.id})::int as ai_annotations,
  (select count(*) from conversation_scores where workspace_id = ${ws.id})::int as scores,
  (select count(*) from conversation_tags where workspace_id = ${ws.id})::int as tags,
  (select count(*) from conversation_notes where workspace_id = ${ws.id})::int as notes,
  (select count(*) from review_queue_items where workspace_id = ${ws.id})::int as queue_items,
  (select count(*) from turn_traces where workspace_id = ${ws.id})::int as turn_traces,
  (select count(distinct agent_id) from conversations where workspace_id = ${ws.id})::int as agents`);
const tag = await one<{ id: string }>(sql`select id from tags where workspace_id = ${ws.id} and name = ${SCALE.tags[0]}`);
const rareTag = await one<{ id: string }>(sql`select id from tags where workspace_id = ${ws.id} and name = ${SCALE.rareTag}`);
const criterion = await one<{ id: string }>(sql`select id from score_criteria where workspace_id = ${ws.id} and scorer = 'both' and scale = 'pass_fail' order by position limit 1`);
const journey = await one<{ id: string }>(sql`select journey_id as id from conversations where agent_id = ${agent.id} and journey_id is not null group by journey_id order by count(*) desc limit 1`);
const rareJourney = await one<{ id: string }>(sql`select journey_id as id from conversations where agent_id = ${agent.id} and journey_id is not null group by journey_id order by count(*) limit 1`);
const topic = await one<{ id: string }>(sql`select id from topics where agent_id = ${agent.id} order by position limit 1`);
const queue = await one<{ id: string; todo: number }>(
  sql`select q.id, (select count(*) from review_queue_items i where i.queue_id = q.id and i.status = 'todo')::int as todo from review_queues q where q.workspace_id = ${ws.id} order by todo desc limit 1`,
);
console.log(`${database.kind}: ${JSON.stringify(totals)}; agent 0 has ${agent.n.toLocaleString("en")} conversations; queue of ${queue.todo.toLocaleString("en")} to do`);

const day = 86_400_000;
const now = Date.now();
const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const month = (ms: number) => new Date(ms).toISOString().slice(0, 7);

interface Result {
  case: string;
  group: "list" | "claim" | "insights";
  p50: number;
  p95: number;
  max: number;
  runs: number;
  loadAverage: number;
  rows?: number;
}
const results: Result[] = [];
let rollupRebuild: { conversations: number; seconds: number; perSecond: number; loadAverage: number } | null = null;

async function time(group: Result["group"], label: string, fn: (run: number) => Promise<unknown>) {
  if (values.only && values.only !== group) return;
  if (values.cases && !new RegExp(values.cases).test(label)) return;
  for (let w = 0; w < warmups; w++) await fn(-1 - w);
  const samples: number[] = [];
  let rows: number | undefined;
  // At most --runs runs, and no more than --budget seconds a case (a case far over its target on a slow
  // database would otherwise take minutes): the runs made are recorded.
  const caseStarted = performance.now();
  for (let r = 0; r < runs && (r < minRuns || performance.now() - caseStarted < budgetMs); r++) {
    const started = performance.now();
    const out = (await fn(r)) as { items?: unknown[] } | null;
    samples.push(performance.now() - started);
    if (out && Array.isArray(out.items)) rows = out.items.length;
  }
  samples.sort((a, b) => a - b);
  const p = (q: number) => Number(samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)]!.toFixed(1));
  const result = { case: label, group, p50: p(0.5), p95: p(0.95), max: Number(samples.at(-1)!.toFixed(1)), runs: samples.length, loadAverage: Number(os.loadavg()[0]!.toFixed(1)), rows };
  results.push(result);
  const target = group === "insights" ? 200 : 100;
  console.log(`${group.padEnd(8)} ${label.padEnd(58)} p50 ${String(result.p50).padStart(7)} ms  p95 ${String(result.p95).padStart(7)} ms ${result.p95 <= target ? "" : " ← over"}  (${samples.length} runs, rows ${rows ?? "-"}, load ${result.loadAverage})`);
}

// ─── the conversation list (issue 16): the biggest agent, 25 a page ──────────────────────────────────
const A = agent.id;
type ListInput = Parameters<typeof listConversations>[1];
const list = (input: Omit<ListInput, "agentId">) => () => listConversations(ctx, { agentId: A, ...input });
let cursor: string | undefined;
await time("list", "first page, no filter", list({}));
await time("list", "30 consecutive pages (keyset cursor)", async (r) => {
  if (r === 0) cursor = undefined;
  const page = await listConversations(ctx, { agentId: A, cursor });
  cursor = page.nextCursor ?? undefined;
  return page;
});
await time("list", "status = escalated", list({ status: "escalated" }));
await time("list", "status = abandoned", list({ status: "abandoned" }));
await time("list", "channel = widget", list({ channel: "widget" }));
await time("list", "channel = api + status = resolved", list({ channel: "api", status: "resolved" }));
await time("list", "date range: one day, 30 days ago", list({ from: new Date(now - 30 * day), to: new Date(now - 29 * day) }));
await time("list", "date range: last 7 days", list({ from: new Date(now - 7 * day), to: new Date(now) }));
await time("list", "journey (most common)", list({ journeyId: journey.id }));
await time("list", "journey (least common)", list({ journeyId: rareJourney.id }));
await time("list", "handed off", list({ handedOff: true }));
await time("list", "release 2 (canary, last 20 days)", list({ release: 2 }));
await time("list", "release = draft", list({ release: "draft" }));
await time("list", "text search 'refund'", list({ search: "refund" }));
await time("list", "text search 'warranty'", list({ search: "warranty" }));
await time("list", `tag (${SCALE.tags[0]}, 1 in 50)`, list({ tagId: tag.id }));
await time("list", `tag (${SCALE.rareTag}, 1 in 1,000)`, list({ tagId: rareTag.id }));
await time("list", "notes text 'parcel' (1 in 100)", list({ noteSearch: "parcel" }));
await time("list", `notes text '${SCALE.rareNoteWord}' (1 in 2,000)`, list({ noteSearch: SCALE.rareNoteWord }));
await time("list", "human score below 50 %", list({ scoreBelow: 50 }));
await time("list", "AI score below 50 % (none)", list({ scoreBelow: 50, scoredBy: "ai" }));
await time("list", "AI score below 80 % (≈ 1 in 20)", list({ scoreBelow: 80, scoredBy: "ai" }));
await time("list", "failed criterion (human)", list({ failedCriterionId: criterion.id }));
await time("list", "failed criterion (AI)", list({ failedCriterionId: criterion.id, scoredBy: "ai" }));
await time("list", "review status = unreviewed", list({ reviewStatus: "unreviewed" }));
await time("list", "review status = in_queue", list({ reviewStatus: "in_queue" }));
await time("list", "review status = reviewed", list({ reviewStatus: "reviewed" }));
await time("list", "reviewer", list({ reviewerId: user.user_id }));
await time("list", "AI sentiment = negative", list({ sentiment: "negative" }));
await time("list", "AI outcome = escalated", list({ aiOutcome: "escalated" }));
await time("list", "topic (biggest)", list({ topicId: topic.id }));
await time("list", "status + channel + 30 days + tag", list({ status: "resolved", channel: "api", from: new Date(now - 30 * day), to: new Date(now), tagId: tag.id }));
await time("list", "in_queue + release 1 + journey", list({ reviewStatus: "in_queue", release: 1, journeyId: journey.id }));
await time("list", "reviewed + negative sentiment + 7 days", list({ reviewStatus: "reviewed", sentiment: "negative", from: new Date(now - 7 * day), to: new Date(now) }));
await time("list", "search + status + channel", list({ search: "refund", status: "resolved", channel: "widget" }));
// Filters another change is adding (the insights cards' click-throughs); unknown keys are dropped by the
// input schema, so on a tree without them these time the unfiltered list.
const pending = (input: Record<string, number>) => list(input as Omit<ListInput, "agentId">);
await time("list", "a turn slower than 1 s (turn_traces)", pending({ slowTurnMs: 1000 }));
await time("list", "at least 1 model token (local models: none)", pending({ minTokens: 1 }));
await time("list", "rare tag + notes text", list({ tagId: rareTag.id, noteSearch: "parcel" }));

// ─── a review queue's next item (issue 16): claim under FOR UPDATE SKIP LOCKED, then skip it (untimed) ─
await time("claim", "next item (claim) in the biggest queue", async () => {
  const next = await nextItem(ctx, { queueId: queue.id });
  if (next) await skipItem(ctx, { itemId: next.item.id });
  return next;
});

// ─── the judge's pending query (issue 16: what review.process-ended polls), 100 at a time ─────────────
// Nothing is pending after the load (every clone's annotation is as recent as its last message), so this is
// the poll alone; the first warm-up call annotates whatever is.
await time("claim", "judge's pending query (annotatePending poll, 100)", () => annotatePending(db, { limit: 100 }));

// ─── insights (issue 18): the biggest agent ─────────────────────────────────────────────────────────
// Insights read rollups where the tree has them (server/services/insights/rollup.ts): the loader writes
// with triggers off, so the biggest agent's are built here first, timed (the others' are not needed).
if (!values.only || values.only === "insights") {
  const hasRollups = (await one<{ t: string | null }>(sql`select to_regclass('public.insights_rollups')::text as t`)).t !== null;
  const rollup: Record<string, unknown> | null = hasRollups ? await import("@/server/services/insights/rollup").catch(() => null) : null;
  const rebuild = rollup?.rebuildAgentInsights as ((db: Db, agent: { id: string; workspaceId: string }) => Promise<{ conversations: number }>) | undefined;
  if (rebuild) {
    const started = performance.now();
    const { conversations } = await rebuild(db, { id: A, workspaceId: ws.id });
    const seconds = (performance.now() - started) / 1000;
    rollupRebuild = { conversations, seconds, perSecond: Math.round(conversations / seconds), loadAverage: Number(os.loadavg()[0]!.toFixed(1)) };
    console.log(`rebuilt the biggest agent's insights rollups: ${conversations.toLocaleString("en")} conversations in ${seconds.toFixed(1)} s (${rollupRebuild.perSecond}/s)`);
  }
}
const today = ymd(now);
const range = (days: number) => ({ agentId: A, from: ymd(now - (days - 1) * day), to: today, timeZone: "UTC" });
await time("insights", "agent metrics, 7 days", () => agentMetrics(ctx, range(7)));
await time("insights", "agent metrics, 30 days", () => agentMetrics(ctx, range(30)));
await time("insights", "agent metrics, 90 days", () => agentMetrics(ctx, range(90)));
await time("insights", "agent metrics, 30 days, channel api", () => agentMetrics(ctx, { ...range(30), channel: "api" }));
await time("insights", "agent metrics, 30 days, release 2", () => agentMetrics(ctx, { ...range(30), release: 2 }));
await time("insights", "agent metrics, 30 days, journey", () => agentMetrics(ctx, { ...range(30), journeyId: journey.id }));
await time("insights", "quality metrics (inside agent metrics), 30 days", async () => qualityMetrics(db, await resolveCohort(ctx, range(30))));
await time("insights", "quality metrics, 90 days", async () => qualityMetrics(db, await resolveCohort(ctx, range(90))));
await time("insights", "journey funnel, 30 days", () => journeyFunnel(ctx, { filters: range(30), journeyId: journey.id }));
await time("insights", "journey funnel, 90 days", () => journeyFunnel(ctx, { filters: range(90), journeyId: journey.id }));
await time("insights", "outcome report, 3 months (every agent)", () => outcomeReport(ctx, { from: month(now - 62 * day), to: month(now), timeZone: "UTC" }));
await time("insights", "topics, 30 days", () => listTopics(ctx, { agentId: A, days: 30 }));
await time("insights", "topics, 7 days", () => listTopics(ctx, { agentId: A, days: 7 }));
await time("insights", "experiments list", () => listExperiments(ctx, { agentId: A }));
await time("insights", "experiment: release 2 vs 1, last 20 days", () => getExperiment(ctx, { agentId: A, canary: 2, control: 1, from: ymd(now - 19 * day), to: today, timeZone: "UTC" }));

const git = (args: string[]) => {
  try {
    return execFileSync("git", args, { cwd: process.cwd() }).toString().trim();
  } catch {
    return null;
  }
};
const out = {
  database: database.kind,
  label: values.label,
  scaleIndexes: values.indexes ?? "as migrated",
  measuredAt: new Date().toISOString(),
  commit: git(["rev-parse", "--short", "HEAD"]),
  // Uncommitted changes to the measured services at the time (other work in progress in the checkout).
  uncommitted: git(["status", "--porcelain", "--", "server/services/insights", "server/services/conversations", "server/services/review-queues", "server/services/topics", "server/services/experiments", "db/schema", "db/migrations"])?.split("\n").filter(Boolean) ?? [],
  cpus: os.cpus().length,
  totals,
  agentConversations: agent.n,
  rollupRebuild,
  results,
};
const file = path.join(import.meta.dirname, `last-results.${database.kind}${values.only ? `.${values.only}` : ""}${values.indexes === "off" ? ".without-indexes" : ""}${values.cases ? ".subset" : ""}.json`);
writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), file)}`);
await database.close();
