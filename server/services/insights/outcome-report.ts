import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/rows";
import { type OutcomeReportInput, outcomeReportInput } from "@/lib/schemas/insights";
import type { WorkspaceCtx } from "@/server/services/context";

export interface OutcomeRow {
  agentId: string;
  agentName: string;
  agentSlug: string;
  /** yyyy-mm in the viewer's time zone. */
  month: string;
  /** Conversations resolved in the month: the unit of outcome-based pricing. */
  resolved: number;
  /** Of those, resolved without a person. */
  contained: number;
}

/**
 * Resolved conversations per month per agent, over the workspace. A conversation counts in the month it
 * ended resolved: its end when the API or a person ended it, else its last message (the agent resolves in
 * a turn). Eval cases never count.
 */
export async function outcomeReport(ctx: WorkspaceCtx, input: OutcomeReportInput) {
  const q = outcomeReportInput.parse(input);
  const resolvedAt = sql`coalesce(c.ended_at, c.last_message_at, c.created_at)`;
  const rows = rowsOf<{ agent_id: string; name: string; slug: string; month: string; resolved: number; contained: number }>(
    await ctx.db.execute(sql`
      select c.agent_id, a.name, a.slug, to_char(${resolvedAt} at time zone ${q.timeZone}, 'YYYY-MM') as month,
        count(*)::int as resolved, count(*) filter (where c.handed_off_at is null)::int as contained
      from conversations c
      join agents a on a.id = c.agent_id and a.workspace_id = c.workspace_id
      where c.workspace_id = ${ctx.workspace.id} and c.status = 'resolved' and c.channel <> 'eval'
        and ${resolvedAt} >= (${`${q.from}-01`}::date::timestamp at time zone ${q.timeZone})
        and ${resolvedAt} < ((${`${q.to}-01`}::date + interval '1 month')::timestamp at time zone ${q.timeZone})
      group by 1, 2, 3, 4 order by 4, 2`),
  );
  const months: string[] = [];
  for (let m = Number(q.from.slice(0, 4)) * 12 + Number(q.from.slice(5)) - 1; m <= Number(q.to.slice(0, 4)) * 12 + Number(q.to.slice(5)) - 1; m++) {
    months.push(`${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`);
  }
  const table: OutcomeRow[] = rows.map((r) => ({ agentId: r.agent_id, agentName: r.name, agentSlug: r.slug, month: r.month, resolved: r.resolved, contained: r.contained }));
  return { from: q.from, to: q.to, months, rows: table, total: table.reduce((s, r) => s + r.resolved, 0) };
}

export type OutcomeReport = Awaited<ReturnType<typeof outcomeReport>>;
