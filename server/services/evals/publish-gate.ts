import "server-only";
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { evalRuns } from "@/db/schema";
import type { AgentConfig } from "@/server/agent/config/agent-config";
import type { WorkspaceCtx } from "@/server/services/context";
import { gateFingerprint } from "./run-suite";
import { readRun, runNow } from "./runs";

export interface EvalGateFailure {
  caseName: string;
  suiteName: string;
  message: string;
}

export interface EvalGate {
  /** The gating run this draft passed or failed; null when the agent has no gating case. */
  runId: string | null;
  /** Null when the agent has no gating case. */
  fingerprint: string | null;
  failures: EvalGateFailure[];
}

/** The newest finished run of every gating suite on exactly this draft, if there is one. */
async function finishedGateRun(db: Db | Tx, workspaceId: string, agentId: string, fingerprint: string): Promise<string | null> {
  const [row] = await db
    .select({ id: evalRuns.id })
    .from(evalRuns)
    .where(
      and(
        eq(evalRuns.workspaceId, workspaceId),
        eq(evalRuns.agentId, agentId),
        isNull(evalRuns.suiteId),
        isNull(evalRuns.caseId),
        eq(evalRuns.fingerprint, fingerprint),
        inArray(evalRuns.status, ["passed", "failed"]),
      ),
    )
    .orderBy(desc(evalRuns.createdAt))
    .limit(1);
  return row?.id ?? null;
}

/**
 * The draft's gating evals: the verdict of a finished run on this very draft and these cases (the
 * fingerprint), or — with `run` — a new run now. Cases marked as known failures never block.
 */
export async function evalGate(ctx: Pick<WorkspaceCtx, "db" | "workspace"> & { userId: string | null; appUrl: string }, config: AgentConfig, opts: { run: boolean }): Promise<EvalGate> {
  const scope = { workspaceId: ctx.workspace.id, agentId: config.agent.id };
  const fingerprint = await gateFingerprint(ctx.db, config);
  if (!fingerprint) return { runId: null, fingerprint, failures: [] };
  const existing = await finishedGateRun(ctx.db, scope.workspaceId, scope.agentId, fingerprint);
  if (!existing && !opts.run) return { runId: null, fingerprint, failures: [] };
  const result = existing ? await readRun(ctx, existing) : await runNow(ctx, { agentId: scope.agentId, suiteId: null, target: "draft", trigger: "publish" });
  const failures = result.cases
    .filter((c) => !c.passK && !c.knownFailure)
    .map((c) => {
      const attempt = c.attempts.find((a) => !a.passed)!;
      const missed = attempt.error ?? attempt.expectations.filter((e) => !e.passed).map((e) => `expected ${e.expected}, got ${e.got}`).join("; ");
      return { caseName: c.caseName, suiteName: c.suiteName, message: missed };
    });
  return { runId: result.run.id, fingerprint, failures };
}
