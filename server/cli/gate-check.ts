import "server-only";
import { z } from "zod";
import type { Db } from "@/db/client";
import type { Policy } from "@/lib/schemas/policy";
import { checkGate } from "@/server/agent/policy/gate";
import { retailPolicies } from "@/server/agent/policy/retail-policies";

const lineSchema = z.object({
  tool: z.string().min(1),
  args: z.record(z.string(), z.unknown()).default({}),
  session: z.object({ authenticatedUserId: z.string().optional(), confirmed: z.boolean().optional() }).default({}),
});

/**
 * `switchback gate-check`: one JSON tool call per line in, one decision per line out. Checks only —
 * nothing is executed. Blank lines are skipped; a bad line yields an error line naming its number.
 */
export async function gateCheckLines(
  ctx: { db: Db; storeId: string; policies?: Partial<Record<string, Policy>>; now?: Date },
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
      { ...parsed.data, policies: ctx.policies ?? retailPolicies, now: ctx.now },
    );
    out.push(JSON.stringify({ decision: decision.decision, ruleId: decision.ruleId, reason: decision.reason }));
  }
  return out;
}
