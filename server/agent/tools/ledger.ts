import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { toolExecutions } from "@/db/schema";
import type { PolicyDecision } from "@/lib/schemas/policy";
import { conflict } from "@/server/errors";
import { maskPiiDeep } from "../pipeline/mask-pii";

export type LedgerOutcome =
  | { status: "succeeded"; result: unknown; executionId: string; replayed: boolean }
  | { status: "failed"; error: string; executionId: string; replayed: boolean }
  | { status: "blocked"; decision: PolicyDecision; executionId: string; replayed: boolean };

type Row = typeof toolExecutions.$inferSelect;

/** What a run is told: `executionId` is stable across takeovers, so it is the idempotency key the backend sees. */
export interface Execution {
  executionId: string;
  attempt: number;
}

/** A call started this many times (the first run and takeovers) without finishing is not started again. */
export const MAX_ATTEMPTS = 3;
const POLL_MS = { first: 20, max: 250 };

/**
 * Runs a tool call at most once per idempotency key. The INSERT ... ON CONFLICT claims the key
 * atomically: exactly one caller gets the row and runs; every other caller (a retry, a double click, a
 * second instance) reads the stored outcome, waiting while the first is still running. A call the
 * policy did not allow is recorded as blocked and never runs. The key should name one intended action
 * (e.g. conversation + tool + arguments), so a confirmed retry of a blocked call reuses it.
 *
 * A running call holds a lease of `leaseMs` (a bit longer than the call can take). A caller that finds
 * the lease run out presumes the runner died (a crash, a kill -9) and takes the call over — under the
 * row lock, so exactly one does — and runs it again with the same execution id, which the backend sees
 * as the request's idempotency key. After MAX_ATTEMPTS starts it is marked failed instead: never stuck,
 * never started by two callers at once.
 */
export async function executeWithLedger(
  ctx: LedgerCtx,
  input: { tool: string; args: unknown; idempotencyKey: string; decision: PolicyDecision; leaseMs: number },
  run: (execution: Execution) => Promise<unknown>,
): Promise<LedgerOutcome> {
  const blocked = input.decision.decision !== "allow";
  if (blocked) {
    const [claimed] = await ctx.db
      .insert(toolExecutions)
      .values({ ...rowOf(ctx, input), status: "blocked", completedAt: new Date() })
      .onConflictDoNothing({ target: [toolExecutions.workspaceId, toolExecutions.idempotencyKey] })
      .returning({ id: toolExecutions.id });
    if (claimed) return { status: "blocked", decision: input.decision, executionId: claimed.id, replayed: false };
    return outcomeOf(await waitForCompletion(ctx, input.idempotencyKey), true);
  }

  let delay = POLL_MS.first;
  for (;;) {
    const claimed = await claim(ctx, input);
    if (claimed && claimed.attempts > MAX_ATTEMPTS) {
      const error = `The call was interrupted ${claimed.attempts - 1} times before it finished and was not started again; check the result in the system it calls before trying again`;
      await finish(ctx.db, claimed, { status: "failed", error });
      return { status: "failed", error, executionId: claimed.id, replayed: false };
    }
    if (claimed) return runClaimed(ctx, claimed, run);
    const row = await read(ctx, input.idempotencyKey);
    if (row.status !== "running") return outcomeOf(row, true);
    // Still running under its lease: wait at most until the lease runs out, then try to take it over.
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, Math.max(row.leaseLeftMs, 0) + 1)));
    delay = Math.min(delay * 2, POLL_MS.max);
  }
}

/** The ledger's caller; `redactPii` (the workspace's redaction setting) masks PII in the stored args, result and error. */
interface LedgerCtx {
  db: Db;
  workspaceId: string;
  conversationId?: string;
  redactPii?: boolean;
}

const stored = <T>(ctx: { redactPii?: boolean }, value: T): T => (ctx.redactPii ? maskPiiDeep(value) : value);

function rowOf(ctx: { workspaceId: string; conversationId?: string; redactPii?: boolean }, input: { tool: string; args: unknown; idempotencyKey: string; decision: PolicyDecision }) {
  return { workspaceId: ctx.workspaceId, conversationId: ctx.conversationId, tool: input.tool, idempotencyKey: input.idempotencyKey, args: stored(ctx, input.args ?? {}), decision: input.decision };
}

/**
 * Takes the key: a new row, a blocked call now allowed (asked for confirmation, then confirmed), or a
 * running call whose lease ran out (rows from before leases have none). The WHERE is re-checked under
 * the row lock, so one caller wins; the lease is set on the database's clock, shared by every instance.
 */
async function claim(ctx: LedgerCtx, input: Parameters<typeof executeWithLedger>[1]) {
  const lease = sql`now() + ${input.leaseMs} * interval '1 millisecond'`;
  const t = toolExecutions;
  const [claimed] = await ctx.db
    .insert(t)
    .values({ ...rowOf(ctx, input), status: "running", leaseExpiresAt: lease })
    .onConflictDoUpdate({
      target: [t.workspaceId, t.idempotencyKey],
      set: {
        status: "running",
        decision: input.decision,
        args: stored(ctx, input.args ?? {}),
        completedAt: null,
        leaseExpiresAt: lease,
        attempts: sql`case when ${t.status} = 'blocked' then 1 else ${t.attempts} + 1 end`,
        createdAt: sql`case when ${t.status} = 'blocked' then now() else ${t.createdAt} end`,
      },
      setWhere: sql`${t.status} = 'blocked' or (${t.status} = 'running' and (${t.leaseExpiresAt} is null or ${t.leaseExpiresAt} < now()))`,
    })
    .returning({ id: t.id, attempts: t.attempts });
  return claimed;
}

async function runClaimed(ctx: LedgerCtx, claimed: { id: string; attempts: number }, run: (execution: Execution) => Promise<unknown>): Promise<LedgerOutcome> {
  const started = performance.now();
  let result: unknown;
  try {
    result = await run({ executionId: claimed.id, attempt: claimed.attempts });
  } catch (error) {
    // Recorded and returned, not rethrown: the caller decides what the customer hears; the ledger keeps
    // the failure so a retry with the same key does not run the write again blind.
    const message = error instanceof Error ? error.message : String(error);
    await finish(ctx.db, claimed, { status: "failed", error: stored(ctx, message), durationMs: performance.now() - started });
    return { status: "failed", error: message, executionId: claimed.id, replayed: false };
  }
  await finish(ctx.db, claimed, { status: "succeeded", result: stored(ctx, result ?? null), durationMs: performance.now() - started });
  return { status: "succeeded", result, executionId: claimed.id, replayed: false };
}

// Only the attempt that holds the row records its outcome: one that outlived its lease and was taken
// over leaves the row to the caller that took it.
function finish(db: Db, claimed: { id: string; attempts: number }, values: Partial<Row>) {
  return db
    .update(toolExecutions)
    .set({ ...values, leaseExpiresAt: null, completedAt: new Date() })
    .where(and(eq(toolExecutions.id, claimed.id), eq(toolExecutions.attempts, claimed.attempts)));
}

async function read(ctx: { db: Db; workspaceId: string }, idempotencyKey: string) {
  const [row] = await ctx.db
    .select({ row: toolExecutions, leaseLeftMs: sql<number>`coalesce(extract(epoch from ${toolExecutions.leaseExpiresAt} - now()) * 1000, 0)::float8` })
    .from(toolExecutions)
    .where(and(eq(toolExecutions.workspaceId, ctx.workspaceId), eq(toolExecutions.idempotencyKey, idempotencyKey)));
  if (!row) throw conflict(`Tool execution ${idempotencyKey} vanished while waiting for it`);
  return { ...row.row, leaseLeftMs: Number(row.leaseLeftMs) };
}

/** A blocked call's key taken by another caller: its outcome, once it has one. */
async function waitForCompletion(ctx: { db: Db; workspaceId: string }, idempotencyKey: string): Promise<Row> {
  let delay = POLL_MS.first;
  for (;;) {
    const row = await read(ctx, idempotencyKey);
    if (row.status !== "running") return row;
    if (row.leaseLeftMs <= 0) throw conflict(`Tool execution ${idempotencyKey} was interrupted; send the message again to retry it`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, row.leaseLeftMs + 1)));
    delay = Math.min(delay * 2, POLL_MS.max);
  }
}

function outcomeOf(row: Row, replayed: boolean): LedgerOutcome {
  if (row.status === "succeeded") return { status: "succeeded", result: row.result, executionId: row.id, replayed };
  if (row.status === "failed") return { status: "failed", error: row.error ?? "failed", executionId: row.id, replayed };
  return { status: "blocked", decision: row.decision as PolicyDecision, executionId: row.id, replayed };
}
