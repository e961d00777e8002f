import "server-only";
import { z } from "zod";
import type { Db } from "@/db/client";
import type { AgentConfig } from "@/server/agent/config/agent-config";
import { decideWrite } from "@/server/agent/policy/decide-write";
import { withStoreInProcess } from "@/server/agent/demo/in-process-store";
import { Tracer } from "@/server/agent/pipeline/trace";
import type { HttpToolEnv } from "@/server/agent/tools/http-tool";

const lineSchema = z.object({
  tool: z.string().min(1),
  args: z.record(z.string(), z.unknown()).default({}),
  session: z.object({ authenticatedUserId: z.string().optional(), confirmed: z.boolean().optional() }).default({}),
  /** The gate's clock for this line (ISO 8601); else the run's `--now`, else the machine's. */
  now: z.iso.datetime({ offset: true }).optional(),
  /** Recorded answers for the write's lookups, by the lookup's name, instead of calling the brand's backend. */
  lookups: z.record(z.string(), z.unknown()).optional(),
});

export interface GateCheckCtx extends HttpToolEnv {
  db: Db;
  config: Pick<AgentConfig, "tools" | "policies" | "storeId">;
  now?: Date;
}

/**
 * `switchback gate check`: one JSON tool call per line in, one decision per line out, decided as the
 * runtime decides (decideWrite: the lookups run against the brand's backend unless the line records
 * their answers, and the tool's own "requires confirmation" counts). Checks only — nothing is executed.
 * Each decision lists every rule the gate read, with the facts it read, and the lookups it made. Blank
 * lines are skipped; a bad line yields an error line naming its number.
 */
export async function gateCheckLines(ctx: GateCheckCtx, lines: string[]): Promise<string[]> {
  const out: string[] = [];
  // The demo store's lookups read the store in process (the CLI has the database), any other backend over HTTP.
  const env = ctx.config.storeId ? { ...ctx, ...withStoreInProcess(ctx.db, ctx.config.storeId, ctx) } : ctx;
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
    const { tool, args, session, now, lookups } = parsed.data;
    const trace = new Tracer();
    const { decision } = await decideWrite({ ...env, trace }, { tool, args, session, now: now ? new Date(now) : (ctx.now ?? new Date()), recorded: lookups });
    out.push(
      JSON.stringify({
        decision: decision.decision,
        ruleId: decision.ruleId,
        reason: decision.reason,
        rules: decision.trace,
        ...(decision.computed ? { computed: decision.computed } : {}),
        ...(decision.tableRows ? { tableRows: decision.tableRows } : {}),
        ...(trace.events.length ? { lookups: trace.events.map((e) => ({ tool: e.name, input: e.input, answer: e.output, decision: e.decision })) } : {}),
      }),
    );
  }
  return out;
}
