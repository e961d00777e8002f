import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alerts } from "@/db/schema";
import { type CheckAlertsInput, checkAlertsInput } from "@/lib/schemas/alerts";
import { addDays } from "@/lib/schemas/insights";
import { getAgent } from "@/server/services/agents/agents";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { BASELINE_DAYS, judgeDay } from "./baseline";
import { dailySeries, METRICS } from "./daily-series";
import { sendAlertWebhook } from "./send-alert-webhook";

export interface CheckOptions {
  workspaceId: string;
  agentId: string;
  /** The last `days` complete UTC days before `now` are judged. */
  days: number;
  threshold: number;
  minVolume: number;
  now?: Date;
}

export interface CheckReport {
  /** The days judged, oldest first. */
  from: string;
  to: string;
  /** Series (metric × journey) × days that had a baseline to be judged against. */
  judged: number;
  /** Days judged with less than the full 28-day baseline (the agent's history is shorter). */
  shortBaseline: number;
  created: (typeof alerts.$inferSelect)[];
}

export const utcDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Judges each complete day of the period for every metric, overall and per journey, against its rolling
 * baseline (baseline.ts), and stores the days that depart as alerts — once: a day that fired before is
 * left as it is (acknowledged or not). Each new alert is announced to the agent's webhook in the same
 * transaction. Today is never judged: it is not over.
 */
export async function checkAnomalies(db: Db, opts: CheckOptions): Promise<CheckReport> {
  const to = addDays(utcDay(opts.now ?? new Date()), -1);
  const from = addDays(to, -(opts.days - 1));
  const series = await dailySeries(db, { workspaceId: opts.workspaceId, agentId: opts.agentId, from: addDays(from, -BASELINE_DAYS), to });
  const report: CheckReport = { from, to, judged: 0, shortBaseline: 0, created: [] };
  const found: (typeof alerts.$inferInsert)[] = [];
  for (const s of series) {
    const spec = METRICS[s.metric];
    for (let i = BASELINE_DAYS; i < s.points.length; i++) {
      const judged = judgeDay(s.points, i, { kind: spec.kind, direction: spec.direction, threshold: opts.threshold, minVolume: opts.minVolume });
      if (!judged) continue;
      report.judged += 1;
      if (judged.baseline.days < BASELINE_DAYS) report.shortBaseline += 1;
      if (!judged.anomalous) continue;
      const point = s.points[i]!;
      found.push({
        workspaceId: opts.workspaceId,
        agentId: opts.agentId,
        journeyId: s.journeyId,
        journeyName: s.journeyName,
        metric: s.metric,
        day: point.day,
        value: point.value!,
        expected: judged.baseline.expected,
        scale: judged.baseline.scale,
        score: judged.score,
        threshold: opts.threshold,
        volume: point.volume,
        baselineDays: judged.baseline.days,
      });
    }
  }
  if (found.length === 0) return report;
  await db.transaction(async (tx) => {
    // Unique per (agent, metric, journey, day), nulls not distinct: a day already alerted stays as it was.
    const inserted = await tx.insert(alerts).values(found).onConflictDoNothing().returning();
    for (const alert of inserted) {
      const deliveryId = await sendAlertWebhook(tx, alert);
      if (deliveryId) await tx.update(alerts).set({ deliveryId }).where(sql`${alerts.id} = ${alert.id}`);
      report.created.push({ ...alert, deliveryId });
    }
  });
  report.created.sort((a, b) => a.day.localeCompare(b.day) || a.metric.localeCompare(b.metric));
  return report;
}

/** "Check now" from the studio: the last `days` days of one agent of the caller's workspace (audited). */
export async function checkAgentAnomalies(ctx: WorkspaceCtx, input: CheckAlertsInput) {
  const q = checkAlertsInput.parse(input);
  const agent = await getAgent(ctx, q.agentId); // another workspace's agent is NOT_FOUND
  const report = await checkAnomalies(ctx.db, { workspaceId: ctx.workspace.id, agentId: agent.id, days: q.days, threshold: q.threshold, minVolume: q.minVolume });
  await ctx.db.transaction((tx) =>
    recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "alerts.check",
      targetType: "agent",
      targetId: agent.id,
      after: { from: report.from, to: report.to, judged: report.judged, created: report.created.map((a) => a.id) },
    }),
  );
  return { from: report.from, to: report.to, judged: report.judged, shortBaseline: report.shortBaseline, created: report.created.length };
}
