import "server-only";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { z } from "zod";
import type { Db } from "@/db/client";
import { channels } from "@/lib/schemas/conversation";
import { insightTables } from "@/lib/schemas/insights";
import { toCsv } from "@/server/services/insights/to-csv";
import { createCaller } from "./root";

const problem = (status: number, code: string, message: string) => Response.json({ error: { code, message } }, { status });

const paramsSchema = z.object({
  workspace: z.string().min(1, "Name the workspace (?workspace=…)"),
  table: z.enum([...insightTables, "outcomes"], { message: `Pick a table: ${[...insightTables, "outcomes"].join(", ")}` }),
  agentId: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  timeZone: z.string().optional(),
  channel: z.enum(channels, { message: `Channels are ${channels.join(", ")}` }).optional(),
  release: z.string().optional(),
  journey: z.string().optional(),
  funnelJourney: z.string().optional(),
});

/**
 * The CSV of one dashboard table (app/api/insights/csv), with the dashboard's filters in the query string.
 * It goes through the same tRPC procedures as the page, as the signed-in user: same permissions, same
 * checks, same errors (as JSON with the matching status).
 */
export async function handleInsightsCsv(ctx: { db: Db; user: { id: string; email: string; name: string } | null }, request: Request): Promise<Response> {
  if (!ctx.user) return problem(401, "unauthorized", "Sign in to continue");
  const url = new URL(request.url);
  const parsed = paramsSchema.safeParse(Object.fromEntries([...url.searchParams].filter(([, v]) => v !== "")));
  if (!parsed.success) return problem(400, "invalid", parsed.error.issues[0]!.message);
  const p = parsed.data;
  const caller = createCaller({ db: ctx.db, user: ctx.user });
  try {
    const { name, csv } = await tableCsv(caller, p);
    return new Response(csv, {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}.csv"`, "cache-control": "no-store" },
    });
  } catch (e) {
    if (e instanceof TRPCError && e.code !== "INTERNAL_SERVER_ERROR") return problem(getHTTPStatusCodeFromError(e), e.code.toLowerCase(), e.message);
    throw e;
  }
}

type Caller = ReturnType<typeof createCaller>;
type Params = z.infer<typeof paramsSchema>;

async function tableCsv(caller: Caller, p: Params): Promise<{ name: string; csv: string }> {
  if (p.table === "outcomes") {
    const r = await caller.insights.outcomeReport({ workspace: p.workspace, from: p.from ?? "", to: p.to ?? "", timeZone: p.timeZone });
    return { name: `outcomes-${r.from}-${r.to}`, csv: toCsv(["month", "agent", "agent_slug", "resolved", "contained"], r.rows.map((x) => [x.month, x.agentName, x.agentSlug, x.resolved, x.contained])) };
  }
  const filters = {
    workspace: p.workspace,
    agentId: p.agentId ?? "",
    from: p.from ?? "",
    to: p.to ?? "",
    timeZone: p.timeZone,
    channel: p.channel,
    release: p.release === undefined ? undefined : p.release === "draft" ? ("draft" as const) : Number(p.release),
    journeyId: p.journey,
  };
  const name = `${p.table}-${filters.from}-${filters.to}`;
  if (p.table === "funnel") {
    const { workspace, ...rest } = filters;
    const f = await caller.insights.journeyFunnel({ workspace, filters: rest, journeyId: p.funnelJourney ?? "" });
    const rows: (string | number)[][] = [
      ["entered", "", f.entered, ""],
      ...f.steps.map((s) => [s.label, s.nodeId, s.reached, s.left]),
      ["completed", "", f.completed, ""],
      ["escalated", "", f.escalated, ""],
      ["dropped", "", f.dropped, ""],
    ];
    return { name, csv: toCsv(["step", "node_id", "conversations", "went_no_further"], rows) };
  }
  const m = await caller.insights.agentMetrics(filters);
  const breakdown = (rows: typeof m.byChannel) =>
    toCsv(["key", "label", "conversations", "resolved", "contained", "escalated", "abandoned", "csat_average"], rows.map((b) => [b.key, b.label, b.conversations, b.resolved, b.contained, b.escalated, b.abandoned, b.csatAverage]));
  switch (p.table) {
    case "daily":
      return { name, csv: toCsv(["day", "resolved", "escalated", "abandoned", "open", "total", "previous_day", "previous_total"], m.daily.map((d) => [d.day, d.byStatus.resolved, d.byStatus.escalated, d.byStatus.abandoned, d.byStatus.open, d.total, d.previousDay, d.previousTotal])) };
    case "by-channel":
      return { name, csv: breakdown(m.byChannel) };
    case "by-release":
      return { name, csv: breakdown(m.byRelease) };
    case "by-journey":
      return { name, csv: breakdown(m.byJourney) };
    case "escalation-reasons":
      return { name, csv: toCsv(["reason", "current", "previous"], m.escalationReasons.map((r) => [r.reason, r.current, r.previous])) };
    case "policy-rules":
      return { name, csv: toCsv(["policy", "rule", "allowed", "denied", "confirmation_asked", "escalated", "total"], m.policyRules.map((r) => [r.policy, r.ruleId, r.decisions.allow, r.decisions.deny, r.decisions.require_confirmation, r.decisions.escalate, r.total])) };
    case "scores":
      return {
        name,
        csv: toCsv(
          ["criterion", "scale", "human_scores", "human_average_points", "ai_scores", "ai_average_points", "scored_by_both", "agreed"],
          m.quality.scores.map((s) => [s.name, s.scale, s.human.count, s.human.averagePoints, s.ai.count, s.ai.averagePoints, s.both, s.agreed]),
        ),
      };
  }
}
