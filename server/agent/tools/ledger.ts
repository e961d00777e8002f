import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { toolExecutions } from "@/db/schema";
import type { PolicyDecision } from "@/lib/schemas/policy";
import { conflict } from "@/server/errors";

export type LedgerOutcome =
  | { status: "succeeded"; result: unknown; executionId: string; replayed: boolean }
  | { status: "failed"; error: string; executionId: string; replayed: boolean }
  | { status: "blocked"; decision: PolicyDecision; executionId: string; replayed: boolean };

type Row = typeof toolExecutions.$inferSelect;

const POLL_MS = 20;
const WAIT_MS = 15_000;

/**
 * Runs a tool call at most once per idempotency key. The INSERT ... ON CONFLICT claims the key
 * atomically: exactly one caller gets the row and runs; every other caller (a retry, a double click, a
 * second instance) reads the stored outcome, waiting while the first is still running. A call the
 * policy did not allow is recorded as blocked and never runs. The key should name one intended action
 * (e.g. conversation + tool + arguments), so a confirmed retry of a blocked call reuses it.
 */
export async function executeWithLedger(
  ctx: { db: Db; workspaceId: string; conversationId?: string },
  input: { tool: string; args: unknown; idempotencyKey: string; decision: PolicyDecision },
  run: () => Promise<unknown>,
): Promise<LedgerOutcome> {
  const blocked = input.decision.decision !== "allow";
  const row = {
    workspaceId: ctx.workspaceId,
    conversationId: ctx.conversationId,
    tool: input.tool,
    idempotencyKey: input.idempotencyKey,
    args: input.args ?? {},
    decision: input.decision,
    status: blocked ? "blocked" : "running",
    completedAt: blocked ? new Date() : null,
  };
  const insert = ctx.db.insert(toolExecutions).values(row);
  const target = [toolExecutions.workspaceId, toolExecutions.idempotencyKey];
  // An allowed call may take over a key whose earlier attempt was blocked (asked for confirmation,
  // then confirmed); the WHERE is re-checked under the row lock, so only one caller can take it over.
  const [claimed] = await (blocked
    ? insert.onConflictDoNothing({ target })
    : insert.onConflictDoUpdate({
        target,
        set: { status: "running", decision: input.decision, args: row.args, completedAt: null, createdAt: sql`now()` },
        setWhere: sql`${toolExecutions.status} = 'blocked'`,
      })
  ).returning({ id: toolExecutions.id });

  if (!claimed) return outcomeOf(await waitForCompletion(ctx, input.idempotencyKey), true);
  if (blocked) return { status: "blocked", decision: input.decision, executionId: claimed.id, replayed: false };

  const started = performance.now();
  let result: unknown;
  try {
    result = await run();
  } catch (error) {
    // Recorded and returned, not rethrown: the caller decides what the customer hears; the ledger keeps
    // the failure so a retry with the same key does not run the write again blind.
    const message = error instanceof Error ? error.message : String(error);
    await finish(ctx.db, claimed.id, { status: "failed", error: message, durationMs: performance.now() - started });
    return { status: "failed", error: message, executionId: claimed.id, replayed: false };
  }
  await finish(ctx.db, claimed.id, { status: "succeeded", result: result ?? null, durationMs: performance.now() - started });
  return { status: "succeeded", result, executionId: claimed.id, replayed: false };
}

function finish(db: Db, id: string, values: Partial<Row>) {
  return db
    .update(toolExecutions)
    .set({ ...values, completedAt: new Date() })
    .where(eq(toolExecutions.id, id));
}

async function waitForCompletion(ctx: { db: Db; workspaceId: string }, idempotencyKey: string): Promise<Row> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const [row] = await ctx.db
      .select()
      .from(toolExecutions)
      .where(and(eq(toolExecutions.workspaceId, ctx.workspaceId), eq(toolExecutions.idempotencyKey, idempotencyKey)));
    if (!row) throw conflict(`Tool execution ${idempotencyKey} vanished while waiting for it`);
    if (row.status !== "running") return row;
    if (Date.now() > deadline) throw conflict(`Tool execution ${idempotencyKey} is still running; try again shortly`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function outcomeOf(row: Row, replayed: boolean): LedgerOutcome {
  if (row.status === "succeeded") return { status: "succeeded", result: row.result, executionId: row.id, replayed };
  if (row.status === "failed") return { status: "failed", error: row.error ?? "failed", executionId: row.id, replayed };
  return { status: "blocked", decision: row.decision as PolicyDecision, executionId: row.id, replayed };
}
