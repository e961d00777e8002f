import "server-only";
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import {
  agents,
  apiKeys,
  cannedReplies,
  conversations,
  documents,
  invites,
  journeys,
  knowledgeBases,
  policies,
  releases,
  scoreCriteria,
  secrets,
  tags,
  tools,
  users,
  widgetKeys,
} from "@/db/schema";
import type { WorkspaceCtx } from "@/server/services/context";

interface Named {
  table: PgTable;
  id: PgColumn;
  workspaceId?: PgColumn;
  name: SQL<string | null>;
}

// How each audited target type is named today. Members are users (not tenant rows: the audit row that
// points at them is); everything else is looked up inside the caller's workspace only.
const sources: Record<string, Named> = {
  agent: { table: agents, id: agents.id, workspaceId: agents.workspaceId, name: sql<string>`${agents.name}` },
  journey: { table: journeys, id: journeys.id, workspaceId: journeys.workspaceId, name: sql<string>`${journeys.name}` },
  policy: { table: policies, id: policies.id, workspaceId: policies.workspaceId, name: sql<string>`${policies.name}` },
  tool: { table: tools, id: tools.id, workspaceId: tools.workspaceId, name: sql<string>`${tools.name}` },
  knowledge_base: { table: knowledgeBases, id: knowledgeBases.id, workspaceId: knowledgeBases.workspaceId, name: sql<string>`${knowledgeBases.name}` },
  document: { table: documents, id: documents.id, workspaceId: documents.workspaceId, name: sql<string>`${documents.title}` },
  secret: { table: secrets, id: secrets.id, workspaceId: secrets.workspaceId, name: sql<string>`${secrets.name}` },
  api_key: { table: apiKeys, id: apiKeys.id, workspaceId: apiKeys.workspaceId, name: sql<string>`${apiKeys.name}` },
  widget_key: {
    table: widgetKeys,
    id: widgetKeys.id,
    workspaceId: widgetKeys.workspaceId,
    name: sql<string>`(select ${agents.name} from ${agents} where ${agents.id} = ${widgetKeys.agentId}) || ' widget'`,
  },
  release: {
    table: releases,
    id: releases.id,
    workspaceId: releases.workspaceId,
    name: sql<string>`(select ${agents.name} from ${agents} where ${agents.id} = ${releases.agentId}) || ', release ' || ${releases.number}`,
  },
  invite: { table: invites, id: invites.id, workspaceId: invites.workspaceId, name: sql<string>`coalesce(${invites.email}, 'link invite') || ' (' || ${invites.role} || ')'` },
  tag: { table: tags, id: tags.id, workspaceId: tags.workspaceId, name: sql<string>`${tags.name}` },
  score_criterion: { table: scoreCriteria, id: scoreCriteria.id, workspaceId: scoreCriteria.workspaceId, name: sql<string>`${scoreCriteria.name}` },
  canned_reply: { table: cannedReplies, id: cannedReplies.id, workspaceId: cannedReplies.workspaceId, name: sql<string>`${cannedReplies.title}` },
  conversation: {
    table: conversations,
    id: conversations.id,
    workspaceId: conversations.workspaceId,
    name: sql<string>`'Conversation with ' || coalesce(${conversations.customer}->>'name', ${conversations.customer}->>'email', 'a customer')`,
  },
  member: { table: users, id: users.id, name: sql<string>`${users.name}` },
};

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A name kept in the entry itself: what a deleted target was called when it was deleted. */
function snapshotName(entry: { before: unknown; after: unknown }): string | null {
  for (const snapshot of [entry.after, entry.before]) {
    if (typeof snapshot !== "object" || snapshot === null) continue;
    const s = snapshot as Record<string, unknown>;
    for (const key of ["name", "title", "email"]) if (typeof s[key] === "string" && s[key]) return s[key];
  }
  return null;
}

export interface AuditTarget {
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
}

/**
 * A readable name for each entry's target: its current name, else the name its snapshot recorded (it
 * was deleted), else null and the UI says what kind of thing it was. One query per target type.
 */
export async function nameAuditTargets(ctx: WorkspaceCtx, entries: AuditTarget[]): Promise<(string | null)[]> {
  const names = new Map<string, string>();
  const byType = new Map<string, AuditTarget[]>();
  for (const e of entries) byType.set(e.targetType, [...(byType.get(e.targetType) ?? []), e]);
  await Promise.all(
    [...byType].map(async ([type, group]) => {
      if (type === "workspace") return void names.set(`workspace:${ctx.workspace.id}`, ctx.workspace.name);
      const source = sources[type];
      // Target ids are text in the log; only well-formed uuids can match a uuid column.
      const ids = [...new Set(group.map((e) => e.targetId).filter((id) => uuidPattern.test(id)))];
      if (!source || ids.length === 0) return;
      const rows = await ctx.db
        .select({ id: source.id, name: source.name })
        .from(source.table)
        .where(and(inArray(source.id, ids), source.workspaceId ? eq(source.workspaceId, ctx.workspace.id) : undefined));
      for (const row of rows) if (row.name) names.set(`${type}:${row.id as string}`, row.name);
    }),
  );
  return entries.map((e) => names.get(`${e.targetType}:${e.targetId}`) ?? snapshotName(e));
}
