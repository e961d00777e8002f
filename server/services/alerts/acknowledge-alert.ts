import "server-only";
import { and, eq } from "drizzle-orm";
import { alerts, users } from "@/db/schema";
import { alertIdInput } from "@/lib/schemas/alerts";
import { conflict, notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";

/** Marks an open alert as seen by the caller (audited). A second acknowledgement is a conflict that says who and when. */
export async function acknowledgeAlert(ctx: WorkspaceCtx, input: { alertId: string }) {
  const { alertId } = alertIdInput.parse(input);
  return ctx.db.transaction(async (tx) => {
    const [alert] = await tx
      .select({ id: alerts.id, status: alerts.status, acknowledgedAt: alerts.acknowledgedAt, by: users.name })
      .from(alerts)
      .leftJoin(users, eq(users.id, alerts.acknowledgedBy))
      .where(and(eq(alerts.id, alertId), eq(alerts.workspaceId, ctx.workspace.id)))
      .for("update", { of: alerts })
      .limit(1);
    if (!alert) throw notFound("Alert");
    if (alert.status === "acknowledged") {
      const when = alert.acknowledgedAt?.toISOString().replace("T", " ").slice(0, 16);
      throw conflict(`This alert was already acknowledged${alert.by ? ` by ${alert.by}` : ""}${when ? ` on ${when} UTC` : ""}: there is nothing left to do`);
    }
    const [updated] = await tx
      .update(alerts)
      .set({ status: "acknowledged", acknowledgedBy: ctx.userId, acknowledgedAt: new Date() })
      .where(and(eq(alerts.id, alertId), eq(alerts.workspaceId, ctx.workspace.id)))
      .returning({ id: alerts.id, status: alerts.status, acknowledgedAt: alerts.acknowledgedAt });
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "alert.acknowledge",
      targetType: "alert",
      targetId: alertId,
      before: { status: "open" },
      after: { status: "acknowledged" },
    });
    return updated!;
  });
}
