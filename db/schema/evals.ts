import { sql } from "drizzle-orm";
import { boolean, foreignKey, index, integer, jsonb, pgTable, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { agents } from "./agents";
import { users } from "./auth";
import { conversations } from "./conversations";
import type { CaseDefinition, ExpectationResult } from "@/lib/schemas/evals";

// Evals (issue 17; server/services/evals/README.md): an agent's suites and cases, and the runs of them.
// Every row names its workspace, and its parent with it, so nothing points across tenants.

export const evalSuites = pgTable(
  "eval_suites",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull(),
    agentId: uuid().notNull(),
    name: text().notNull(),
    description: text().notNull().default(""),
    /** Its cases must pass before the draft is published. */
    gating: boolean().notNull().default(false),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.agentId, t.workspaceId], foreignColumns: [agents.id, agents.workspaceId] }).onDelete("cascade"),
    unique().on(t.id, t.workspaceId),
    uniqueIndex("eval_suites_agent_id_lower_name_index").on(t.agentId, sql`lower(${t.name})`),
  ],
);

export const evalCases = pgTable(
  "eval_cases",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull(),
    suiteId: uuid().notNull(),
    name: text().notNull(),
    description: text().notNull().default(""),
    /** Why the agent fails it today: reported, and it does not block publishing. */
    knownFailure: text(),
    definition: jsonb().$type<CaseDefinition>().notNull(),
    position: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.suiteId, t.workspaceId], foreignColumns: [evalSuites.id, evalSuites.workspaceId] }).onDelete("cascade"),
    unique().on(t.id, t.workspaceId),
    index().on(t.suiteId, t.position),
  ],
);

/**
 * A run of one suite, or one case of it (or of the agent's gating suites, `suiteId` null) against the draft, the live
 * release or release N. `status`: queued → running → passed | failed (a case failed) | error (the run
 * could not finish: `error` says why). `heartbeatAt` moves with every finished case, so a run whose
 * worker died is told from a slow one.
 */
export const evalRuns = pgTable(
  "eval_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull(),
    agentId: uuid().notNull(),
    suiteId: uuid(),
    /** One case of the suite only (null: all of them). */
    caseId: uuid(),
    /** draft | live | the release number. */
    target: text().notNull(),
    releaseId: uuid(),
    /** What the draft was when it ran (its snapshot's hash), so publishing knows the run is about this draft. */
    fingerprint: text(),
    repeat: integer().notNull().default(1),
    /** studio | publish | cli */
    trigger: text().notNull(),
    status: text().notNull().default("queued"),
    error: text(),
    total: integer().notNull().default(0),
    done: integer().notNull().default(0),
    passed: integer().notNull().default(0),
    failed: integer().notNull().default(0),
    knownFailures: integer().notNull().default(0),
    flaky: integer().notNull().default(0),
    startedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    heartbeatAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    foreignKey({ columns: [t.agentId, t.workspaceId], foreignColumns: [agents.id, agents.workspaceId] }).onDelete("cascade"),
    foreignKey({ columns: [t.suiteId, t.workspaceId], foreignColumns: [evalSuites.id, evalSuites.workspaceId] }).onDelete("cascade"),
    unique().on(t.id, t.workspaceId),
    index().on(t.agentId, t.createdAt),
    index().on(t.status),
  ],
);

/** One attempt of one case in a run. The case's name and suite are copied, so a run reads the same after edits. */
export const evalResults = pgTable(
  "eval_results",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull(),
    runId: uuid().notNull(),
    caseId: uuid(),
    caseName: text().notNull(),
    suiteName: text().notNull(),
    attempt: integer().notNull(),
    passed: boolean().notNull(),
    knownFailure: text(),
    expectations: jsonb().$type<ExpectationResult[]>().notNull(),
    /** The replies and tool calls, compared between runs (draft vs live). */
    transcript: jsonb().$type<{ customer: string; reply: string; tools: { tool: string; args: unknown; decision: string | null }[] }[]>().notNull(),
    conversationId: uuid(),
    error: text(),
    ms: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.runId, t.workspaceId], foreignColumns: [evalRuns.id, evalRuns.workspaceId] }).onDelete("cascade"),
    foreignKey({ columns: [t.caseId], foreignColumns: [evalCases.id] }).onDelete("set null"),
    foreignKey({ columns: [t.conversationId], foreignColumns: [conversations.id] }).onDelete("set null"),
    unique().on(t.runId, t.caseId, t.attempt),
    index().on(t.runId),
  ],
);
