import { z } from "zod";
import { agentInput, benchFactsInput, createPolicyInput, createPolicyTestInput, evaluateInput, savePolicyInput } from "@/lib/schemas/policy-authoring";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { benchFacts, evaluateDraft, listFacts } from "@/server/services/policies/bench";
import { lookupBenchFacts, lookupBenchFactsInput } from "@/server/services/policies/lookup-bench-facts";
import { serverAppUrl } from "@/server/services/tools/app-url";
import { getPolicy, listPolicies } from "@/server/services/policies/list-policies";
import { createPolicyTest, deletePolicyTest, listPolicyTests, runPolicyTests } from "@/server/services/policies/policy-tests";
import { createPolicy, deletePolicy, savePolicy } from "@/server/services/policies/save-policy";

const policyRef = agentInput.extend({ key: z.string().min(1).max(100) });

export const policiesRouter = createTRPCRouter({
  list: requirePermission("agents:read").input(agentInput).query(({ ctx, input }) => listPolicies(ctx, input)),
  get: requirePermission("agents:read").input(policyRef).query(({ ctx, input }) => getPolicy(ctx, input)),
  /** The typed facts the rule builder offers (the gate's catalogue plus custom facts in use). */
  facts: requirePermission("agents:read").input(agentInput).query(({ ctx, input }) => listFacts(ctx, input)),
  create: requirePermission("policies:write").input(createPolicyInput).mutation(({ ctx, input }) => createPolicy(ctx, input)),
  save: requirePermission("policies:write").input(savePolicyInput).mutation(({ ctx, input }) => savePolicy(ctx, input)),
  delete: requirePermission("policies:write").input(policyRef).mutation(({ ctx, input }) => deletePolicy(ctx, input)),
  evaluate: requirePermission("agents:read").input(evaluateInput).mutation(({ input }) => evaluateDraft(input)),
  benchFacts: requirePermission("policies:write").input(benchFactsInput).mutation(({ ctx, input }) => benchFacts(ctx, input)),
  lookupFacts: requirePermission("policies:write").input(lookupBenchFactsInput).mutation(({ ctx, input }) => lookupBenchFacts({ ...ctx, appUrl: serverAppUrl() }, input)),
  tests: requirePermission("agents:read").input(agentInput).query(({ ctx, input }) => listPolicyTests(ctx, input)),
  createTest: requirePermission("policies:write").input(createPolicyTestInput).mutation(({ ctx, input }) => createPolicyTest(ctx, input)),
  deleteTest: requirePermission("policies:write")
    .input(agentInput.extend({ id: z.uuid("Unknown test id") }))
    .mutation(({ ctx, input }) => deletePolicyTest(ctx, input)),
  runTests: requirePermission("policies:write").input(agentInput).mutation(({ ctx, input }) => runPolicyTests(ctx, input)),
});
