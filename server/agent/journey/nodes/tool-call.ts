import type { NodeOf } from "@/lib/schemas/journey";
import { say, type TurnRun } from "../../pipeline/turn-run";
import { actionHash, callTool } from "../../tools/call-tool";
import { renderArgs, renderText, type Scope } from "../expressions";
import { branch, type NodeEnv, type NodeResult } from "./node-result";

function confirmationText(run: TurnRun, node: NodeOf<"tool_call">, args: Record<string, unknown>, scope: Scope, reason: string): string {
  const tool = run.config.tools[node.tool];
  const details = node.confirmText
    ? renderText(node.confirmText, scope)
    : `${tool?.description ?? node.tool}: ${Object.entries(args)
        .map(([k, v]) => `${k.replace(/_/g, " ")} ${Array.isArray(v) ? v.join(", ") : String(v)}`)
        .join("; ")}.`;
  return `${details} ${reason} Please reply yes to go ahead, or no to stop.`;
}

/** Calls a tool; writes pass the gate, and a write the policy wants confirmed waits for an explicit yes. */
export async function runToolCall(node: NodeOf<"tool_call">, env: NodeEnv): Promise<NodeResult> {
  const { run, active, scope } = env;
  const args = renderArgs(node.args, scope);

  if (env.resumed && active.waiting === "confirm") {
    const asked = run.session.confirmation?.hash === actionHash(node.tool, args);
    if (run.confirmationAnswer === "no" || !asked) {
      run.session.confirmation = null;
      say(run, "message", "Okay, I won't make that change.");
      return branch(env, "declined", { kind: "end", outcome: "unresolved" });
    }
    if (run.confirmationAnswer !== "yes") {
      say(run, "confirmation", "Sorry, I need a clear yes or no: shall I go ahead?");
      run.session.confirmation = { ...run.session.confirmation!, turn: run.turn };
      return { kind: "wait", waiting: "confirm" };
    }
  }

  const outcome = await callTool(run, node.tool, args);
  switch (outcome.status) {
    case "ok":
      if (node.resultAs) active.results[node.resultAs] = outcome.result;
      return branch(env, "success", { kind: "next" });
    case "error":
      active.results.error = { message: outcome.message, code: outcome.code };
      run.session.counters.failures += 1;
      if (env.labels.has("error")) return { kind: "next", label: "error" };
      say(run, "refusal", "Sorry, I couldn't complete that just now.");
      return { kind: "end", outcome: "unresolved" };
    case "needs_confirmation":
      run.session.confirmation = { hash: actionHash(node.tool, args), tool: node.tool, turn: run.turn };
      say(run, "confirmation", confirmationText(run, node, args, scope, outcome.decision.reason));
      return { kind: "wait", waiting: "confirm" };
    case "denied":
      active.results.policy = outcome.decision;
      if (env.labels.has("deny")) return { kind: "next", label: "deny" };
      say(run, "refusal", outcome.decision.reason);
      return { kind: "end", outcome: "unresolved" };
    case "escalate":
      // The customer hears why a person takes over (the rule's customer-facing reason), not only that one does.
      say(run, "message", outcome.decision.reason);
      run.grounded.policyText.push(outcome.decision.reason);
      return { kind: "handoff", reason: outcome.decision.reason };
  }
}
