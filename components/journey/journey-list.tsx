"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Copy, Pencil, Plus, Trash2, Workflow } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { Textarea } from "@/components/ui/textarea";
import { errorMessage, serverFieldErrors } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";

interface JourneyRow {
  id: string;
  name: string;
  enabled: boolean;
  trigger: { description: string; examples: string[] };
  steps: number;
  errors: number;
  valid: boolean;
}

type Editing = { kind: "create" } | { kind: "edit"; journey: JourneyRow } | { kind: "delete"; journey: JourneyRow } | null;

/** The agent's journeys: create, rename and re-describe the trigger, duplicate, enable/disable, delete. */
export function JourneyList({ workspace, agent }: { workspace: string; agent: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const can = useCan(workspace);
  const canWrite = can("journeys:write");
  const list = useQuery(trpc.journeys.list.queryOptions({ workspace, agent }));
  const [editing, setEditing] = useState<Editing>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.journeys.list.queryKey() });
  const update = useMutation(trpc.journeys.update.mutationOptions({ onSuccess: refresh }));
  const duplicate = useMutation(trpc.journeys.duplicate.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.journeys.delete.mutationOptions({ onSuccess: async () => { await refresh(); setEditing(null); } }));
  const create = useMutation(trpc.journeys.create.mutationOptions());
  const base = `/${workspace}/agents/${agent}/journeys`;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Journeys"
        description="The conversations this agent knows how to run, drawn step by step. A message goes to the enabled journey whose trigger it matches best."
        className="flex-nowrap"
        actions={
          canWrite ? (
            <Button onClick={() => setEditing({ kind: "create" })}>
              <Plus />
              New journey
            </Button>
          ) : null
        }
      />

      {update.isError || duplicate.isError ? <FormError>{errorMessage(update.error ?? duplicate.error)}</FormError> : null}
      <QueryView
        query={list}
        empty={
          <EmptyState icon={<Workflow />} title="No journeys yet" action={canWrite ? <Button onClick={() => setEditing({ kind: "create" })}>New journey</Button> : undefined}>
            A journey is a flow the agent follows for one kind of request: where is my order, cancel an order, change an address. Start with its trigger, then draw the steps.
          </EmptyState>
        }
      >
        {(journeys) => (
          <Table data-testid="journey-table">
            <THead>
              <tr>
                <Th>Journey</Th>
                <Th>Trigger</Th>
                <Th>Steps</Th>
                <Th>Status</Th>
                <Th className="text-right">Actions</Th>
              </tr>
            </THead>
            <TBody>
              {journeys.map((j) => (
                <tr key={j.id} data-testid="journey-row" data-name={j.name}>
                  <Td className="font-medium">
                    <Link href={`${base}/${j.id}`} className="text-brand-700 hover:underline">
                      {j.name}
                    </Link>
                  </Td>
                  <Td className="max-w-xs text-zinc-600">
                    <p className="truncate">{j.trigger.description || <span className="text-zinc-500">No description</span>}</p>
                    <p className="truncate text-xs text-zinc-500">{j.trigger.examples.length ? `“${j.trigger.examples.slice(0, 2).join("”, “")}”${j.trigger.examples.length > 2 ? ` +${j.trigger.examples.length - 2}` : ""}` : "No examples"}</p>
                  </Td>
                  <Td>{j.steps}</Td>
                  <Td>{j.valid ? <Badge variant="brand">Valid</Badge> : <Badge className="bg-red-50 text-red-700">{j.errors} error{j.errors === 1 ? "" : "s"}</Badge>}</Td>
                  <Td>
                    <div className="flex items-center justify-end gap-1">
                      <label className="mr-2 inline-flex items-center gap-1.5 text-sm text-zinc-600">
                        <input
                          type="checkbox"
                          role="switch"
                          aria-label={`Enabled: ${j.name}`}
                          checked={j.enabled}
                          disabled={!canWrite || update.isPending}
                          onChange={(e) => update.mutate({ workspace, journeyId: j.id, enabled: e.target.checked })}
                        />
                        {j.enabled ? "On" : "Off"}
                      </label>
                      {canWrite ? (
                        <>
                          <Button variant="ghost" size="icon" aria-label={`Edit ${j.name}`} title="Rename, edit trigger" onClick={() => setEditing({ kind: "edit", journey: j })}>
                            <Pencil />
                          </Button>
                          <Button variant="ghost" size="icon" aria-label={`Duplicate ${j.name}`} title="Duplicate" onClick={() => duplicate.mutate({ workspace, journeyId: j.id })}>
                            <Copy />
                          </Button>
                          <Button variant="ghost" size="icon" aria-label={`Delete ${j.name}`} title="Delete" onClick={() => setEditing({ kind: "delete", journey: j })}>
                            <Trash2 />
                          </Button>
                        </>
                      ) : null}
                    </div>
                  </Td>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
      </QueryView>

      {editing?.kind === "create" || editing?.kind === "edit" ? (
        <JourneyDialog
          title={editing.kind === "create" ? "New journey" : `Edit ${editing.journey.name}`}
          initial={editing.kind === "edit" ? editing.journey : undefined}
          submitLabel={editing.kind === "create" ? "Create and open canvas" : "Save"}
          onClose={() => setEditing(null)}
          onSubmit={async (values) => {
            if (editing.kind === "create") {
              const created = await create.mutateAsync({ workspace, agent, name: values.name, trigger: values.trigger });
              await refresh();
              router.push(`${base}/${created.id}`);
            } else {
              await update.mutateAsync({ workspace, journeyId: editing.journey.id, name: values.name, trigger: values.trigger });
              setEditing(null);
            }
          }}
        />
      ) : null}
      <ConfirmDialog
        open={editing?.kind === "delete"}
        onClose={() => setEditing(null)}
        title={`Delete ${editing?.kind === "delete" ? editing.journey.name : ""}?`}
        description="The journey and its canvas are removed from the draft. Published releases keep their copy."
        confirmLabel="Delete journey"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => editing?.kind === "delete" && remove.mutate({ workspace, journeyId: editing.journey.id })}
      />
    </div>
  );
}

function JourneyDialog({
  title,
  initial,
  submitLabel,
  onClose,
  onSubmit,
}: {
  title: string;
  initial?: JourneyRow;
  submitLabel: string;
  onClose: () => void;
  onSubmit: (values: { name: string; trigger: { description: string; examples: string[] } }) => Promise<void>;
}) {
  const [name, setName] = useState(initial?.name ?? "");
  const [description, setDescription] = useState(initial?.trigger.description ?? "");
  const [examples, setExamples] = useState(initial?.trigger.examples.join("\n") ?? "");
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [pending, setPending] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setErrors({ name: "Name the journey" });
    setPending(true);
    setFormError(null);
    try {
      await onSubmit({ name: name.trim(), trigger: { description: description.trim(), examples: examples.split("\n").map((l) => l.trim()).filter(Boolean) } });
    } catch (err) {
      const fields = serverFieldErrors(err);
      setErrors(fields);
      if (Object.values(fields).every((m) => !m)) setFormError(errorMessage(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog open onClose={onClose} title={title}>
      <form onSubmit={submit} noValidate className="space-y-4" data-testid="journey-form">
        <FormError>{formError}</FormError>
        <FormField label="Name" error={errors.name}>
          {(c) => <Input {...c} value={name} onChange={(e) => setName(e.target.value)} maxLength={80} />}
        </FormField>
        <FormField label="Trigger description" hint="What the customer wants when this journey should run.">
          {(c) => <Textarea {...c} value={description} onChange={(e) => setDescription(e.target.value)} />}
        </FormField>
        <FormField label="Example customer messages" hint="One per line." error={errors.trigger}>
          {(c) => <Textarea {...c} rows={4} value={examples} onChange={(e) => setExamples(e.target.value)} />}
        </FormField>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending}>
            {pending ? "Working…" : submitLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
