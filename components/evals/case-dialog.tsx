"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Dialog } from "@/components/ui/dialog";
import { notify } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { CaseEditor } from "./case-editor";
import type { CaseForm, EvalCase } from "./case-form";

export type CaseDialogTarget = { mode: "create"; suiteId: string; suiteName: string; initial: CaseForm } | { mode: "edit"; caseId: string; initial: CaseForm };

/** Adds a case to a suite, or edits one, in the case editor. */
export function CaseDialog({ workspace, agent, target, onClose }: { workspace: string; agent: string; target: CaseDialogTarget | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.evals.pathKey() });
  const create = useMutation(
    trpc.evals.createCase.mutationOptions({
      onSuccess: async (_data, input) => {
        notify.success(`Case ${input.name} added`);
        close();
        await invalidate();
      },
    }),
  );
  const update = useMutation(
    trpc.evals.updateCase.mutationOptions({
      onSuccess: async (_data, input) => {
        notify.success(`Case ${input.name ?? ""} saved`);
        close();
        await invalidate();
      },
    }),
  );
  const pending = create.isPending || update.isPending;

  function close() {
    create.reset();
    update.reset();
    onClose();
  }

  const save = (value: EvalCase) => {
    if (!target) return;
    if (target.mode === "create") create.mutate({ workspace, suiteId: target.suiteId, ...value });
    else update.mutate({ workspace, caseId: target.caseId, ...value });
  };

  return (
    <Dialog
      open={target !== null}
      onClose={() => (pending ? undefined : close())}
      title={target?.mode === "edit" ? `Edit ${target.initial.name}` : "New case"}
      description={target?.mode === "create" ? `In the suite ${target.suiteName}.` : undefined}
      className="max-w-3xl"
    >
      {target ? (
        <CaseEditor
          workspace={workspace}
          agent={agent}
          initial={target.initial}
          submitLabel={target.mode === "edit" ? "Save case" : "Add case"}
          pending={pending}
          serverError={create.isError ? errorMessage(create.error) : update.isError ? errorMessage(update.error) : null}
          onSubmit={save}
          onCancel={close}
        />
      ) : null}
    </Dialog>
  );
}
