import "server-only";
import { and, eq } from "drizzle-orm";
import { alerts, users } from "@/db/schema";
import { alertIdInput } from "@/lib/schemas/alerts";
import { addDays } from "@/lib/schemas/insights";
import { notFound } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";
import { BASELINE_DAYS, judgeDay } from "./baseline";
import { utcDay } from "./check-anomalies";
import { dailySeries, METRICS } from "./daily-series";
import { alertColumns } from "./list-alerts";

/** Days shown after the alert's day, when they have passed. */
const AFTER_DAYS = 7;

/**
 * One alert with the chart that fired it: the metric's daily series from 28 days before the day to a
 * week after, and for each day the baseline band (expected ± threshold × scale) as the check computes it.
 */
export async function getAlert(ctx: WorkspaceCtx, input: { alertId: string }) {
  const { alertId } = alertIdInput.parse(input);
  const [alert] = await ctx.db
    .select(alertColumns)
    .from(alerts)
    .leftJoin(users, eq(users.id, alerts.acknowledgedBy))
    .where(and(eq(alerts.id, alertId), eq(alerts.workspaceId, ctx.workspace.id)))
    .limit(1);
  if (!alert) throw notFound("Alert");
  const spec = METRICS[alert.metric];
  const lastDay = addDays(utcDay(new Date()), -1);
  const end = addDays(alert.day, AFTER_DAYS) < lastDay ? addDays(alert.day, AFTER_DAYS) : lastDay < alert.day ? alert.day : lastDay;
  const shownFrom = addDays(alert.day, -BASELINE_DAYS);
  // Each shown day needs its own 28 days before it for its band.
  const [series] = await dailySeries(ctx.db, {
    workspaceId: ctx.workspace.id,
    agentId: alert.agentId,
    from: addDays(shownFrom, -BASELINE_DAYS),
    to: end,
    journeyId: alert.journeyId,
    metric: alert.metric,
  });
  const points = series?.points ?? [];
  const chart = points.slice(BASELINE_DAYS).map((p, i) => {
    const j = judgeDay(points, i + BASELINE_DAYS, { kind: spec.kind, direction: spec.direction, threshold: alert.threshold, minVolume: 0 });
    return {
      day: p.day,
      value: p.value,
      volume: p.volume,
      expected: j?.baseline.expected ?? null,
      low: j ? Math.max(0, j.baseline.expected - alert.threshold * j.baseline.scale) : null,
      high: j ? (spec.kind === "rate" ? Math.min(1, j.baseline.expected + alert.threshold * j.baseline.scale) : j.baseline.expected + alert.threshold * j.baseline.scale) : null,
      fired: p.day === alert.day,
    };
  });
  return { alert: { ...alert, metricLabel: METRICS[alert.metric].label, kind: spec.kind, acknowledgedBy: alert.acknowledgedBy?.id ? alert.acknowledgedBy : null }, chart };
}
