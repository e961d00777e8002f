import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { conversations, evalSuites } from "@/db/schema";
import { caseFields, suiteFields } from "@/lib/schemas/evals";
import { loadDraftConfig } from "@/server/agent/config/load-draft-config";
import { can } from "@/server/authz/permissions";
import { forbidden, invalid, notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { appendCase, parseCaseDefinition } from "./cases";
import { checkCaseAgainstAgent } from "./check-case";
import { findSuite, findSuiteByName, suiteNameTaken, suiteSnapshot } from "./suites";

// "Make this a test" saved: the case the studio proposed from a conversation (and its corrections), as
// edited, into a suite of the conversation's agent — an existing one or a new one made here, in one
// transaction. Guarded by "evals:cases_from_review", which reviewers hold: they add cases, nothing more.
// Without "evals:write" the suite may not be gating and the case may not be a known failure (both
// decide what blocks publishing), and no suite is edited.

export const saveCaseFromConversationInput = z
  .object({
    conversationId: z.uuid("Unknown conversation id"),
    /** An existing suite of the conversation's agent; or null with `newSuiteName`. */
    suiteId: z.uuid("Unknown suite id").nullish(),
    newSuiteName: suiteFields.name.optional(),
    ...caseFields,
    definition: z.unknown(),
  })
  .refine((v) => Boolean(v.suiteId) !== Boolean(v.newSuiteName), { path: ["suiteId"], message: "Pick a suite, or name a new one (not both)" });

export async function saveCaseFromConversation(ctx: WorkspaceCtx, input: z.input<typeof saveCaseFromConversationInput>) {
  const { conversationId, suiteId, newSuiteName, definition: raw, ...fields } = saveCaseFromConversationInput.parse(input);
  const evalsWriter = can(ctx.role, "evals:write");
  if (fields.knownFailure && !evalsWriter) throw forbidden(`Your role (${ctx.role}) cannot mark a known failure (it needs "evals:write"): leave "Known failure" empty`);
  const [conversation] = await ctx.db
    .select({ agentId: conversations.agentId })
    .from(conversations)
    .where(and(eq(conversations.id, conversationId), eq(conversations.workspaceId, ctx.workspace.id)));
  if (!conversation) throw notFound("Conversation");
  const definition = parseCaseDefinition(raw);
  checkCaseAgainstAgent(await loadDraftConfig(ctx.db, { workspaceId: ctx.workspace.id, agentId: conversation.agentId }), definition);

  return ctx.db.transaction(async (tx) => {
    let suite;
    if (suiteId) {
      suite = await findSuite(tx, ctx, suiteId);
      if (suite.agentId !== conversation.agentId) throw invalid(`"${suite.name}" is another agent's suite: pick one of this conversation's agent`);
      if (suite.gating && !evalsWriter) throw forbidden(`"${suite.name}" gates publishing, and your role (${ctx.role}) cannot add to a gating suite: pick another suite or a new one`);
    } else {
      const name = newSuiteName!;
      if (await findSuiteByName(tx, ctx, { agentId: conversation.agentId, name })) throw suiteNameTaken(name);
      const [row] = await tx
        .insert(evalSuites)
        .values({ workspaceId: ctx.workspace.id, agentId: conversation.agentId, name, description: "", gating: false, createdBy: ctx.userId })
        .onConflictDoNothing()
        .returning();
      if (!row) throw suiteNameTaken(name);
      await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "eval_suite.create", targetType: "eval_suite", targetId: row.id, after: suiteSnapshot(row) });
      suite = row;
    }
    const row = await appendCase(tx, ctx, suite, { ...fields, definition }, { fromConversation: conversationId });
    return { caseId: row.id, suiteId: suite.id, suiteName: suite.name };
  });
}
