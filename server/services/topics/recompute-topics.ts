import "server-only";
import type { LanguageModel } from "ai";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { conversationTopics, topicRuns, topics } from "@/db/schema";
import { recomputeTopicsInput } from "@/lib/schemas/topics";
import type { Models } from "@/server/agent/models";
import { getAgent } from "@/server/services/agents/agents";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { buildTurnContext } from "@/server/services/runtime/build-turn-context";
import { clusterVectors, cosineOfUnit } from "./cluster";
import { nameTopics } from "./name-topics";
import { distinctiveTerms, labelFromTerms, termsOf } from "./terms";

/** Conversations started in this many days before the run are clustered… */
export const TOPIC_WINDOW_DAYS = 60;
/** …the most recent this many of them. */
export const MAX_TOPIC_CONVERSATIONS = 2000;
const EMBED_BATCH = 256;
const EXAMPLES = 4;

export interface RecomputeOptions {
  workspaceId: string;
  agentId: string;
  now?: Date;
  /** The workspace's models, when the caller has them (else they are resolved from its settings). */
  models?: Pick<Models, "embed">;
  /** Names the topics in one call when given (an llm provider); otherwise they are labelled by their terms. */
  languageModel?: LanguageModel;
}

export interface RecomputeReport {
  runId: string;
  conversations: number;
  topics: number;
  labelledBy: "terms" | "llm";
  /** Why the model's names were not used, when it was asked and failed. */
  namingError: string | null;
  durationMs: number;
}

/**
 * What the customer wanted, per conversation: their first message, and their second as well when the
 * first says too little ("hi", "help please").
 */
export function requestText(messages: readonly string[]): string {
  const [first = "", second] = messages;
  return termsOf(first).length < 3 && second ? `${first}\n${second}` : first;
}

/**
 * Re-clusters an agent's conversations: embeds each one's request with the workspace's embedder, clusters
 * them (cluster.ts: seeded k-means, k by silhouette), labels each cluster by its c-TF-IDF terms (or the
 * model's names), and replaces the agent's topics and assignments in one transaction. The same
 * conversations give the same topics.
 */
export async function recomputeTopics(db: Db, opts: RecomputeOptions): Promise<RecomputeReport> {
  const started = performance.now();
  const now = opts.now ?? new Date();
  const windowStart = new Date(now.getTime() - TOPIC_WINDOW_DAYS * 86_400_000);
  let models = opts.models;
  let languageModel = opts.languageModel;
  if (!models) {
    const turnCtx = await buildTurnContext(db, { workspaceId: opts.workspaceId, appUrl: "" });
    models = turnCtx.models;
    languageModel ??= turnCtx.languageModel;
  }

  const rows = rowsOf<{ id: string; texts: string[] | null }>(
    await db.execute(sql`
      select c.id, (select array_agg(m.text order by m.created_at, m.id) from (
          select m.text, m.created_at, m.id from messages m
          where m.conversation_id = c.id and m.workspace_id = c.workspace_id and m.role = 'customer'
          order by m.created_at, m.id limit 2) m) as texts
      from (select id, workspace_id, created_at from conversations
            where workspace_id = ${opts.workspaceId} and agent_id = ${opts.agentId} and channel <> 'eval'
              and created_at >= ${windowStart.toISOString()}::timestamptz and created_at < ${now.toISOString()}::timestamptz
            order by created_at desc, id desc limit ${MAX_TOPIC_CONVERSATIONS}) c
      order by c.created_at, c.id`),
  );
  const docs = rows.filter((r) => r.texts && r.texts.length > 0).map((r) => ({ id: r.id, text: requestText(r.texts!) }));

  const vectors: number[][] = [];
  for (let i = 0; i < docs.length; i += EMBED_BATCH) vectors.push(...(await models.embed(docs.slice(i, i + EMBED_BATCH).map((d) => d.text))));
  const clustering = clusterVectors(vectors);

  const clusters = clustering
    ? distinctiveTerms(
        docs.map((d) => d.text),
        clustering.assignments,
        clustering.k,
      ).map((t, c) => {
        const members = docs.map((d, i) => ({ text: d.text, i })).filter(({ i }) => clustering.assignments[i] === c);
        const nearest = members.map((m) => ({ ...m, sim: cosineOfUnit(vectors[m.i]!, clustering.centroids[c]!) })).sort((a, b) => b.sim - a.sim || a.i - b.i);
        const examples = [...new Set(nearest.map((m) => m.text.trim()))].slice(0, EXAMPLES);
        return { terms: t.terms, label: labelFromTerms(t.terms), examples, size: members.length };
      })
    : [];

  let labelledBy: "terms" | "llm" = "terms";
  let namingError: string | null = null;
  if (languageModel && clusters.length > 0) {
    try {
      const names = await nameTopics(languageModel, clusters.map((c, id) => ({ id, terms: c.terms, examples: c.examples })));
      clusters.forEach((c, id) => (c.label = names.get(id)!));
      labelledBy = "llm";
    } catch (e) {
      // The terms still say what each topic is about; the report says why the names failed.
      namingError = e instanceof Error ? e.message : String(e);
    }
  }

  const durationMs = Math.round(performance.now() - started);
  const runId = await db.transaction(async (tx) => {
    // Replacing the run removes its topics and their assignments (cascade).
    await tx.delete(topicRuns).where(and(eq(topicRuns.agentId, opts.agentId), eq(topicRuns.workspaceId, opts.workspaceId)));
    const [run] = await tx
      .insert(topicRuns)
      .values({ workspaceId: opts.workspaceId, agentId: opts.agentId, conversations: docs.length, windowStart, windowEnd: now, labelledBy, silhouette: clustering?.silhouette ?? null, durationMs })
      .returning({ id: topicRuns.id });
    if (!clustering) return run!.id;
    const inserted = await tx
      .insert(topics)
      .values(
        clusters.map((c, position) => ({
          workspaceId: opts.workspaceId,
          agentId: opts.agentId,
          runId: run!.id,
          position,
          label: c.label,
          terms: c.terms,
          examples: c.examples,
          centroid: clustering.centroids[position]!.map((x) => Math.round(x * 1e6) / 1e6),
          size: c.size,
        })),
      )
      .returning({ id: topics.id, position: topics.position });
    const idOf = new Map(inserted.map((t) => [t.position, t.id]));
    const assignments = docs.map((d, i) => ({
      workspaceId: opts.workspaceId,
      conversationId: d.id,
      topicId: idOf.get(clustering.assignments[i]!)!,
      similarity: cosineOfUnit(vectors[i]!, clustering.centroids[clustering.assignments[i]!]!),
    }));
    for (let i = 0; i < assignments.length; i += 500) await tx.insert(conversationTopics).values(assignments.slice(i, i + 500));
    return run!.id;
  });
  return { runId, conversations: docs.length, topics: clusters.length, labelledBy, namingError, durationMs };
}

/** "Recompute" from the studio: re-clusters one agent of the caller's workspace now (audited). */
export async function recomputeAgentTopics(ctx: WorkspaceCtx, input: { agentId: string }) {
  const { agentId } = recomputeTopicsInput.parse(input);
  const agent = await getAgent(ctx, agentId); // another workspace's agent is NOT_FOUND
  const report = await recomputeTopics(ctx.db, { workspaceId: ctx.workspace.id, agentId: agent.id });
  await ctx.db.transaction((tx) =>
    recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "topics.recompute",
      targetType: "agent",
      targetId: agent.id,
      after: { conversations: report.conversations, topics: report.topics, labelledBy: report.labelledBy },
    }),
  );
  return report;
}
