import { boolean, foreignKey, jsonb, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { agents } from "./agents";

// Automatic roll back of a canary (issue 18 item 5): per agent, whether the scheduled guard check may stop
// its canary when a guard metric is significantly worse, and which guard metrics count. One row per agent
// (none: off); the check's decisions are audit rows (`release.set_canary` by the system, with the numbers).

export const guardMetricKeys = ["escalation", "denial", "csat"] as const;
export type GuardMetricKey = (typeof guardMetricKeys)[number];

export const canaryGuards = pgTable(
  "canary_guards",
  {
    agentId: uuid().primaryKey(),
    workspaceId: uuid().notNull(),
    autoRollback: boolean().notNull().default(false),
    /** The guard metrics the check watches (a subset of `guardMetricKeys`). */
    metrics: jsonb().$type<GuardMetricKey[]>().notNull().default(["escalation", "denial", "csat"]),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [foreignKey({ columns: [t.agentId, t.workspaceId], foreignColumns: [agents.id, agents.workspaceId] }).onDelete("cascade")],
);
