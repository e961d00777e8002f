import type { NodeOf } from "@/lib/schemas/journey";
import { checkGate } from "../../policy/gate";
import { lookupFacts } from "../../tools/fact-lookup";
import { say } from "../../pipeline/turn-run";
import { renderArgs } from "../expressions";
import { type NodeEnv, type NodeResult } from "./node-result";

/** Asks the policy about an action without taking it, and branches on the decision. */
export async function runPolicyCheck(node: NodeOf<"policy_check">, env: NodeEnv): Promise<NodeResult> {
  const { run, active, scope } = env;
  const args = renderArgs(node.args, scope);
  const policy = run.config.policies[node.policy];
  const tool = run.config.tools[node.tool];
  const ownWrite = tool?.kind === "write";
  const lookedUp = ownWrite ? await lookupFacts(run, tool, args) : null;
  const started = performance.now();
  const decision = await checkGate({
      tool: node.tool,
      args,
      session: { authenticatedUserId: run.session.authenticatedUserId, confirmed: false },
      policies: policy ? { [node.tool]: policy } : {},
      now: run.now,
      ownWrite,
      lookedUp,
    },
  );
  run.trace.record({ type: "policy", name: node.policy, input: { tool: node.tool, args }, output: { ruleId: decision.ruleId, reason: decision.reason, trace: decision.trace }, decision: decision.decision, durationMs: performance.now() - started });
  active.results.policy = decision;
  if (env.labels.has(decision.decision)) return { kind: "next", label: decision.decision };
  if (decision.decision === "deny") {
    say(run, "refusal", decision.reason);
    return { kind: "end", outcome: "unresolved" };
  }
  if (decision.decision === "escalate") {
    // The customer hears why a person takes over (the rule's customer-facing reason), not only that one does.
    say(run, "message", decision.reason);
    run.grounded.policyText.push(decision.reason);
    return { kind: "handoff", reason: decision.reason };
  }
  return { kind: "next" };
}
