import "server-only";
import { readFileSync } from "node:fs";
import readline from "node:readline";
import type { Readable, Writable } from "node:stream";
import { parseArgs } from "node:util";
import { and, eq } from "drizzle-orm";
import { ZodError } from "zod";
import { type Db, getDatabase } from "@/db/client";
import { agents, users, workspaces } from "@/db/schema";
import { demo, seedDemo } from "@/db/seed/demo";
import { loadDraftConfig } from "@/server/agent/config/load-draft-config";
import { startStoreServer } from "@/server/agent/demo/local-store-server";
import { gateCheckLines } from "@/server/cli/gate-check";
import { buildTurnContext } from "@/server/services/runtime/build-turn-context";
import { runChatCli } from "@/server/cli/chat";
import { publishFromCli, rollbackFromCli } from "@/server/cli/release";
import { exportAgentFromCli, importAgentFromCli } from "@/server/cli/agent";
import { evalFromCli } from "@/server/cli/eval";
import { insightsFromCli, rebuildInsightsFromCli } from "@/server/cli/insights";
import { exportCustomerFromCli, forgetCustomerFromCli } from "@/server/cli/customer";
import { reviewFromCli } from "@/server/cli/review";
import { simulateFromCli } from "@/server/cli/simulate";
import { DomainError } from "@/server/errors";
import { createApiKey } from "@/server/services/api-keys/create-api-key";
import { createUser } from "@/server/services/users/create-user";
import { createWorkspace } from "@/server/services/workspaces/create-workspace";

export const usage = `Usage: switchback <command> [options]   (or: npm run -s cli -- <command>)

  db migrate                                   apply pending migrations
  seed                                         seed the demo workspace (no-op if present)
  user create --email E --name N --password P  create a user
  workspace create --name N --owner EMAIL [--slug S]
                                               create a workspace owned by an existing user
  chat --agent SLUG [--workspace SLUG] [--trace]
                                               talk to an agent's draft (interactive or piped stdin)
  gate check --agent SLUG --file CASES.jsonl [--workspace SLUG] [--now ISO] [--app-url URL]
                                               check tool calls against the agent's policies as the
                                               runtime does (lookups included, answered by the brand's
                                               backend or recorded in the line), without executing; one
                                               JSON decision per input line with the facts each rule read
  release publish --agent SLUG [--notes TEXT] [--workspace SLUG]
                                               publish the agent's draft as its next release, through
                                               the studio's gates (journey validation, policy tests);
                                               exit 3 with the reasons when they block it
  release rollback --agent SLUG [--to N] [--workspace SLUG]
                                               make release N live (default: the one before the live one)
  simulate --agent SLUG [--conversations N] [--days D] [--release N] [--seed S] [--workspace SLUG]
                                               run N scripted demo-store customers (default 100) through
                                               the agent's runtime — playground, API and widget — spread
                                               over the last D days (default 7); their writes go to a
                                               throwaway copy of the store
  agent export --agent SLUG [--workspace SLUG] [--format json|yaml] [--out FILE]
                                               export the agent's draft (journeys, policies, policy
                                               tests, tools without secret values, guardrails, persona,
                                               knowledge bases by name) as one file; stdout without --out
  agent import --workspace SLUG --file FILE [--name NAME] [--slug SLUG]
                                               create a new agent from an export, validated as the
                                               studio's edits are; nothing is saved on any error. Lists
                                               the secrets to set and knowledge bases not found
  eval run --agent SLUG [--suite NAME] [--release draft|live|N] [--repeat K] [--json] [--workspace SLUG]
                                               run a suite (default: every gating suite) against the
                                               draft, the live release or release N, K times each; a line
                                               per case, then "N passed, N failed". Exit code 0 only when
                                               every case that is not a known failure passed. --json: one
                                               summary object (pass^1, pass^k, per-case results)
  eval export --agent SLUG --suite NAME [--workspace SLUG] [--out FILE]
                                               export an eval suite and its cases as YAML; stdout
                                               without --out
  eval import --agent SLUG --file FILE [--replace] [--workspace SLUG]
                                               import a suite file (YAML or JSON), every case checked
                                               against the agent's draft; nothing is saved on any error.
                                               --replace overwrites the cases of a suite of that name
  review export --agent SLUG --format jsonl|csv [--since DATE] [--out FILE] [--workspace SLUG]
                                               the agent's conversations (since DATE) with transcript,
                                               trace summary, tags, notes, people's and the AI's scores
                                               and the AI annotation; stdout without --out
  review annotate --agent SLUG [--since DATE] [--workspace SLUG]
                                               run the AI judge over the agent's ended (or idle)
                                               conversations that lack an up-to-date annotation, with
                                               progress on stderr
  insights --agent SLUG [--since DATE] [--release N|draft] [--json] [--workspace SLUG]
                                               the agent's headline numbers (outcomes, CSAT, turns,
                                               latency, tokens and cost) from DATE (yyyy-mm-dd, UTC;
                                               default the last 30 days) to today; --json: one object
  insights rebuild --agent SLUG [--workspace SLUG]
                                               recompute the agent's conversation facts and hourly and
                                               daily rollups (what the dashboards read), with progress
  apikey create --workspace SLUG --name NAME    create a hosted-API key for a workspace (printed once)
  customer forget --workspace SLUG --id ID      forget a customer (ID: your id for them): erase their
                                               conversations, messages, traces, tool executions,
                                               annotations, memory and profile in one transaction,
                                               keeping aggregate counts for insights; audited
  customer export --workspace SLUG --id ID [--out FILE]
                                               everything held about a customer as JSON; stdout
                                               without --out
  serve [--port P] [--host H] [--workers N] [--jobs]
                                               serve the hosted API (/api/v1, the widget's endpoints), the
                                               demo store API and /api/health without Next.js; port
                                               default $PORT or 3000, host 127.0.0.1, N processes
                                               sharing the port (N > 1 needs DATABASE_URL); --jobs: run
                                               the job workers in them too. See docs/deploy.md

--workspace defaults to the demo workspace (demo-retail).

Uses DATABASE_URL when set, otherwise the embedded database in SWITCHBACK_DATA_DIR (default .switchback).
The embedded database is opened by one process at a time: while the studio (or \`serve\`) holds it, a
command runs inside that process, so its output is the same.`;

/** Where a command reads and writes: the terminal, or a CLI connected to the process that owns the database. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

/** A command's output, or its output and the exit code it ends with. */
type Command = (opts: Record<string, string | undefined>, io: CliIo) => Promise<unknown>;

const commands: Record<string, Command> = {
  "db migrate": async () => {
    await getDatabase(); // opening applies pending migrations
    return "Migrations applied.";
  },
  seed: async () => {
    const { db } = await getDatabase();
    const { created } = await seedDemo(db);
    return created ? "Demo workspace seeded." : "Demo workspace already present.";
  },
  "user create": async ({ email, name, password }) => {
    const { db } = await getDatabase();
    const user = await createUser(db, { email: email ?? "", name: name ?? "", password: password ?? "" });
    return `Created user ${user.email} (${user.id}).`;
  },
  "workspace create": async ({ name, slug, owner }) => {
    const { db } = await getDatabase();
    const user = owner ? await db.query.users.findFirst({ where: eq(users.email, owner.toLowerCase()) }) : undefined;
    if (!user) throw new DomainError("invalid", "--owner must be the email of an existing user (create one with `user create`)");
    const workspace = await createWorkspace({ db, userId: user.id }, { name: name ?? "", slug });
    return `Created workspace ${workspace.name} at /${workspace.slug}.`;
  },
  chat: async ({ agent, workspace, trace }, io) => {
    const { db } = await getDatabase();
    const input = readline.createInterface({ input: io.stdin, terminal: false });
    const conversationId = await runChatCli(db, {
      agentSlug: agent ?? "retail-support",
      workspaceSlug: workspace,
      trace: trace === "true",
      input,
      output: io.stdout,
    });
    return `Conversation ${conversationId} saved.`;
  },
  "apikey create": async ({ workspace, name }) => {
    const { db } = await getDatabase();
    const ws = workspace ? await db.query.workspaces.findFirst({ where: eq(workspaces.slug, workspace) }) : undefined;
    if (!ws) throw new DomainError("invalid", "--workspace must be the slug of an existing workspace");
    const created = await createApiKey({ db, userId: null, workspace: ws }, { name: name ?? "" });
    return `Created API key "${created.name}" (${created.prefix}…). Copy it now, it is not shown again:\n${created.key}`;
  },
  "gate check": async ({ agent, workspace, file, now, "app-url": appUrl }) => {
    if (!file) throw new DomainError("invalid", "--file is required: a JSONL file of {tool, args, session} lines");
    const at = now === undefined ? undefined : new Date(now);
    if (at && Number.isNaN(at.getTime())) throw new DomainError("invalid", `--now must be a moment in ISO 8601, e.g. 2026-12-03T09:00:00Z (not ${now})`);
    const { db } = await getDatabase();
    const { config, workspaceId } = await agentConfigBySlug(db, workspace ?? demo.workspaceSlug, agent ?? "retail-support");
    // Lookups call the brand's backend as the runtime would; {{appUrl}} is this app's demo store unless given.
    const store = appUrl ? null : await startStoreServer(db);
    try {
      const env = await buildTurnContext(db, { workspaceId, appUrl: appUrl ?? store!.appUrl });
      const lines = await gateCheckLines({ ...env, config, now: at }, readFileSync(file, "utf8").split("\n"));
      return lines.join("\n");
    } finally {
      await store?.close();
    }
  },
  simulate: async ({ agent, workspace, conversations, days, release, seed, "app-url": appUrl }) => {
    if (!agent) throw new DomainError("invalid", "--agent is required: the agent's slug (e.g. retail-support)");
    const { db } = await getDatabase();
    return simulateFromCli(db, { agent, workspace: workspace ?? demo.workspaceSlug, conversations, days, release, seed, appUrl });
  },
  "agent export": async ({ agent, workspace, format, out }) => {
    if (!agent) throw new DomainError("invalid", "--agent is required: the agent's slug (e.g. retail-support)");
    const { db } = await getDatabase();
    return exportAgentFromCli(db, { agentSlug: agent, workspaceSlug: workspace, format, out });
  },
  "agent import": async ({ workspace, file, name, slug }) => {
    if (!workspace) throw new DomainError("invalid", "--workspace is required: the slug of the workspace to create the agent in");
    if (!file) throw new DomainError("invalid", "--file is required: an agent export (JSON or YAML)");
    const { db } = await getDatabase();
    return importAgentFromCli(db, { workspaceSlug: workspace, file, name, slug });
  },
  "eval run": (opts) => evalFromCli(async () => (await getDatabase()).db, "run", opts),
  "eval export": (opts) => evalFromCli(async () => (await getDatabase()).db, "export", opts),
  "eval import": (opts) => evalFromCli(async () => (await getDatabase()).db, "import", opts),
  "review export": (opts, io) => reviewFromCli(async () => (await getDatabase()).db, "export", opts, io),
  "review annotate": (opts, io) => reviewFromCli(async () => (await getDatabase()).db, "annotate", opts, io),
  "customer forget": async ({ workspace, id }) => forgetCustomerFromCli((await getDatabase()).db, { workspaceSlug: workspace, id }),
  "customer export": async ({ workspace, id, out }) => exportCustomerFromCli((await getDatabase()).db, { workspaceSlug: workspace, id, out }),
  insights: async ({ agent, workspace, since, release, json }) => {
    if (!agent) throw new DomainError("invalid", "--agent is required: the agent's slug (e.g. retail-support)");
    const { db } = await getDatabase();
    return insightsFromCli(db, { agentSlug: agent, workspaceSlug: workspace, since, release, json: json === "true" });
  },
  "insights rebuild": async ({ agent, workspace }, io) => {
    if (!agent) throw new DomainError("invalid", "--agent is required: the agent's slug (e.g. retail-support)");
    const { db } = await getDatabase();
    return rebuildInsightsFromCli(db, { agentSlug: agent, workspaceSlug: workspace }, io);
  },
  "release publish": async ({ agent, workspace, notes }) => {
    if (!agent) throw new DomainError("invalid", "--agent is required: the agent's slug (e.g. retail-support)");
    const { db } = await getDatabase();
    return publishFromCli(db, { agentSlug: agent, workspaceSlug: workspace, notes });
  },
  "release rollback": async ({ agent, workspace, to }) => {
    if (!agent) throw new DomainError("invalid", "--agent is required: the agent's slug (e.g. retail-support)");
    const { db } = await getDatabase();
    return rollbackFromCli(db, { agentSlug: agent, workspaceSlug: workspace, to });
  },
};

async function agentConfigBySlug(db: Db, workspaceSlug: string, agentSlug: string) {
  const [row] = await db
    .select({ workspaceId: agents.workspaceId, agentId: agents.id })
    .from(agents)
    .innerJoin(workspaces, eq(workspaces.id, agents.workspaceId))
    .where(and(eq(workspaces.slug, workspaceSlug), eq(agents.slug, agentSlug)))
    .limit(1);
  if (!row) throw new DomainError("not_found", `Agent ${agentSlug} not found in workspace ${workspaceSlug}`);
  return { config: await loadDraftConfig(db, row), workspaceId: row.workspaceId };
}

const isOutcome = (x: unknown): x is { exitCode: number; message: string; stdout?: true } => typeof x === "object" && x !== null && "exitCode" in x;


/** Every option any command takes; `--file` and `--out` are paths, resolved by the CLI before a command runs elsewhere. */
export const cliOptions = {
  email: { type: "string" },
  name: { type: "string" },
  password: { type: "string" },
  slug: { type: "string" },
  owner: { type: "string" },
  agent: { type: "string" },
  workspace: { type: "string" },
  file: { type: "string" },
  now: { type: "string" },
  "app-url": { type: "string" },
  notes: { type: "string" },
  to: { type: "string" },
  since: { type: "string" },
  format: { type: "string" },
  conversations: { type: "string" },
  days: { type: "string" },
  release: { type: "string" },
  seed: { type: "string" },
  out: { type: "string" },
  id: { type: "string" },
  suite: { type: "string" },
  replace: { type: "boolean" },
  repeat: { type: "string" },
  json: { type: "boolean" },
  trace: { type: "boolean" },
  port: { type: "string" },
  host: { type: "string" },
  workers: { type: "string" },
  jobs: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** The command `argv` names (`eval run`, `seed`, `serve`), or undefined. */
export function commandOf(argv: string[]): string | undefined {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: cliOptions, strict: false });
  return [positionals.slice(0, 2).join(" "), positionals[0] ?? ""].find((k) => k in commands || k === "serve");
}

/** Runs one command (not `serve`) on this process's database; returns its exit code. */
export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const print = (stream: Writable, text: string) => void stream.write(`${text}\n`);
  try {
    const { values } = parseArgs({ args: argv, allowPositionals: true, options: cliOptions });
    const key = commandOf(argv);
    if (values.help || !key || key === "serve") {
      print(io.stdout, usage);
      return values.help ? 0 : 2;
    }
    const opts = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === undefined ? undefined : String(v)]));
    const output = await commands[key]!(opts, io);
    const { exitCode, message, stdout } = isOutcome(output) ? output : { exitCode: 0, message: String(output), stdout: true };
    // A report (eval run) goes to stdout whatever its verdict, so CI can read it; other failures to stderr.
    // An empty message: the command wrote its output itself (review export to stdout).
    if (message !== "") print(exitCode === 0 || stdout ? io.stdout : io.stderr, message);
    return exitCode;
  } catch (error) {
    if (error instanceof ZodError) print(io.stderr, `error: ${error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ")}`);
    else if (error instanceof DomainError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) print(io.stderr, `error: ${(error as Error).message}`);
    else if ((error as NodeJS.ErrnoException).code === "ENOENT") print(io.stderr, `error: no such file: ${(error as NodeJS.ErrnoException).path}`);
    else print(io.stderr, String((error as Error).stack ?? error));
    return 1;
  }
}
