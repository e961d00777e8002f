"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ListChecks } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { notify } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/form-errors";
import type { CaseDefinition } from "@/lib/schemas/evals";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { CaseEditor } from "./case-editor";
import { type EvalCase, toCaseForm } from "./case-form";

const NEW_SUITE = "__new__";

/** "Make this a test": the conversation proposed as an eval case, opened in the case editor, saved into a suite. */
export function MakeTestButton({ workspace, agent, conversationId }: { workspace: string; agent: string; conversationId: string }) {
  const canMake = useCan(workspace)("evals:cases_from_review");
  const [open, setOpen] = useState(false);
  if (!canMake) return null;
  return (
    <>
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)}>
        <ListChecks /> Make this a test
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Make this a test"
        description="The conversation as an eval case: the customer's messages as a script and what the agent did as expectations. Adjust it, pick a suite and save."
        className="max-w-3xl"
      >
        {open ? <ProposedCase workspace={workspace} agent={agent} conversationId={conversationId} onDone={() => setOpen(false)} /> : null}
      </Dialog>
    </>
  );
}

function ProposedCase({ workspace, agent, conversationId, onDone }: { workspace: string; agent: string; conversationId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const proposal = useQuery(trpc.evals.caseFromConversation.queryOptions({ workspace, conversationId }, { staleTime: 0 }));
  if (proposal.isPending) return <div className="h-64 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />;
  if (proposal.isError) return <FormError>{errorMessage(proposal.error)}</FormError>;
  const { agentId, name, definition } = proposal.data;
  return <SaveProposal workspace={workspace} agent={agent} agentId={agentId} conversationId={conversationId} name={name} definition={definition as CaseDefinition} onDone={onDone} />;
}

function SaveProposal({ workspace, agent, agentId, conversationId, name, definition, onDone }: { workspace: string; agent: string; agentId: string; conversationId: string; name: string; definition: CaseDefinition; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Those without "evals:write" (reviewers) add only to suites that do not gate publishing.
  const canGate = useCan(workspace)("evals:write");
  const suites = useQuery(trpc.evals.listSuites.queryOptions({ workspace, agentId }));
  const [picked, setPicked] = useState<string | null>(null);
  const [newName, setNewName] = useState("");
  const [suiteError, setSuiteError] = useState<string | null>(null);
  const [initial] = useState(() => toCaseForm({ name, definition }));
  const saveCase = useMutation(trpc.evals.saveCaseFromConversation.mutationOptions());
  const rows = (suites.data ?? []).filter((s) => canGate || !s.gating);
  // The first suite by default; "new suite" when the agent has none.
  const suiteId = picked ?? rows[0]?.id ?? NEW_SUITE;
  const failed = saveCase.error;

  async function save(value: EvalCase) {
    if (suiteId === NEW_SUITE && !newName.trim()) return setSuiteError("Name the new suite, or pick one");
    setSuiteError(null);
    saveCase.reset();
    let saved;
    try {
      // One transaction: a new suite is made only with its case.
      saved = await saveCase.mutateAsync({ workspace, conversationId, ...(suiteId === NEW_SUITE ? { newSuiteName: newName } : { suiteId }), ...value });
    } catch {
      return; // the mutation holds the error, shown below the form
    }
    notify.success(`Case ${value.name} added to ${saved.suiteName}`, "Run it from the agent's Evals page.");
    await queryClient.invalidateQueries({ queryKey: trpc.evals.pathKey() });
    onDone();
  }

  const picker = (
    <div className="grid gap-3 rounded-md border border-zinc-200 bg-zinc-50 p-3 sm:grid-cols-2" data-testid="suite-picker">
      <FormField label="Save in suite" error={suites.isError ? errorMessage(suites.error) : undefined}>
        {(p) => (
          <Select {...p} value={suiteId} disabled={suites.isPending} onChange={(e) => setPicked(e.target.value)}>
            {rows.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
                {s.gating ? " (gating)" : ""}
              </option>
            ))}
            <option value={NEW_SUITE}>A new suite…</option>
          </Select>
        )}
      </FormField>
      {suiteId === NEW_SUITE ? (
        <FormField label="New suite name" error={suiteError ?? undefined}>
          {(p) => <Input {...p} maxLength={80} value={newName} onChange={(e) => setNewName(e.target.value)} placeholder="Regressions" />}
        </FormField>
      ) : null}
    </div>
  );

  return (
    <CaseEditor
      workspace={workspace}
      agent={agent}
      initial={initial}
      submitLabel="Save test"
      pending={saveCase.isPending}
      serverError={failed ? errorMessage(failed) : null}
      onSubmit={(value) => void save(value)}
      onCancel={onDone}
      before={picker}
      knownFailure={canGate}
    />
  );
}
