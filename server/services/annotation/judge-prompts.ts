import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { workspaces } from "@/db/schema";
import { DEFAULT_JUDGE_PROMPTS, type JudgePromptField, judgePromptFields, reviewSettingsSchema, type setJudgePromptsInput } from "@/lib/schemas/annotation";
import { notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";

// The llm judge's instruction per conversation-level field (outcome, sentiment, topic):
// workspaces.settings.review.judgePrompts, each the default when unset (no migration, as the threshold).

export interface JudgePrompts {
  /** What the model is told per field: the workspace's own, else the default. */
  prompts: Record<JudgePromptField, string>;
  /** Which fields the workspace has changed. */
  custom: Record<JudgePromptField, boolean>;
  defaults: Record<JudgePromptField, string>;
}

const customOf = (settings: unknown): Partial<Record<JudgePromptField, string>> => {
  const review = reviewSettingsSchema.safeParse((settings as { review?: unknown } | null)?.review ?? {});
  return (review.success ? review.data.judgePrompts : undefined) ?? {};
};

function effective(settings: unknown): JudgePrompts {
  const own = customOf(settings);
  const prompts = {} as Record<JudgePromptField, string>;
  const custom = {} as Record<JudgePromptField, boolean>;
  for (const field of judgePromptFields) {
    const text = own[field]?.trim();
    prompts[field] = text || DEFAULT_JUDGE_PROMPTS[field];
    custom[field] = Boolean(text);
  }
  return { prompts, custom, defaults: DEFAULT_JUDGE_PROMPTS };
}

export async function readJudgePrompts(db: Db, workspaceId: string): Promise<JudgePrompts> {
  const [row] = await db.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, workspaceId)).limit(1);
  if (!row) throw notFound("Workspace");
  return effective(row.settings);
}

/** Admins set the prompts (an empty one goes back to the default); before and after are audited. */
export async function setJudgePrompts(ctx: WorkspaceCtx, input: z.output<typeof setJudgePromptsInput>): Promise<JudgePrompts> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, ctx.workspace.id)).for("update");
    const settings = (row?.settings ?? {}) as Record<string, unknown>;
    const before = customOf(settings);
    // Only what differs from the default is stored: a default edited back to itself is no custom prompt.
    const judgePrompts = Object.fromEntries(judgePromptFields.flatMap((f) => (input[f] && input[f] !== DEFAULT_JUDGE_PROMPTS[f] ? [[f, input[f]]] : [])));
    const review = { ...((settings.review as Record<string, unknown> | undefined) ?? {}), judgePrompts };
    const next = { ...settings, review };
    await tx.update(workspaces).set({ settings: next }).where(eq(workspaces.id, ctx.workspace.id));
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "workspace.judge_prompts",
      targetType: "workspace",
      targetId: ctx.workspace.id,
      before: { judgePrompts: before },
      after: { judgePrompts },
    });
    return effective(next);
  });
}
