import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { alerts, users } from "@/db/schema";
import { type ListAlertsInput, listAlertsInput } from "@/lib/schemas/alerts";
import { getAgent } from "@/server/services/agents/agents";
import type { WorkspaceCtx } from "@/server/services/context";
import { BASELINE_DAYS } from "./baseline";
import { METRICS } from "./daily-series";

export const alertColumns = {
  id: alerts.id,
  agentId: alerts.agentId,
  journeyId: alerts.journeyId,
  journeyName: alerts.journeyName,
  metric: alerts.metric,
  day: alerts.day,
  value: alerts.value,
  expected: alerts.expected,
  scale: alerts.scale,
  score: alerts.score,
  threshold: alerts.threshold,
  volume: alerts.volume,
  baselineDays: alerts.baselineDays,
  status: alerts.status,
  acknowledgedAt: alerts.acknowledgedAt,
  acknowledgedBy: { id: users.id, name: users.name },
  deliveryId: alerts.deliveryId,
  createdAt: alerts.createdAt,
};

/** An agent's alerts, newest day first, open ones before acknowledged ones of the same day. */
export async function listAlerts(ctx: WorkspaceCtx, input: ListAlertsInput) {
  const q = listAlertsInput.parse(input);
  const agent = await getAgent(ctx, q.agentId); // another workspace's agent is NOT_FOUND, not an empty list
  const rows = await ctx.db
    .select(alertColumns)
    .from(alerts)
    .leftJoin(users, eq(users.id, alerts.acknowledgedBy))
    .where(and(eq(alerts.workspaceId, ctx.workspace.id), eq(alerts.agentId, agent.id), q.status ? eq(alerts.status, q.status) : undefined))
    .orderBy(desc(alerts.day), desc(alerts.status), desc(alerts.score), alerts.id)
    .limit(q.limit);
  return {
    alerts: rows.map((r) => ({ ...r, metricLabel: METRICS[r.metric].label, acknowledgedBy: r.acknowledgedBy?.id ? r.acknowledgedBy : null })),
    baselineDays: BASELINE_DAYS,
  };
}
