"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Play, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormError } from "@/components/ui/form-field";
import { TBody, THead, Table, Td, Th } from "@/components/ui/table";
import { cn } from "@/components/ui/cn";
import { errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";

/** The agent's policy tests: run all with one click; a failure is red and says expected vs actual. */
export function PolicyTests({ workspace, agent, policyKey }: { workspace: string; agent: string; policyKey?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = useCan(workspace);
  const tests = useQuery(trpc.policies.tests.queryOptions({ workspace, agent }));
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.policies.tests.queryKey() });
  const run = useMutation(trpc.policies.runTests.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.policies.deleteTest.mutationOptions({ onSuccess: invalidate }));
  const shown = (tests.data ?? []).filter((t) => !policyKey || t.policyKey === policyKey);
  const failing = shown.filter((t) => t.lastResult && !t.lastResult.passed).length;

  return (
    <Card data-testid="policy-tests">
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3">
        <div className="space-y-1">
          <CardTitle>Policy tests</CardTitle>
          <CardDescription>
            {policyKey ? "Tests of this policy, run against the saved revision." : "Every saved case of this agent's policies, run against the saved revisions."}
            {run.data ? (
              <span className="ml-1 font-medium" data-testid="policy-tests-summary">
                {run.data.passed} of {run.data.total} passed.
              </span>
            ) : null}
          </CardDescription>
        </div>
        {can("policies:write") ? (
          <Button variant="secondary" disabled={run.isPending} onClick={() => run.mutate({ workspace, agent })}>
            <Play /> {run.isPending ? "Running…" : "Run all policy tests"}
          </Button>
        ) : null}
      </CardHeader>
      <CardContent>
        <FormError>{run.isError ? errorMessage(run.error) : tests.isError ? errorMessage(tests.error) : null}</FormError>
        {shown.length === 0 ? (
          <p className="text-sm text-zinc-500">No tests yet: evaluate facts in the test bench and save the case as a test.</p>
        ) : (
          <Table>
            <THead>
              <tr>
                <Th>Test</Th>
                {policyKey ? null : <Th>Policy</Th>}
                <Th>Expected</Th>
                <Th>Last run</Th>
                <Th className="w-px" />
              </tr>
            </THead>
            <TBody>
              {shown.map((t) => {
                const r = t.lastResult;
                return (
                  <tr key={t.id} data-testid="policy-test-row" data-status={r ? (r.passed ? "passed" : "failed") : "not-run"} className={cn(r && !r.passed && "bg-red-50")}>
                    <Td className="font-medium">{t.name}</Td>
                    {policyKey ? null : <Td className="font-mono text-xs">{t.policyKey}</Td>}
                    <Td className="text-sm">
                      {t.expectedDecision}
                      {t.expectedRuleId ? <span className="text-zinc-500"> by {t.expectedRuleId}</span> : null}
                    </Td>
                    <Td className={cn("text-sm", r && !r.passed ? "text-red-700" : "text-emerald-700")}>
                      {!r ? <span className="text-zinc-500">not run</span> : r.passed ? `passed (${r.decision} by ${r.ruleId})` : r.message}
                    </Td>
                    <Td>
                      {can("policies:write") ? (
                        <Button variant="ghost" size="icon" aria-label={`Delete test ${t.name}`} onClick={() => remove.mutate({ workspace, agent, id: t.id })}>
                          <Trash2 />
                        </Button>
                      ) : null}
                    </Td>
                  </tr>
                );
              })}
            </TBody>
          </Table>
        )}
        {failing ? <p className="mt-2 text-sm text-red-700">{failing} failing</p> : null}
      </CardContent>
    </Card>
  );
}
