import "server-only";
import type { LanguageModel } from "ai";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLogs, conversationAnnotations, conversationScores, scoreCriteria } from "@/db/schema";
import type { Scale } from "@/lib/schemas/scorecards";
import { pointsOf, valueFromVerdict } from "@/lib/scorecards/scale";
import type { JudgeInput, JudgeVerdict, Models } from "@/server/agent/models/types";
import { resolveModels } from "@/server/services/model-settings/resolve-models";
import { readWorkspaceSettings } from "@/server/services/model-settings/workspace-settings";
import { secretResolver } from "@/server/services/secrets/secrets";
import { judgeConversationLlm } from "./judge-llm";
import { judgeConversation, type Verdict } from "./judge-local";
import { readJudgePrompts } from "./judge-prompts";
import { loadFacts } from "./load-facts";

export interface AnnotateBatchInput {
  workspaceId: string;
  conversationIds: string[];
  /** Who asked: a reviewer's re-annotation; null for the job, the seed and the CLI. */
  actorId: string | null;
  /** What "idle for n minutes" is measured against; the clock by default. */
  now?: Date;
}

export interface AnnotationResult {
  conversationId: string;
  outcome: Verdict["outcome"];
  sentimentLabel: Verdict["sentimentLabel"];
  topic: string;
  judge: string;
  scored: { criterionId: string; name: string; value: string }[];
  skipped: { criterionId: string; name: string; reason: string }[];
}

interface AiCriterion {
  id: string;
  name: string;
  scale: Scale;
  rubric: string;
}

interface WorkspaceJudge {
  grade: (input: JudgeInput) => Promise<JudgeVerdict>;
  name: string;
  criteria: AiCriterion[];
  /** With an llm provider: the model and the workspace's prompts for outcome, sentiment and topic, or why the model cannot be used. */
  llm: { model: LanguageModel; prompts: Awaited<ReturnType<typeof readJudgePrompts>>["prompts"] } | { error: string } | null;
}

/** The workspace's judge: its models resolved as the runtime resolves them, and the AI-scored criteria. */
async function workspaceJudge(db: Db, workspaceId: string): Promise<WorkspaceJudge> {
  const settings = await readWorkspaceSettings(db, workspaceId);
  const [resolved, rows, prompts] = await Promise.all([
    // A provider that cannot be reached (a deleted key, a host not allowed) skips the criteria with the
    // reason; the rest of the annotation is the local judge's and is written. One workspace's broken
    // provider never stops the job for the others.
    resolveModels(settings.model, secretResolver(db, workspaceId), { allowHosts: settings.allowedHosts }).then(
      (r) => ({ models: r.models as Models, languageModel: r.languageModel ?? null, error: null }),
      (error: unknown) => ({ models: null, languageModel: null, error: error instanceof Error ? error.message : String(error) }),
    ),
    db
      .select({ id: scoreCriteria.id, name: scoreCriteria.name, scale: scoreCriteria.scale, aiRubric: scoreCriteria.aiRubric, description: scoreCriteria.description })
      .from(scoreCriteria)
      .where(and(eq(scoreCriteria.workspaceId, workspaceId), isNull(scoreCriteria.archivedAt), inArray(scoreCriteria.scorer, ["ai", "both"])))
      .orderBy(asc(scoreCriteria.position)),
    settings.model.kind === "llm" ? readJudgePrompts(db, workspaceId) : null,
  ]);
  // As Score with AI: the criterion's AI rubric is its prompt (editable in Settings › Scorecard), else its description.
  const criteria = rows.filter((c) => c.scale !== "choice").map((c) => ({ id: c.id, name: c.name, scale: c.scale as Scale, rubric: c.aiRubric || c.description || c.name }));
  const failed = (error: unknown): JudgeVerdict => ({ pass: false, score: 0, undecided: true, reasoning: `the judge failed: ${error instanceof Error ? error.message : String(error)}` });
  const grade = (input: JudgeInput) => (resolved.models ? resolved.models.judge(input).catch(failed) : Promise.resolve(failed(new Error(resolved.error ?? "no model"))));
  const llm = settings.model.kind !== "llm" ? null : resolved.languageModel && prompts ? { model: resolved.languageModel, prompts: prompts.prompts } : { error: resolved.error ?? "no model" };
  return { grade, name: settings.model.kind === "llm" ? settings.model.chatModel : "local judge", criteria, llm };
}

/**
 * Outcome, sentiment and topic by the workspace's model when it has an llm provider (one structured call),
 * else the local judge's. A failed call keeps the local verdict and says why (`why`, stored as the
 * annotation's `model` rationale, and `error` in the audit row): never swallowed.
 */
async function modelVerdict(judge: WorkspaceJudge, local: Verdict, transcript: JudgeInput["transcript"]): Promise<{ verdict: Verdict; why: string | null; error: string | null }> {
  if (!judge.llm || transcript.length === 0) return { verdict: local, why: null, error: null };
  const fallback = (error: string) => ({ verdict: local, why: `${judge.name} failed (${error.slice(0, 200)}): outcome, sentiment and topic are the local judge's`, error });
  if ("error" in judge.llm) return fallback(judge.llm.error);
  try {
    const m = await judgeConversationLlm(judge.llm.model, judge.llm.prompts, transcript);
    return {
      verdict: { ...local, outcome: m.outcome, sentiment: m.sentiment, sentimentLabel: m.sentimentLabel, topic: m.topic, rationales: { ...local.rationales, ...m.rationales } },
      why: `outcome, sentiment and topic by ${judge.name}; policy flags and grounding by the local judge`,
      error: null,
    };
  } catch (error) {
    return fallback(error instanceof Error ? error.message : String(error));
  }
}

const summary = (a: { outcome: string; sentimentLabel: string; topic: string; flags: unknown[]; ungrounded: unknown[] }) => ({
  outcome: a.outcome,
  sentiment: a.sentimentLabel,
  topic: a.topic,
  flags: a.flags.length,
  ungrounded: a.ungrounded.length,
});

/**
 * Annotates a batch of one workspace's conversations: the local judge's outcome, sentiment, topic, policy
 * flags and ungrounded claims from what is stored, and the scorecard's AI criteria through the workspace's
 * judge model. Replaces each conversation's annotation and its AI scores in one transaction, with one audit
 * row per conversation; people's scores are never read for writing, let alone replaced.
 */
export async function annotateConversations(db: Db, input: AnnotateBatchInput): Promise<AnnotationResult[]> {
  const now = input.now ?? new Date();
  const [facts, judge] = await Promise.all([loadFacts(db, input.workspaceId, input.conversationIds), workspaceJudge(db, input.workspaceId)]);
  if (facts.length === 0) return [];

  // Model calls run before the transaction: a slow provider holds no lock.
  const judged = await Promise.all(
    facts.map(async (f) => {
      const local = judgeConversation(f, now);
      const transcript: JudgeInput["transcript"] = f.messages
        .filter((m) => m.role === "customer" || m.role === "agent" || m.role === "human")
        .map((m) => ({ role: m.role === "customer" ? "customer" : "agent", text: m.text }));
      const [model, grades] = await Promise.all([
        modelVerdict(judge, local, transcript),
        transcript.length === 0 ? [] : Promise.all(judge.criteria.map((c) => judge.grade({ rubric: c.rubric, transcript }))),
      ]);
      const verdict = model.verdict;
      const scored: (AnnotationResult["scored"][number] & { scale: Scale; rationale: string })[] = [];
      const skipped: AnnotationResult["skipped"] = [];
      for (const [i, grade] of grades.entries()) {
        const c = judge.criteria[i]!;
        const value = grade.undecided ? null : valueFromVerdict(c.scale, grade);
        if (value === null) skipped.push({ criterionId: c.id, name: c.name, reason: grade.reasoning });
        else scored.push({ criterionId: c.id, name: c.name, value, scale: c.scale, rationale: grade.reasoning });
      }
      const criteriaWhy =
        judge.criteria.length === 0
          ? "no criterion is scored by the AI"
          : `${judge.name} scored ${scored.length} of ${judge.criteria.length} AI criteria` +
            (skipped.length ? `; skipped ${skipped.map((s) => `${s.name} (${s.reason})`).join(", ")}` : "");
      return { id: f.id, verdict, scored, skipped, criteriaWhy, modelWhy: model.why, modelError: model.error };
    }),
  );

  return db.transaction(async (tx) => {
    const ids = judged.map((j) => j.id);
    const before = new Map(
      (await tx.select().from(conversationAnnotations).where(and(eq(conversationAnnotations.workspaceId, input.workspaceId), inArray(conversationAnnotations.conversationId, ids)))).map((a) => [
        a.conversationId,
        a,
      ]),
    );
    const annotatedAt = new Date();
    const rows = judged.map((j) => ({
      workspaceId: input.workspaceId,
      conversationId: j.id,
      outcome: j.verdict.outcome,
      sentiment: j.verdict.sentiment,
      sentimentLabel: j.verdict.sentimentLabel,
      topic: j.verdict.topic,
      flags: j.verdict.flags,
      ungrounded: j.verdict.ungrounded,
      rationales: { ...j.verdict.rationales, criteria: j.criteriaWhy, ...(j.modelWhy ? { model: j.modelWhy } : {}) },
      judge: judge.name,
      annotatedAt,
    }));
    await tx
      .insert(conversationAnnotations)
      .values(rows)
      .onConflictDoUpdate({
        target: conversationAnnotations.conversationId,
        set: {
          outcome: sql`excluded.outcome`,
          sentiment: sql`excluded.sentiment`,
          sentimentLabel: sql`excluded.sentiment_label`,
          topic: sql`excluded.topic`,
          flags: sql`excluded.flags`,
          ungrounded: sql`excluded.ungrounded`,
          rationales: sql`excluded.rationales`,
          judge: sql`excluded.judge`,
          annotatedAt: sql`excluded.annotated_at`,
        },
      });
    const scores = judged.flatMap((j) =>
      j.scored.map((s) => ({
        workspaceId: input.workspaceId,
        conversationId: j.id,
        criterionId: s.criterionId,
        kind: "ai",
        value: s.value,
        points: pointsOf(s.scale, s.value),
        authorId: null,
        authorName: judge.name,
        rationale: s.rationale,
        updatedAt: annotatedAt,
      })),
    );
    if (scores.length > 0) {
      // The conflict target names the kind: an AI score replaces the AI's, never a person's.
      await tx
        .insert(conversationScores)
        .values(scores)
        .onConflictDoUpdate({
          target: [conversationScores.conversationId, conversationScores.criterionId, conversationScores.kind],
          set: { value: sql`excluded.value`, points: sql`excluded.points`, authorName: sql`excluded.author_name`, rationale: sql`excluded.rationale`, updatedAt: sql`excluded.updated_at` },
        });
    }
    await tx.insert(auditLogs).values(
      judged.map((j, i) => {
        const was = before.get(j.id);
        return {
          workspaceId: input.workspaceId,
          actorId: input.actorId,
          action: "conversation.annotate",
          targetType: "conversation",
          targetId: j.id,
          before: was ? { ...summary(was), judge: was.judge } : null,
          after: { ...summary(rows[i]!), judge: judge.name, aiScores: Object.fromEntries(j.scored.map((s) => [s.name, s.value])), ...(j.modelError ? { modelError: j.modelError } : {}) },
        };
      }),
    );
    return judged.map((j) => ({
      conversationId: j.id,
      outcome: j.verdict.outcome,
      sentimentLabel: j.verdict.sentimentLabel,
      topic: j.verdict.topic,
      judge: judge.name,
      scored: j.scored.map(({ criterionId, name, value }) => ({ criterionId, name, value })),
      skipped: j.skipped,
    }));
  });
}
