import { z } from "zod";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { caseFromConversation } from "@/server/services/evals/case-from-conversation";
import { saveCaseFromConversation, saveCaseFromConversationInput } from "@/server/services/evals/save-case-from-conversation";
import { compareRuns, getRun, listRuns, startRun, startRunInput } from "@/server/services/evals/runs";
import { serverAppUrl } from "@/server/services/tools/app-url";
import { caseIdInput, createCase, createCaseInput, deleteCase, updateCase, updateCaseInput } from "@/server/services/evals/cases";
import { exportSuite, importSuite, importSuiteInput } from "@/server/services/evals/suite-file";
import { createSuite, createSuiteInput, deleteSuite, getSuite, listSuites, listSuitesInput, suiteIdInput, updateSuite, updateSuiteInput } from "@/server/services/evals/suites";

// Everyone who reads agents reads their suites and runs; writing suites and cases, importing and running
// them needs "evals:write" (owners, admins, builders). "Make this a test" needs "evals:cases_from_review"
// (reviewers too): a proposed case, saved into a suite that does not gate (save-case-from-conversation.ts).
const read = requirePermission("agents:read");
const write = requirePermission("evals:write");
const fromReview = requirePermission("evals:cases_from_review");
const runIdInput = z.object({ runId: z.uuid("Unknown run id") });

export const evalsRouter = createTRPCRouter({
  listSuites: read.input(listSuitesInput).query(({ ctx, input }) => listSuites(ctx, input)),
  getSuite: read.input(suiteIdInput).query(({ ctx, input }) => getSuite(ctx, input)),
  createSuite: write.input(createSuiteInput).mutation(({ ctx, input }) => createSuite(ctx, input)),
  updateSuite: write.input(updateSuiteInput).mutation(({ ctx, input }) => updateSuite(ctx, input)),
  deleteSuite: write.input(suiteIdInput).mutation(({ ctx, input }) => deleteSuite(ctx, input)),
  createCase: write.input(createCaseInput).mutation(({ ctx, input }) => createCase(ctx, input)),
  updateCase: write.input(updateCaseInput).mutation(({ ctx, input }) => updateCase(ctx, input)),
  deleteCase: write.input(caseIdInput).mutation(({ ctx, input }) => deleteCase(ctx, input)),
  // A mutation, as agents.export: the studio exports on a click, and the file is not cached.
  exportSuite: read.input(suiteIdInput).mutation(({ ctx, input }) => exportSuite(ctx, input)),
  importSuite: write.input(importSuiteInput).mutation(({ ctx, input }) => importSuite(ctx, input)),

  startRun: write.input(startRunInput).mutation(({ ctx, input }) => startRun({ ...ctx, appUrl: serverAppUrl() }, input)),
  listRuns: read.input(z.object({ agentId: z.uuid("Unknown agent id"), suiteId: z.uuid("Unknown suite id").nullish() })).query(({ ctx, input }) => listRuns(ctx, input)),
  getRun: read.input(runIdInput).query(({ ctx, input }) => getRun(ctx, input)),
  compareRuns: read.input(runIdInput).query(({ ctx, input }) => compareRuns(ctx, input)),
  // "Make this a test": a proposed case the reviewer or builder edits, then saves (with a new suite, if named) in one transaction.
  caseFromConversation: fromReview.input(z.object({ conversationId: z.uuid("Unknown conversation id") })).query(({ ctx, input }) => caseFromConversation(ctx, input)),
  saveCaseFromConversation: fromReview.input(saveCaseFromConversationInput).mutation(({ ctx, input }) => saveCaseFromConversation(ctx, input)),
});
