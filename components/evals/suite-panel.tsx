"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Download, FileQuestion, Pencil, Play, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/form-field";
import { QueryView } from "@/components/ui/query-view";
import { TBody, THead, Table, Td, Th } from "@/components/ui/table";
import { notify } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/form-errors";
import type { CaseDefinition } from "@/lib/schemas/evals";
import { useTRPC } from "@/lib/trpc/client";
import { CaseDialog, type CaseDialogTarget } from "./case-dialog";
import { describeCustomer, emptyCaseForm, toCaseForm } from "./case-form";
import { RunDialog, type RunScope } from "./run-dialog";
import { KnownFailureBadge } from "./run-status";
import type { SuiteValues } from "./suite-dialog";

interface CaseRow {
  id: string;
  name: string;
  description: string;
  knownFailure: string | null;
  definition: CaseDefinition;
}

/** One suite: its settings and actions, and its cases. */
export function SuitePanel({
  workspace,
  agent,
  agentId,
  suiteId,
  canWrite,
  onEdit,
  onDeleted,
}: {
  workspace: string;
  agent: string;
  agentId: string;
  suiteId: string;
  canWrite: boolean;
  onEdit: (values: SuiteValues) => void;
  onDeleted: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const suite = useQuery(trpc.evals.getSuite.queryOptions({ workspace, suiteId }));
  const [caseTarget, setCaseTarget] = useState<CaseDialogTarget | null>(null);
  const [runScope, setRunScope] = useState<RunScope | null>(null);
  const [deletingSuite, setDeletingSuite] = useState(false);
  const [deletingCase, setDeletingCase] = useState<CaseRow | null>(null);
  // The checkbox shows the new value at once, until the saved suite comes back.
  const [gatingShown, setGatingShown] = useState<boolean | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.evals.pathKey() });

  const setGating = useMutation(
    trpc.evals.updateSuite.mutationOptions({
      onSuccess: async (_data, input) => {
        notify.success(input.gating ? "The suite now gates publishing" : "The suite no longer gates publishing");
        await invalidate();
      },
      onError: (error) => notify.failure(error, "The gating setting was not saved"),
      onSettled: () => setGatingShown(null),
    }),
  );
  const exportSuite = useMutation(
    trpc.evals.exportSuite.mutationOptions({
      onSuccess: (file) => {
        const a = document.createElement("a");
        a.href = URL.createObjectURL(new Blob([file.content], { type: file.mediaType }));
        a.download = file.filename;
        a.click();
        URL.revokeObjectURL(a.href);
      },
      onError: (error) => notify.failure(error, "The suite was not exported"),
    }),
  );
  const removeSuite = useMutation(
    trpc.evals.deleteSuite.mutationOptions({
      onSuccess: async () => {
        notify.success(`Suite ${suite.data?.name ?? ""} deleted`);
        setDeletingSuite(false);
        onDeleted();
        // Not the deleted suite itself: refetching it would only flash "not found" before the panel goes.
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.evals.listSuites.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.evals.listRuns.queryKey() }),
        ]);
      },
    }),
  );
  const removeCase = useMutation(
    trpc.evals.deleteCase.mutationOptions({
      onSuccess: async () => {
        notify.success(`Case ${deletingCase?.name ?? ""} deleted`);
        setDeletingCase(null);
        await invalidate();
      },
    }),
  );

  return (
    <QueryView query={suite}>
      {(s) => {
        const cases = s.cases as CaseRow[];
        return (
          <Card data-testid="suite-panel" data-suite={s.name}>
            <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3">
              <div className="space-y-1">
                <h2 className="flex items-center gap-2 text-base font-semibold text-zinc-900">
                  {s.name}
                  {s.gating ? <Badge variant="brand">gating</Badge> : null}
                </h2>
                <p className="text-sm text-zinc-600">{s.description || `${cases.length} case${cases.length === 1 ? "" : "s"}.`}</p>
              </div>
              <div className="flex flex-wrap gap-2">
                {canWrite ? (
                  <>
                    <Button disabled={cases.length === 0} onClick={() => setRunScope({ suiteId: s.id, label: `every case of ${s.name}` })}>
                      <Play /> Run suite
                    </Button>
                    <Button variant="secondary" onClick={() => setCaseTarget({ mode: "create", suiteId: s.id, suiteName: s.name, initial: emptyCaseForm() })}>
                      <Plus /> Add case
                    </Button>
                  </>
                ) : null}
                <Button variant="secondary" disabled={exportSuite.isPending} onClick={() => exportSuite.mutate({ workspace, suiteId: s.id })}>
                  <Download /> {exportSuite.isPending ? "Exporting…" : "Export"}
                </Button>
                {canWrite ? (
                  <>
                    <Button variant="ghost" aria-label={`Edit suite ${s.name}`} onClick={() => onEdit({ name: s.name, description: s.description, gating: s.gating })}>
                      <Pencil /> Edit
                    </Button>
                    <Button variant="destructive-outline" aria-label={`Delete suite ${s.name}`} onClick={() => setDeletingSuite(true)}>
                      <Trash2 /> Delete
                    </Button>
                  </>
                ) : null}
              </div>
            </CardHeader>
            <CardContent className="space-y-4">
              {canWrite ? (
                <label className="flex items-start gap-2 text-sm text-zinc-800">
                  <input
                    type="checkbox"
                    className="mt-0.5"
                    checked={gatingShown ?? s.gating}
                    disabled={setGating.isPending}
                    onChange={(e) => {
                      setGatingShown(e.target.checked);
                      setGating.mutate({ workspace, suiteId: s.id, gating: e.target.checked });
                    }}
                  />
                  <span>
                    Gating: its cases must pass before the draft is published
                    <span className="block text-xs text-zinc-600">Known failures are reported and do not block. Owners and admins can publish anyway, with a reason.</span>
                  </span>
                </label>
              ) : null}
              {cases.length === 0 ? (
                <EmptyState
                  icon={<FileQuestion />}
                  title="No cases in this suite"
                  action={
                    canWrite ? (
                      <Button onClick={() => setCaseTarget({ mode: "create", suiteId: s.id, suiteName: s.name, initial: emptyCaseForm() })}>
                        <Plus /> Add case
                      </Button>
                    ) : undefined
                  }
                >
                  A case is what a customer says and what the agent must do: reply with something, call a tool, reach a journey, leave the store as expected.
                </EmptyState>
              ) : (
                <Table data-testid="cases-table">
                  <caption className="sr-only">Cases of {s.name}</caption>
                  <THead>
                    <tr>
                      <Th>Case</Th>
                      <Th>Customer</Th>
                      <Th>Expectations</Th>
                      <Th>Known failure</Th>
                      {canWrite ? <Th className="w-px">Actions</Th> : null}
                    </tr>
                  </THead>
                  <TBody>
                    {cases.map((c) => (
                      <tr key={c.id} data-testid="case-row">
                        <Td>
                          <p className="font-medium text-zinc-900">{c.name}</p>
                          {c.description ? <p className="text-xs text-zinc-600">{c.description}</p> : null}
                        </Td>
                        <Td className="text-sm text-zinc-700">
                          {describeCustomer(c.definition)}
                          <span className="block text-xs text-zinc-600">tools: {c.definition.tools}</span>
                        </Td>
                        <Td className="tabular-nums">{c.definition.expectations.length}</Td>
                        <Td>{c.knownFailure ? <KnownFailureBadge reason={c.knownFailure} /> : <span className="text-zinc-600">—</span>}</Td>
                        {canWrite ? (
                          <Td className="whitespace-nowrap">
                            <Button variant="ghost" size="sm" aria-label={`Run ${c.name}`} onClick={() => setRunScope({ suiteId: s.id, caseId: c.id, label: `the case ${c.name}` })}>
                              <Play /> Run
                            </Button>
                            <Button
                              variant="ghost"
                              size="sm"
                              aria-label={`Edit ${c.name}`}
                              onClick={() => setCaseTarget({ mode: "edit", caseId: c.id, initial: toCaseForm(c) })}
                            >
                              <Pencil /> Edit
                            </Button>
                            <Button variant="ghost" size="icon" aria-label={`Delete ${c.name}`} onClick={() => setDeletingCase(c)}>
                              <Trash2 />
                            </Button>
                          </Td>
                        ) : null}
                      </tr>
                    ))}
                  </TBody>
                </Table>
              )}
              <FormError>{setGating.isError ? errorMessage(setGating.error) : null}</FormError>
            </CardContent>

            <CaseDialog workspace={workspace} agent={agent} target={caseTarget} onClose={() => setCaseTarget(null)} />
            <RunDialog workspace={workspace} agent={agent} agentId={agentId} scope={runScope} onClose={() => setRunScope(null)} />
            <ConfirmDialog
              open={deletingSuite}
              onClose={() => {
                setDeletingSuite(false);
                removeSuite.reset();
              }}
              title={`Delete the suite ${s.name}?`}
              description={`Its ${cases.length} case${cases.length === 1 ? "" : "s"} and its runs are deleted with it.${s.gating ? " It stops gating publishing." : ""} Export it first to keep a copy.`}
              confirmLabel="Delete suite"
              pending={removeSuite.isPending}
              error={removeSuite.isError ? errorMessage(removeSuite.error) : null}
              onConfirm={() => removeSuite.mutate({ workspace, suiteId: s.id })}
            />
            <ConfirmDialog
              open={deletingCase !== null}
              onClose={() => {
                setDeletingCase(null);
                removeCase.reset();
              }}
              title={`Delete the case ${deletingCase?.name ?? ""}?`}
              description="It is removed from the suite. Past runs keep its results."
              confirmLabel="Delete case"
              pending={removeCase.isPending}
              error={removeCase.isError ? errorMessage(removeCase.error) : null}
              onConfirm={() => deletingCase && removeCase.mutate({ workspace, caseId: deletingCase.id })}
            />
          </Card>
        );
      }}
    </QueryView>
  );
}
