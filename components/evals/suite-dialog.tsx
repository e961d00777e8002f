"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { notify } from "@/components/ui/toaster";
import { errorMessage, serverFieldErrors } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";

export interface SuiteValues {
  name: string;
  description: string;
  gating: boolean;
}

export type SuiteDialogTarget = { mode: "create" } | { mode: "edit"; suiteId: string; values: SuiteValues };

/** Creates a suite, or renames and describes one. */
export function SuiteDialog({
  workspace,
  agentId,
  target,
  onClose,
  onCreated,
}: {
  workspace: string;
  agentId: string;
  target: SuiteDialogTarget | null;
  onClose: () => void;
  onCreated: (suiteId: string) => void;
}) {
  return (
    <Dialog open={target !== null} onClose={onClose} title={target?.mode === "edit" ? `Edit ${target.values.name}` : "New suite"}>
      {target ? <SuiteForm key={target.mode === "edit" ? target.suiteId : "new"} workspace={workspace} agentId={agentId} target={target} onClose={onClose} onCreated={onCreated} /> : null}
    </Dialog>
  );
}

function SuiteForm({ workspace, agentId, target, onClose, onCreated }: { workspace: string; agentId: string; target: SuiteDialogTarget; onClose: () => void; onCreated: (suiteId: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<SuiteValues>(target.mode === "edit" ? target.values : { name: "", description: "", gating: false });
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.evals.pathKey() });
  const create = useMutation(
    trpc.evals.createSuite.mutationOptions({
      onSuccess: async ({ id }) => {
        notify.success(`Suite ${values.name.trim()} created`);
        await invalidate();
        onCreated(id);
        onClose();
      },
    }),
  );
  const update = useMutation(
    trpc.evals.updateSuite.mutationOptions({
      onSuccess: async () => {
        notify.success(`Suite ${values.name.trim()} saved`);
        await invalidate();
        onClose();
      },
    }),
  );
  const failed = create.error ?? update.error;
  const fieldErrors = failed ? serverFieldErrors(failed) : {};
  const pending = create.isPending || update.isPending;
  return (
    <form
      className="space-y-3"
      data-testid="suite-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (target.mode === "edit") update.mutate({ workspace, suiteId: target.suiteId, ...values });
        else create.mutate({ workspace, agentId, ...values });
      }}
    >
      <FormField label="Suite name" error={fieldErrors.name}>
        {(p) => <Input {...p} required maxLength={80} value={values.name} onChange={(e) => setValues({ ...values, name: e.target.value })} placeholder="Returns and cancellations" />}
      </FormField>
      <FormField label="Description" error={fieldErrors.description} hint="Optional: what the suite covers.">
        {(p) => <Textarea {...p} rows={2} maxLength={2000} value={values.description} onChange={(e) => setValues({ ...values, description: e.target.value })} />}
      </FormField>
      <label className="flex items-start gap-2 text-sm text-zinc-700">
        <input type="checkbox" className="mt-0.5" checked={values.gating} onChange={(e) => setValues({ ...values, gating: e.target.checked })} />
        <span>
          Gating: its cases must pass before the draft is published
          <span className="block text-xs text-zinc-600">Known failures are reported and do not block.</span>
        </span>
      </label>
      <FormError>{failed && !fieldErrors.name && !fieldErrors.description ? errorMessage(failed) : null}</FormError>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending || !values.name.trim()}>
          {target.mode === "edit" ? "Save suite" : "Create suite"}
        </Button>
      </div>
    </form>
  );
}
