import "server-only";
import { createHash } from "node:crypto";
import type { PolicyDecision } from "@/lib/schemas/policy";
import type { HttpTool } from "@/lib/schemas/tool";
import { decideWrite } from "../policy/decide-write";
import { getPath } from "../journey/expressions";
import type { TurnRun } from "../pipeline/turn-run";
import { profileFirstName, setVerifiedCustomer } from "../verified-customer";
import { runHttpTool, ToolError } from "./http-tool";
import { executeWithLedger } from "./ledger";

const LEASE_MARGIN_MS = 5_000;

export type ToolOutcome =
  | { status: "ok"; result: unknown; replayed: boolean }
  | { status: "error"; message: string; code: string }
  | { status: "needs_confirmation" | "denied" | "escalate"; decision: PolicyDecision };

/** Stable across key order, so the same action always hashes the same. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

export const actionHash = (tool: string, args: unknown) => createHash("sha256").update(`${tool}\n${stableJson(args)}`).digest("hex").slice(0, 32);

/** Whether the customer's yes of this turn answered the confirmation of exactly this action. */
export function isConfirmed(run: TurnRun, tool: string, args: unknown): boolean {
  const c = run.session.confirmation;
  return !!c && c.hash === actionHash(tool, args) && c.turn === run.turn - 1 && run.confirmedThisTurn === c.hash;
}

function gateSession(run: TurnRun, tool: string, args: unknown) {
  return { authenticatedUserId: run.session.authenticatedUserId, confirmed: isConfirmed(run, tool, args) };
}

/**
 * The one way any tool runs, from a journey node or from the model. Reads run directly; a write is
 * checked by the gate with the session's verified facts and, if allowed, executed through the ledger
 * under a key derived from conversation, turn, tool and arguments, so a retry never writes twice.
 */
export async function callTool(run: TurnRun, toolName: string, args: Record<string, unknown>): Promise<ToolOutcome> {
  const tool = run.config.tools[toolName];
  if (!tool) {
    run.trace.record({ type: "tool", name: toolName, input: args, output: { error: "unknown tool" }, decision: "error" });
    return { status: "error", message: `There is no tool called ${toolName}`, code: "unknown_tool" };
  }
  if (tool.kind === "read") return runRead(run, tool, args);
  if (run.ctx.skipWrites) {
    run.trace.record({ type: "tool", name: toolName, input: args, output: { error: "not run: replayed history" }, decision: "skipped" });
    return { status: "error", message: "This action was not run: it came from a replayed history", code: "replayed_history" };
  }
  return runWrite(run, tool, args);
}

async function runRead(run: TurnRun, tool: HttpTool, args: Record<string, unknown>): Promise<ToolOutcome> {
  const started = performance.now();
  try {
    const result = await runHttpTool(tool, args, run.ctx);
    applyIdentity(run, tool, result);
    run.trace.record({ type: "tool", name: tool.name, input: args, output: result, decision: "ok", durationMs: performance.now() - started });
    return { status: "ok", result, replayed: false };
  } catch (e) {
    return toolFailed(run, tool, args, e, started);
  }
}

async function runWrite(run: TurnRun, tool: HttpTool, args: Record<string, unknown>): Promise<ToolOutcome> {
  const started = performance.now();
  const { decision } = await decideWrite({ ...run.ctx, config: run.config, trace: run.trace }, { tool: tool.name, args, session: gateSession(run, tool.name, args), now: run.now });
  run.trace.record({
    type: "policy",
    name: decision.policyKey,
    input: { tool: tool.name, args, session: gateSession(run, tool.name, args) },
    output: { ruleId: decision.ruleId, reason: decision.reason, policyVersion: decision.policyVersion, conditions: decision.conditions, trace: decision.trace, ...(decision.computed ? { computed: decision.computed } : {}), ...(decision.tableRows ? { tableRows: decision.tableRows } : {}) },
    decision: decision.decision,
    durationMs: performance.now() - started,
  });
  if (decision.decision === "allow") {
    run.grounded.policyText.push(decision.reason, ...decision.conditions);
  }

  const baseKey = `${run.conversation.id}:${run.turn}:${actionHash(tool.name, args)}`;
  const key = decision.decision === "allow" ? baseKey : `${baseKey}:${decision.decision}`;
  const ledgerCtx = { db: run.ctx.db, workspaceId: run.conversation.workspaceId, conversationId: run.conversation.id, redactPii: run.ctx.redactPii };
  const execStarted = performance.now();
  // The lease outlasts the call's own timeout; past it the runner is presumed dead and the next caller with
  // the key takes over, sending the same Idempotency-Key (the execution's id) so the backend writes once.
  const leaseMs = tool.timeoutMs + LEASE_MARGIN_MS;
  const outcome = await executeWithLedger(ledgerCtx, { tool: tool.name, args, idempotencyKey: key, decision, leaseMs }, ({ executionId }) =>
    runHttpTool(tool, args, run.ctx, { idempotencyKey: executionId }),
  );

  if (outcome.status === "blocked") {
    const d = outcome.decision;
    if (d.decision === "require_confirmation") return { status: "needs_confirmation", decision: d };
    return { status: d.decision === "escalate" ? "escalate" : "denied", decision: d };
  }
  if (outcome.status === "failed") {
    run.trace.record({ type: "tool", name: tool.name, input: args, output: { error: outcome.error, replayed: outcome.replayed }, decision: "error", durationMs: performance.now() - execStarted });
    run.session.counters.failures += 1;
    return { status: "error", message: outcome.error, code: "failed" };
  }
  applyIdentity(run, tool, outcome.result);
  collectAmounts(run, outcome.result);
  run.session.confirmation = null;
  run.trace.record({ type: "tool", name: tool.name, input: args, output: outcome.result, decision: outcome.replayed ? "replayed" : "ok", durationMs: performance.now() - execStarted });
  return { status: "ok", result: outcome.result, replayed: outcome.replayed };
}

function toolFailed(run: TurnRun, tool: HttpTool, args: unknown, e: unknown, started: number): ToolOutcome {
  if (!(e instanceof ToolError)) throw e;
  run.trace.record({ type: "tool", name: tool.name, input: args, output: { error: e.message, status: e.status }, decision: "error", durationMs: performance.now() - started });
  return { status: "error", message: e.message, code: e.code };
}

/** Authentication comes only from a tool result, never from what the customer says. */
function applyIdentity(run: TurnRun, tool: HttpTool, result: unknown): void {
  if (tool.authenticates) {
    const userId = getPath(result, tool.authenticates.userIdPath);
    if (typeof userId === "string" && userId) setVerifiedCustomer(run.session, userId);
  }
  if (tool.customerProfile && run.session.authenticatedUserId) {
    const p = tool.customerProfile;
    if (getPath(result, p.userIdPath) !== run.session.authenticatedUserId) return;
    const email = p.emailPath ? getPath(result, p.emailPath) : undefined;
    const orders = p.orderIdsPath ? getPath(result, p.orderIdsPath) : undefined;
    run.session.customer = {
      userId: run.session.authenticatedUserId,
      email: typeof email === "string" ? email : undefined,
      orderIds: Array.isArray(orders) ? orders.map(String) : undefined,
      firstName: profileFirstName(result),
    };
  }
  collectAmounts(run, result);
}

function collectAmounts(run: TurnRun, value: unknown, depth = 0): void {
  if (depth > 6) return;
  if (typeof value === "number") run.grounded.amounts.push(value);
  else if (Array.isArray(value)) value.forEach((v) => collectAmounts(run, v, depth + 1));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => collectAmounts(run, v, depth + 1));
}
