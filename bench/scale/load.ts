// Scale bench loader (issues 16 and 18): seeds the demo workspace with a few hundred simulated
// conversations (the runtime's own, through `simulate`, annotated by the local judge), then clones them in
// SQL (INSERT … SELECT over generate_series, no row-by-row ORM) to N conversations over D days across A
// agents, with their messages, turn traces, events, AI annotations and scores, topics, and a human review
// layer (tags, notes, human scores, queue items to do and done). Run: see bench/README.md ("scale").
//   DATABASE_URL=postgres://postgres@127.0.0.1:54329/scale1 NODE_OPTIONS=--conditions=react-server \
//     npx tsx --tsconfig tsconfig.json bench/scale/load.ts --conversations 1000000 --days 90 --agents 20
// Without DATABASE_URL it loads an on-disk PGlite at --data-dir (default /tmp/switchback-scale-pglite).
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { eq, type SQL, sql } from "drizzle-orm";
import { type Db, openDatabase } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { agents, workspaces } from "@/db/schema";
import { demo, seedDemo } from "@/db/seed/demo";

/** The tables a clone writes, child tables after their parents. */
const BULK_TABLES = ["conversations", "messages", "turn_traces", "conversation_events", "conversation_annotations", "conversation_scores", "conversation_topics", "conversation_tags", "conversation_notes", "review_queue_items"];

export interface LoadOptions {
  conversations: number;
  days: number;
  agents: number;
  /** Simulated conversations to seed; those with at least `minMessages` messages are cloned. */
  templates: number;
  minMessages: number;
  log?: (line: string) => void;
}

export interface LoadReport {
  seedSeconds: number;
  cloneSeconds: number;
  cloneSecondsPerTable: Record<string, number>;
  indexSeconds: number;
  analyzeSeconds: number;
  totalSeconds: number;
  rows: Record<string, number>;
  templates: number;
  loadAverage: number[];
}

const q = async <T>(db: Db, query: SQL) => rowsOf<T>(await db.execute(query));

/** The bench's fixed names: the loader writes them, the runner looks them up. */
export const SCALE = {
  tags: ["bench-billing", "bench-shipping", "bench-bug", "bench-praise", "bench-follow-up"],
  rareTag: "bench-rare",
  noteWords: ["customer asked twice about the parcel", "agent promised a callback", "refund looked right", "tone could be warmer", "checked the order history"],
  rareNoteWord: "chargeback",
};

export async function loadScale(db: Db, opts: LoadOptions): Promise<LoadReport> {
  const log = opts.log ?? console.log;
  const t0 = performance.now();
  const secs = (from: number) => (performance.now() - from) / 1000;
  process.env.SWITCHBACK_DEMO_HISTORY = String(opts.templates);
  await seedDemo(db);
  const seedSeconds = secs(t0);
  log(`seeded the demo with ${opts.templates} simulated conversations in ${seedSeconds.toFixed(1)} s`);

  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.slug, demo.workspaceSlug));
  const W = workspace!.id;
  const [agent0] = await db.select().from(agents).where(eq(agents.workspaceId, W));
  const A0 = agent0!.id;
  const [{ user_id: userId } = { user_id: "" }] = await q<{ user_id: string }>(db, sql`select user_id from memberships where workspace_id = ${W} order by created_at limit 1`);
  const [{ n: seeded } = { n: 0 }] = await q<{ n: number }>(db, sql`select count(*)::int as n from conversations where workspace_id = ${W} and channel <> 'eval'`);
  // The templates: simulated conversations with at least minMessages messages (7: ≈10 a conversation).
  const templateFilter = sql`workspace_id = ${W} and agent_id = ${A0} and channel <> 'eval' and (select count(*) from messages m where m.conversation_id = conversations.id) >= ${opts.minMessages}::int`;
  const [{ n: T } = { n: 0 }] = await q<{ n: number }>(db, sql`select count(*)::int as n from conversations where ${templateFilter}`);
  const clones = Math.max(0, opts.conversations - seeded);

  const started = performance.now();
  // Ids are md5 of the clone's number and the template row's id, with the version-4 and variant bits set
  // (a valid uuid for zod), so a message's clone id is known wherever a row refers to it.
  // Bulk load as pg_restore does: secondary indexes dropped and rebuilt after, foreign-key triggers off
  // (the rows are consistent by construction: every id comes from the map below).
  const indexes = await q<{ indexname: string; indexdef: string }>(
    db,
    sql`select i.indexname, i.indexdef from pg_indexes i
        where i.schemaname = 'public' and i.tablename in (${sql.join(BULK_TABLES.map((t) => sql`${t}`), sql`, `)})
          and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
  );
  for (const { indexname } of indexes) await db.execute(sql.raw(`drop index if exists "${indexname}"`));

  // Agents 1..A-1: copies of the demo agent.
  await db.execute(sql`insert into agents (id, workspace_id, slug, name, description, persona, settings)
    select overlay(overlay(md5('scale-agent:' || n) placing '4' from 13) placing '8' from 17)::uuid, workspace_id, slug || '-' || n, name || ' ' || n, description, persona, settings
    from agents, generate_series(1, ${opts.agents - 1}::int) n where id = ${A0} on conflict do nothing`);
  // Release 2 of the demo agent, 20 days ago: the canary of a fifth of agent 0's conversations since.
  await db.execute(sql`insert into releases (id, workspace_id, agent_id, number, snapshot, notes, author_id, created_at)
    select overlay(overlay(md5('scale-release-2') placing '4' from 13) placing '8' from 17)::uuid, workspace_id, agent_id, 2, snapshot, 'Release 2 (scale bench canary)', author_id, now() - interval '20 days'
    from releases where agent_id = ${A0} and number = 1 on conflict do nothing`);

  // The map: clone i is template (i mod T), agent ⌊A·u²⌋ (u a low-discrepancy sequence: agent 0 gets ≈22 %,
  // the last ≈5 %), created at an even step across the D days up to now; every timestamp of the template's
  // rows is shifted by the same interval.
  await db.execute(sql`drop table if exists scale_map`);
  await db.execute(sql`create table scale_map as
    with tpl as (select id, created_at, (row_number() over (order by created_at, id) - 1)::int as k
                 from conversations where ${templateFilter}),
         ag as (select id, (row_number() over (order by (id = ${A0}) desc, slug) - 1)::int as n from agents where workspace_id = ${W}),
         g as (select i, now() - make_interval(days => ${opts.days}::int) + (i + 0.5) * (make_interval(days => ${opts.days}::int) / ${Math.max(1, clones)}::int) as at
               from generate_series(0, ${clones - 1}::int) i)
    select g.i, overlay(overlay(md5('scale:' || g.i) placing '4' from 13) placing '8' from 17)::uuid as new_id, tpl.id as tpl_id, ag.id as agent_id, g.at - tpl.created_at as shift,
      (ag.n = 0 and g.at > now() - interval '20 days' and g.i % 5 = 0) as canary
    from g join tpl on tpl.k = g.i % ${T}::int
    join ag on ag.n = least(${opts.agents - 1}::int, floor(${opts.agents}::int * power(mod(g.i * 0.6180339887498949, 1), 2))::int)`);
  await db.execute(sql`alter table scale_map add primary key (i)`);
  await db.execute(sql`analyze scale_map`);

  const columns = new Map<string, { name: string; type: string; serial: boolean }[]>();
  for (const table of BULK_TABLES) {
    columns.set(
      table,
      await q<{ name: string; type: string; serial: boolean }>(
        db,
        sql`select column_name as name, data_type as type, coalesce(column_default like 'nextval%', false) as serial
            from information_schema.columns where table_schema = 'public' and table_name = ${table} and is_generated = 'NEVER' order by ordinal_position`,
      ),
    );
  }
  /** INSERT … SELECT cloning `table`'s rows of the templates for clones [lo, hi). */
  const cloneTable = (table: string, lo: number, hi: number, extra: { where?: string; set?: Record<string, string> } = {}) => {
    const cols = columns.get(table)!.filter((c) => !c.serial);
    const expr = (c: { name: string; type: string }) => {
      if (extra.set?.[c.name]) return extra.set[c.name]!;
      if (table === "conversations" && c.name === "id") return "m.new_id";
      if (table === "conversations" && c.name === "agent_id") return "m.agent_id";
      if (table === "conversations" && c.name === "release_number") return "case when m.canary then 2 else t.release_number end";
      if (table === "conversations" && c.name === "release_id") return "case when m.canary then overlay(overlay(md5('scale-release-2') placing '4' from 13) placing '8' from 17)::uuid else t.release_id end";
      if (c.name === "id" && c.type === "uuid") return "overlay(overlay(md5(m.i || ':' || t.id) placing '4' from 13) placing '8' from 17)::uuid";
      if (c.name === "conversation_id") return "m.new_id";
      if (c.name === "message_id") return "case when t.message_id is null then null else overlay(overlay(md5(m.i || ':' || t.message_id) placing '4' from 13) placing '8' from 17)::uuid end";
      if (c.type === "timestamp with time zone") return `t.${c.name} + m.shift`;
      return `t.${c.name}`;
    };
    const on = table === "conversations" ? "t.id = m.tpl_id" : "t.conversation_id = m.tpl_id";
    return sql.raw(
      `insert into ${table} (${cols.map((c) => c.name).join(", ")}) select ${cols.map(expr).join(", ")}
       from scale_map m join ${table} t on ${on} where m.i >= ${lo} and m.i < ${hi}${extra.where ? ` and ${extra.where}` : ""}`,
    );
  };

  const batch = 50_000;
  const perTable: Record<string, number> = {};
  for (let lo = 0; lo < clones; lo += batch) {
    const hi = Math.min(clones, lo + batch);
    const b = performance.now();
    await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    for (const table of ["conversations", "messages", "turn_traces", "conversation_events", "conversation_annotations", "conversation_scores"]) {
        const tb = performance.now();
        await tx.execute(cloneTable(table, lo, hi));
        perTable[table] = (perTable[table] ?? 0) + secs(tb);
      }
    // Topics are agent 0's clustering: its clones join their template's topic.
    await tx.execute(cloneTable("conversation_topics", lo, hi, { where: `m.agent_id = '${A0}'` }));
    // Queue items (the demo queues took in their matches): to do, or done by the reviewer (one in four).
    await tx.execute(
      cloneTable("review_queue_items", lo, hi, {
        set: {
          status: "case when m.i % 4 = 0 then 'done' else 'todo' end",
          completed_by: `case when m.i % 4 = 0 then '${userId}'::uuid end`,
          completed_at: "case when m.i % 4 = 0 then t.created_at + m.shift + interval '1 hour' end",
          claimed_by: "null",
          claim_expires_at: "null",
        },
      }),
    );
    // People's scores on one conversation in 20: the criteria both score, as the AI scored them.
    await tx.execute(
      cloneTable("conversation_scores", lo, hi, {
        where: `m.i % 20 = 5 and t.kind = 'ai' and t.criterion_id in (select id from score_criteria where workspace_id = '${W}' and scorer = 'both')`,
        set: { id: "overlay(overlay(md5(m.i || ':human:' || t.id) placing '4' from 13) placing '8' from 17)::uuid", kind: "'human'", author_id: `'${userId}'::uuid`, author_name: "'Bench reviewer'" },
      }),
    );
    });
    log(`  clones ${lo.toLocaleString("en")}–${hi.toLocaleString("en")}: ${secs(b).toFixed(1)} s`);
  }

  // Tags: five common ones (each on one conversation in 50) and a rare one (one in 1,000).
  const allTags = [...SCALE.tags, SCALE.rareTag];
  await db.transaction(async (tx) => {
  await tx.execute(sql`set local session_replication_role = replica`);
  await tx.execute(sql.raw(`insert into tags (id, workspace_id, name, colour, created_by)
    select overlay(overlay(md5('scale-tag:' || n) placing '4' from 13) placing '8' from 17)::uuid, '${W}', n, 'blue', '${userId}' from unnest(array[${allTags.map((t) => `'${t}'`).join(", ")}]) n
    on conflict do nothing`));
  await tx.execute(sql.raw(`insert into conversation_tags (id, workspace_id, tag_id, conversation_id, created_by, created_at)
    select overlay(overlay(md5('scale-ct:' || m.i) placing '4' from 13) placing '8' from 17)::uuid, '${W}'::uuid, overlay(overlay(md5('scale-tag:' || (array[${SCALE.tags.map((t) => `'${t}'`).join(", ")}])[(m.i / 10) % 5 + 1]) placing '4' from 13) placing '8' from 17)::uuid, m.new_id, '${userId}'::uuid, c.created_at + interval '2 hours'
    from scale_map m join conversations c on c.id = m.new_id where m.i % 10 = 0
    union all
    select overlay(overlay(md5('scale-ct-rare:' || m.i) placing '4' from 13) placing '8' from 17)::uuid, '${W}'::uuid, overlay(overlay(md5('scale-tag:${SCALE.rareTag}') placing '4' from 13) placing '8' from 17)::uuid, m.new_id, '${userId}'::uuid, c.created_at + interval '2 hours'
    from scale_map m join conversations c on c.id = m.new_id where m.i % 1000 = 7`));
  // Notes on one conversation in 20; the rare word in one in 2,000.
  await tx.execute(sql.raw(`insert into conversation_notes (id, workspace_id, conversation_id, author_id, author_name, text, created_at)
    select overlay(overlay(md5('scale-note:' || m.i) placing '4' from 13) placing '8' from 17)::uuid, '${W}', m.new_id, '${userId}', 'Bench reviewer',
      (array[${SCALE.noteWords.map((w) => `'${w}'`).join(", ")}])[(m.i / 20) % 5 + 1] || case when m.i % 2000 = 3 then ' — ${SCALE.rareNoteWord} risk' else '' end,
      c.created_at + interval '3 hours'
    from scale_map m join conversations c on c.id = m.new_id where m.i % 20 = 3`));
  });
  const cloneSeconds = secs(started);
  log(`per table (s): ${JSON.stringify(Object.fromEntries(Object.entries(perTable).map(([k, v]) => [k, Math.round(v)])))}`);
  log(`cloned ${clones.toLocaleString("en")} conversations in ${cloneSeconds.toFixed(1)} s`);

  const ix = performance.now();
  for (const { indexname, indexdef } of indexes) {
    const b = performance.now();
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local maintenance_work_mem = '512MB'`);
      await tx.execute(sql.raw(indexdef));
    });
    log(`  index ${indexname}: ${secs(b).toFixed(1)} s`);
  }
  const indexSeconds = secs(ix);
  const an = performance.now();
  await db.execute(sql`drop table scale_map`);
  // VACUUM sets the visibility map (index-only scans), ANALYZE the planner's statistics.
  for (const table of [...BULK_TABLES, "agents", "tags", "releases"]) await db.execute(sql.raw(`vacuum analyze ${table}`));
  const analyzeSeconds = secs(an);
  const rows: Record<string, number> = {};
  for (const table of BULK_TABLES) rows[table] = (await q<{ n: number }>(db, sql.raw(`select count(*)::int as n from ${table} where workspace_id = '${W}'`)))[0]!.n;
  const totalSeconds = secs(t0);
  log(`indexes rebuilt in ${indexSeconds.toFixed(1)} s, vacuum analyze ${analyzeSeconds.toFixed(1)} s; total ${totalSeconds.toFixed(1)} s`);
  log(JSON.stringify(rows));
  return { seedSeconds, cloneSeconds, cloneSecondsPerTable: perTable, indexSeconds, analyzeSeconds, totalSeconds, rows, templates: T, loadAverage: os.loadavg() };
}

if (import.meta.filename === process.argv[1] || process.argv[1]?.endsWith("bench/scale/load.ts")) {
  const { values } = parseArgs({
    options: {
      conversations: { type: "string", default: "100000" },
      days: { type: "string", default: "90" },
      agents: { type: "string", default: "20" },
      templates: { type: "string", default: "300" },
      "min-messages": { type: "string", default: "7" },
      "data-dir": { type: "string", default: "/tmp/switchback-scale-pglite" },
    },
  });
  const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: values["data-dir"] });
  const report = await loadScale(database.db, { conversations: Number(values.conversations), days: Number(values.days), agents: Number(values.agents), templates: Number(values.templates), minMessages: Number(values["min-messages"]) });
  writeFileSync(path.join(import.meta.dirname, `last-load.${database.kind}.json`), `${JSON.stringify({ measuredAt: new Date().toISOString(), database: database.kind, options: values, ...report }, null, 2)}\n`);
  await database.close();
}
