import "server-only";
import { z } from "zod";
import type { Db } from "@/db/client";
import type { Policy } from "@/lib/schemas/policy";
import type { AgentConfig } from "@/server/agent/config/agent-config";
import { checkGate } from "@/server/agent/policy/gate";
import { retailPolicies } from "@/server/agent/policy/retail-policies";

const lineSchema = z.object({
  tool: z.string().min(1),
  args: z.record(z.string(), z.unknown()).default({}),
  session: z.object({ authenticatedUserId: z.string().optional(), confirmed: z.boolean().optional() }).default({}),
});

/** What the gate needs of an agent, as the runtime gives it: policies by the tool they are bound to, and which tools are its writes. */
export function gateContextOf(config: Pick<AgentConfig, "tools" | "policies" | "storeId">) {
  const tools = Object.values(config.tools);
  const policies = Object.fromEntries(tools.flatMap((t) => (t.policyKey && config.policies[t.policyKey] ? [[t.name, config.policies[t.policyKey]]] : [])));
  return { storeId: config.storeId ?? "", policies, ownWrites: tools.filter((t) => t.kind === "write").map((t) => t.name) };
}

/**
 * `switchback gate-check`: one JSON tool call per line in, one decision per line out. Checks only —
 * nothing is executed. Blank lines are skipped; a bad line yields an error line naming its number.
 * `policies` are by tool name; `ownWrites` names the agent's own write tools (see checkGate).
 */
export async function gateCheckLines(
  ctx: { db: Db; storeId: string; policies?: Partial<Record<string, Policy>>; ownWrites?: string[]; now?: Date },
  lines: string[],
): Promise<string[]> {
  const out: string[] = [];
  for (const [i, line] of lines.entries()) {
    if (line.trim() === "") continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error) {
      out.push(JSON.stringify({ error: `line ${i + 1}: not JSON (${(error as Error).message})` }));
      continue;
    }
    const parsed = lineSchema.safeParse(raw);
    if (!parsed.success) {
      out.push(JSON.stringify({ error: `line ${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join(".") || "line"} ${x.message}`).join("; ")}` }));
      continue;
    }
    const decision = await checkGate(
      { db: ctx.db, storeId: ctx.storeId },
      { ...parsed.data, policies: ctx.policies ?? retailPolicies, now: ctx.now, ownWrite: ctx.ownWrites?.includes(parsed.data.tool) },
    );
    out.push(JSON.stringify({ decision: decision.decision, ruleId: decision.ruleId, reason: decision.reason }));
  }
  return out;
}
