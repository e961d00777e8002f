import { date, foreignKey, index, integer, pgTable, real, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { agents } from "./agents";
import { users } from "./auth";

// Anomaly alerts (issue 18 item 4): a day whose metric departed from its rolling baseline (median and
// MAD over the previous 28 days, with a day-of-week term) by more than k scaled MADs, on enough volume.
// Written by the daily check (server/services/alerts); people only acknowledge them.

export const alertMetrics = ["conversations", "escalation_rate", "resolution_rate", "denial_rate", "abandonment_rate"] as const;
export type AlertMetric = (typeof alertMetrics)[number];

export const alerts = pgTable(
  "alerts",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull(),
    agentId: uuid().notNull(),
    /** The journey whose conversations the series counts; null: all of the agent's conversations. */
    journeyId: uuid(),
    /** The journey's name when the alert fired (journeys can be renamed or deleted later). */
    journeyName: text(),
    metric: text().$type<AlertMetric>().notNull(),
    /** The UTC day that departed. */
    day: date({ mode: "string" }).notNull(),
    value: real().notNull(),
    /** The baseline's expectation for that day: the median plus the day-of-week term. */
    expected: real().notNull(),
    /** 1.4826 × MAD of the baseline's residuals (or the floor, when the baseline is flat). */
    scale: real().notNull(),
    /** (value − expected) / scale. */
    score: real().notNull(),
    threshold: real().notNull(),
    /** The day's denominator: conversations (rates, volume) or policy decisions (denial rate). */
    volume: integer().notNull(),
    /** Days of history the baseline had (28 once the agent has that much). */
    baselineDays: integer().notNull(),
    status: text().$type<"open" | "acknowledged">().notNull().default("open"),
    acknowledgedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    acknowledgedAt: timestamp({ withTimezone: true }),
    /** The webhook delivery that announced it (null: the agent has no webhook). */
    deliveryId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.agentId, t.workspaceId], foreignColumns: [agents.id, agents.workspaceId] }).onDelete("cascade"),
    // A day fires once per metric and journey, however often it is checked.
    unique().on(t.agentId, t.metric, t.journeyId, t.day).nullsNotDistinct(),
    index().on(t.workspaceId, t.agentId, t.status, t.day),
  ],
);
