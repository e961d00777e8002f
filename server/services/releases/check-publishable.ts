import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { policyTests } from "@/db/schema";
import type { AgentConfig } from "@/server/agent/config/agent-config";
import { evaluatePolicy } from "@/server/agent/policy/evaluate";
import { validateJourney } from "@/lib/schemas/journey";
import type { Facts } from "@/lib/schemas/policy";

export interface PublishBlocker {
  kind: "journey" | "policy_test" | "eval";
  /** The journey, policy test or eval case it is about. */
  subject: string;
  message: string;
  /** The eval run the case failed in. */
  runId?: string;
}

/** Why the draft may not ship: journey validation errors (warnings pass) and failing policy tests. */
export async function findPublishBlockers(db: Db | Tx, config: AgentConfig, now = new Date()): Promise<PublishBlocker[]> {
  const blockers: PublishBlocker[] = [];
  for (const j of config.journeys) {
    for (const issue of validateJourney(j.graph)) {
      if (issue.severity !== "error") continue;
      blockers.push({ kind: "journey", subject: j.name, message: issue.nodeId ? `${issue.message} (node ${issue.nodeId})` : issue.message });
    }
  }
  const tests = await db
    .select()
    .from(policyTests)
    .where(and(eq(policyTests.workspaceId, config.agent.workspaceId), eq(policyTests.agentId, config.agent.id)));
  for (const t of tests) {
    const failure = policyTestFailure(config, t, now);
    if (failure) blockers.push({ kind: "policy_test", subject: t.name, message: failure });
  }
  return blockers;
}

function policyTestFailure(
  config: AgentConfig,
  t: { policyKey: string; facts: Record<string, unknown>; expectedDecision: string; expectedRuleId: string | null },
  now: Date,
): string | null {
  const policy = config.policies[t.policyKey];
  if (!policy) return `Policy ${t.policyKey} no longer exists`;
  try {
    const got = evaluatePolicy(policy, t.facts as Facts, { now });
    if (got.decision !== t.expectedDecision) return `Expected ${t.expectedDecision}, got ${got.decision} (rule ${got.ruleId})`;
    if (t.expectedRuleId && got.ruleId !== t.expectedRuleId) return `Expected rule ${t.expectedRuleId} to decide, but ${got.ruleId} did`;
    return null;
  } catch (error) {
    return `The policy could not be evaluated: ${(error as Error).message}`;
  }
}
