import { index, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import type { Persona } from "@/lib/schemas/persona";
import { workspaces } from "./workspaces";

export const agents = pgTable(
  "agents",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    slug: text().notNull(),
    name: text().notNull(),
    description: text().notNull().default(""),
    persona: jsonb().$type<Persona>().notNull(),
    // Guardrails and supervisor triggers (lib/schemas), and the demo store a seeded agent talks to.
    settings: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.workspaceId, t.slug), unique().on(t.id, t.workspaceId), index().on(t.workspaceId)],
);
