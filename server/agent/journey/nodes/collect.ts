import type { NodeOf } from "@/lib/schemas/journey";
import { say } from "../../pipeline/turn-run";
import { holds, renderText } from "../expressions";
import { extractSlot, refuseUnavailableKind } from "../slots";
import { branch, type NodeEnv, type NodeResult } from "./node-result";

const filled = (v: unknown) => v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0);

/** Asks for a slot, reads the answer, re-asks up to `retries` times, then fails over. */
export async function runCollect(node: NodeOf<"collect">, env: NodeEnv): Promise<NodeResult> {
  const { run, active, scope } = env;
  const { slot } = node;
  if (filled(active.slots[slot.name])) return { kind: "next" };

  if (env.resumed) {
    const found = await extractSlot(run, slot, run.text, scope);
    if (found) {
      active.slots[slot.name] = found.value;
      return { kind: "next" };
    }
    if (node.skipWhen?.length && node.skipWhen.every((e) => holds(e, scope))) return { kind: "next" };
    const attempts = (active.attempts[node.id] ?? 0) + 1;
    active.attempts[node.id] = attempts;
    if (attempts > slot.retries) {
      run.session.counters.failures += 1;
      return branch(env, "failed", { kind: "handoff", reason: `Could not understand the customer's ${slot.name.replace(/_/g, " ")} after ${attempts} tries` });
    }
    // Asked for something they do not have (a refund to a gift card they don't own): say so and what they can choose.
    const refusal = refuseUnavailableKind(slot, scope, run.text);
    if (refusal) say(run, "refusal", refusal);
    else say(run, "question", renderText(slot.validation?.message ?? `Sorry, I didn't catch that. ${slot.prompt}`, scope));
    return { kind: "wait", waiting: "collect" };
  }

  // Customers often say it before they are asked ("return the keyboard from order #W…").
  if (slot.type !== "text" && slot.type !== "yes_no") {
    for (const text of [...active.texts].reverse()) {
      const found = await extractSlot(run, slot, text, scope);
      if (found && !active.rejected?.[slot.name]?.includes(JSON.stringify(found.value))) {
        active.slots[slot.name] = found.value;
        return { kind: "next" };
      }
    }
  }
  if (node.skipWhen?.length && node.skipWhen.every((e) => holds(e, scope))) return { kind: "next" };
  // Said before it was asked ("…refund it to a gift card"), and not theirs: refuse it rather than only asking.
  const refusal = [...active.texts].reverse().reduce<string | null>((found, text) => found ?? refuseUnavailableKind(slot, scope, text), null);
  say(run, refusal ? "refusal" : "question", refusal ?? renderText(slot.prompt, scope));
  return { kind: "wait", waiting: "collect" };
}
