"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Tags } from "lucide-react";
import { useState } from "react";
import { QueryView } from "@/components/ui/query-view";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { TBody, THead, Table, Td, Th } from "@/components/ui/table";
import { notify } from "@/components/ui/toaster";
import { errorMessage, serverFieldErrors } from "@/lib/form-errors";
import { MAX_TAG_DESCRIPTION, MAX_TAG_NAME, type TagColour, tagColours } from "@/lib/schemas/review";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { TagChip } from "./tag-chip";

interface TagForm {
  name: string;
  colour: TagColour;
  description: string;
}

const emptyForm: TagForm = { name: "", colour: "blue", description: "" };

/** The workspace's tags: reviewers and admins define them here and apply them on conversations. */
export function TagsSettingsPage({ workspace }: { workspace: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canWrite = useCan(workspace)("review:write");
  const list = useQuery(trpc.review.tags.list.queryOptions({ workspace }));
  const [form, setForm] = useState<TagForm>(emptyForm);
  const [editing, setEditing] = useState<(TagForm & { id: string }) | null>(null);
  const [deleting, setDeleting] = useState<{ id: string; name: string; uses: number } | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.review.tags.list.queryKey() });

  const create = useMutation(
    trpc.review.tags.create.mutationOptions({
      onSuccess: async (tag) => {
        notify.success(`Tag ${tag.name} created`);
        setForm(emptyForm);
        await invalidate();
      },
    }),
  );
  const update = useMutation(
    trpc.review.tags.update.mutationOptions({
      onSuccess: async (tag) => {
        notify.success(`Tag ${tag.name} saved`);
        setEditing(null);
        await invalidate();
      },
    }),
  );
  const remove = useMutation(
    trpc.review.tags.delete.mutationOptions({
      onSuccess: async () => {
        notify.success(`Tag ${deleting?.name} deleted`);
        setDeleting(null);
        await invalidate();
      },
    }),
  );
  const createErrors = create.isError ? serverFieldErrors(create.error) : {};

  return (
    <div className="space-y-6">
      <PageHeader title="Tags" description="Labels reviewers put on conversations and on single messages. The conversation list filters by them." />
      {canWrite ? (
        <Card>
          <CardHeader>
            <CardTitle>New tag</CardTitle>
            <CardDescription>Names are unique in the workspace, whatever their case.</CardDescription>
          </CardHeader>
          <CardContent>
            <form
              data-testid="new-tag-form"
              className="grid gap-3 sm:grid-cols-[14rem_9rem_1fr_auto] sm:items-end"
              onSubmit={(e) => {
                e.preventDefault();
                create.mutate({ workspace, ...form });
              }}
            >
              <TagFields form={form} onChange={setForm} errors={createErrors} />
              <Button type="submit" disabled={create.isPending || !form.name.trim()}>
                Create tag
              </Button>
            </form>
            <div className="mt-2">
              <FormError>{create.isError && !createErrors.name && !createErrors.description ? errorMessage(create.error) : null}</FormError>
            </div>
          </CardContent>
        </Card>
      ) : null}
      <QueryView
        query={list}
        empty={
          <EmptyState icon={<Tags />} title="No tags yet">
            {canWrite ? "Create the labels your team reviews with, e.g. “Wrong refund” or “Great answer”." : "Reviewers and admins create tags here."}
          </EmptyState>
        }
      >
        {(rows) => (
            <Table data-testid="tags-table">
              <THead>
                <tr>
                  <Th>Tag</Th>
                  <Th>Description</Th>
                  <Th>Applied</Th>
                  {canWrite ? <Th className="w-px">Actions</Th> : null}
                </tr>
              </THead>
              <TBody>
                {rows.map((t) => (
                  <tr key={t.id} data-testid="tag-row">
                    <Td>
                      <TagChip name={t.name} colour={t.colour} />
                    </Td>
                    <Td className="text-sm text-zinc-600">{t.description || "—"}</Td>
                    <Td className="text-sm tabular-nums">{t.uses}</Td>
                    {canWrite ? (
                      <Td className="whitespace-nowrap">
                        <Button variant="ghost" size="sm" aria-label={`Edit tag ${t.name}`} onClick={() => setEditing({ id: t.id, name: t.name, colour: t.colour as TagColour, description: t.description })}>
                          Edit
                        </Button>
                        <Button variant="ghost" size="sm" className="text-red-700" aria-label={`Delete tag ${t.name}`} onClick={() => setDeleting({ id: t.id, name: t.name, uses: t.uses })}>
                          Delete
                        </Button>
                      </Td>
                    ) : null}
                  </tr>
                ))}
              </TBody>
            </Table>
        )}
      </QueryView>
      <Dialog open={editing !== null} onClose={() => (update.isPending ? undefined : setEditing(null))} title={`Edit tag ${editing?.name ?? ""}`}>
        {editing ? (
          <form
            className="space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              update.mutate({ workspace, tagId: editing.id, name: editing.name, colour: editing.colour, description: editing.description });
            }}
          >
            <TagFields form={editing} onChange={(next) => setEditing({ ...editing, ...next })} errors={update.isError ? serverFieldErrors(update.error) : {}} />
            <FormError>{update.isError ? errorMessage(update.error) : null}</FormError>
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => setEditing(null)} disabled={update.isPending}>
                Cancel
              </Button>
              <Button type="submit" disabled={update.isPending || !editing.name.trim()}>
                Save tag
              </Button>
            </div>
          </form>
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete tag ${deleting?.name}?`}
        description={
          deleting?.uses
            ? `It comes off the ${deleting.uses} ${deleting.uses === 1 ? "conversation or message" : "conversations and messages"} that carry it. This cannot be undone.`
            : "No conversation carries it yet. This cannot be undone."
        }
        confirmLabel="Delete tag"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => remove.mutate({ workspace, tagId: deleting!.id })}
      />
    </div>
  );
}

function TagFields({ form, onChange, errors }: { form: TagForm; onChange: (next: TagForm) => void; errors: Record<string, string | undefined> }) {
  return (
    <>
      <FormField label="Tag name" error={errors.name}>
        {(p) => <Input {...p} maxLength={MAX_TAG_NAME} placeholder="Wrong refund" value={form.name} onChange={(e) => onChange({ ...form, name: e.target.value })} />}
      </FormField>
      <FormField label="Colour" error={errors.colour}>
        {(p) => (
          <Select {...p} value={form.colour} onChange={(e) => onChange({ ...form, colour: e.target.value as TagColour })}>
            {tagColours.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <FormField label="Description" error={errors.description}>
        {(p) => (
          <Input
            {...p}
            maxLength={MAX_TAG_DESCRIPTION}
            placeholder="When to use it (optional)"
            value={form.description}
            onChange={(e) => onChange({ ...form, description: e.target.value })}
          />
        )}
      </FormField>
    </>
  );
}
