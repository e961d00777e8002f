"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, ClipboardCheck } from "lucide-react";
import { useState } from "react";
import { JudgePromptsCard } from "@/components/annotation/judge-prompts-card";
import { QueryView } from "@/components/ui/query-view";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { TBody, THead, Table, Td, Th } from "@/components/ui/table";
import { Textarea } from "@/components/ui/textarea";
import { notify } from "@/components/ui/toaster";
import { errorMessage, serverFieldErrors } from "@/lib/form-errors";
import { MAX_CRITERION_NAME, MAX_CRITERION_TEXT, type Scale, type Scorer, scales, scorers } from "@/lib/schemas/scorecards";
import { scaleLabels } from "@/lib/scorecards/scale";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";

interface CriterionForm {
  name: string;
  description: string;
  aiRubric: string;
  scale: Scale;
  /** One choice a line, as typed. */
  options: string;
  scorer: Scorer;
}

const emptyForm: CriterionForm = { name: "", description: "", aiRubric: "", scale: "pass_fail", options: "", scorer: "human" };
const scorerLabels: Record<Scorer, string> = { human: "People", ai: "The AI", both: "People and the AI" };

const toInput = (f: CriterionForm) => ({
  name: f.name,
  description: f.description,
  aiRubric: f.scorer === "human" ? "" : f.aiRubric,
  scale: f.scale,
  options: f.scale === "choice" ? f.options.split("\n").map((o) => o.trim()).filter(Boolean) : [],
  scorer: f.scorer,
});

/** The workspace's scorecard: owners and admins define the criteria; reviewers read them here and score on conversations. */
export function ScorecardSettingsPage({ workspace }: { workspace: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canDefine = useCan(workspace)("settings:manage");
  const list = useQuery(trpc.review.criteria.list.queryOptions({ workspace }));
  const [form, setForm] = useState<CriterionForm>(emptyForm);
  const [editing, setEditing] = useState<(CriterionForm & { id: string }) | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.review.criteria.list.queryKey() });
  const onError = (error: unknown) => notify.failure(error);

  const create = useMutation(
    trpc.review.criteria.create.mutationOptions({
      onSuccess: async (c) => {
        notify.success(`Criterion ${c.name} added`);
        setForm(emptyForm);
        await invalidate();
      },
    }),
  );
  const update = useMutation(
    trpc.review.criteria.update.mutationOptions({
      onSuccess: async (c) => {
        notify.success(`Criterion ${c.name} saved`);
        setEditing(null);
        await invalidate();
      },
    }),
  );
  const archive = useMutation(
    trpc.review.criteria.archive.mutationOptions({
      onSuccess: async (c) => {
        notify.success(c.archivedAt ? `${c.name} archived: it keeps its scores and takes no new ones` : `${c.name} restored`);
        await invalidate();
      },
      onError,
    }),
  );
  const reorder = useMutation(trpc.review.criteria.reorder.mutationOptions({ onSuccess: invalidate, onError }));
  const createErrors = create.isError ? serverFieldErrors(create.error) : {};

  const live = (list.data ?? []).filter((c) => !c.archivedAt);
  const move = (index: number, by: -1 | 1) => {
    const ids = live.map((c) => c.id);
    [ids[index], ids[index + by]] = [ids[index + by]!, ids[index]!];
    reorder.mutate({ workspace, criterionIds: ids });
  };

  return (
    <div className="space-y-6">
      <PageHeader
        title="Scorecard"
        description="The criteria reviewers (and the AI judge) score conversations on. Scores show beside the transcript and in the conversation list."
      />
      {canDefine ? (
        <Card>
          <CardHeader>
            <CardTitle>New criterion</CardTitle>
            <CardDescription>It goes at the end of the scorecard; move it up or down below.</CardDescription>
          </CardHeader>
          <CardContent>
            <form
              data-testid="new-criterion-form"
              className="space-y-3"
              onSubmit={(e) => {
                e.preventDefault();
                create.mutate({ workspace, ...toInput(form) });
              }}
            >
              <CriterionFields form={form} onChange={setForm} errors={createErrors} />
              <FormError>{create.isError && Object.keys(createErrors).length === 0 ? errorMessage(create.error) : null}</FormError>
              <Button type="submit" disabled={create.isPending || !form.name.trim()}>
                Add criterion
              </Button>
            </form>
          </CardContent>
        </Card>
      ) : null}
      <QueryView
        query={list}
        empty={
          <EmptyState icon={<ClipboardCheck />} title="No criteria yet">
            {canDefine ? "Add what a good conversation does, e.g. “Resolved correctly” (pass / fail) or “On-brand tone” (1–5)." : "Owners and admins define the scorecard here."}
          </EmptyState>
        }
      >
        {(rows) => (
            <Table data-testid="criteria-table">
              <THead>
                <tr>
                  <Th>Criterion</Th>
                  <Th>Scale</Th>
                  <Th>Scored by</Th>
                  <Th>Scores</Th>
                  {canDefine ? <Th className="w-px">Actions</Th> : null}
                </tr>
              </THead>
              <TBody>
                {rows.map((c) => {
                  const index = live.findIndex((l) => l.id === c.id);
                  return (
                    <tr key={c.id} data-testid="criterion-row" className={c.archivedAt ? "text-zinc-500" : undefined}>
                      <Td>
                        <p className="font-medium">
                          {c.name}
                          {c.archivedAt ? <span className="ml-2 rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-normal text-zinc-600">archived</span> : null}
                        </p>
                        {c.description ? <p className="text-xs text-zinc-500">{c.description}</p> : null}
                      </Td>
                      <Td className="text-sm">
                        {scaleLabels[c.scale]}
                        {c.scale === "choice" ? <p className="text-xs text-zinc-500">{c.options.join(" · ")}</p> : null}
                      </Td>
                      <Td className="text-sm">{scorerLabels[c.scorer]}</Td>
                      <Td className="text-sm tabular-nums">{c.scores}</Td>
                      {canDefine ? (
                        <Td className="whitespace-nowrap">
                          {c.archivedAt ? (
                            <Button variant="ghost" size="sm" aria-label={`Restore ${c.name}`} disabled={archive.isPending} onClick={() => archive.mutate({ workspace, criterionId: c.id, archived: false })}>
                              Restore
                            </Button>
                          ) : (
                            <>
                              <Button variant="ghost" size="icon" aria-label={`Move ${c.name} up`} disabled={index === 0 || reorder.isPending} onClick={() => move(index, -1)}>
                                <ArrowUp />
                              </Button>
                              <Button variant="ghost" size="icon" aria-label={`Move ${c.name} down`} disabled={index === live.length - 1 || reorder.isPending} onClick={() => move(index, 1)}>
                                <ArrowDown />
                              </Button>
                              <Button
                                variant="ghost"
                                size="sm"
                                aria-label={`Edit ${c.name}`}
                                onClick={() =>
                                  setEditing({ id: c.id, name: c.name, description: c.description, aiRubric: c.aiRubric, scale: c.scale, options: c.options.join("\n"), scorer: c.scorer })
                                }
                              >
                                Edit
                              </Button>
                              <Button variant="ghost" size="sm" aria-label={`Archive ${c.name}`} disabled={archive.isPending} onClick={() => archive.mutate({ workspace, criterionId: c.id, archived: true })}>
                                Archive
                              </Button>
                            </>
                          )}
                        </Td>
                      ) : null}
                    </tr>
                  );
                })}
              </TBody>
            </Table>
        )}
      </QueryView>
      <JudgePromptsCard workspace={workspace} canEdit={canDefine} />
      <Dialog open={editing !== null} onClose={() => (update.isPending ? undefined : setEditing(null))} title={`Edit ${editing?.name ?? "criterion"}`}>
        {editing ? (
          <form
            className="space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              update.mutate({ workspace, criterionId: editing.id, ...toInput(editing) });
            }}
          >
            <CriterionFields form={editing} onChange={(next) => setEditing({ ...editing, ...next })} errors={update.isError ? serverFieldErrors(update.error) : {}} />
            <FormError>{update.isError ? errorMessage(update.error) : null}</FormError>
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => setEditing(null)} disabled={update.isPending}>
                Cancel
              </Button>
              <Button type="submit" disabled={update.isPending || !editing.name.trim()}>
                Save criterion
              </Button>
            </div>
          </form>
        ) : null}
      </Dialog>
    </div>
  );
}

function CriterionFields({ form, onChange, errors }: { form: CriterionForm; onChange: (next: CriterionForm) => void; errors: Record<string, string | undefined> }) {
  const set = (changes: Partial<CriterionForm>) => onChange({ ...form, ...changes });
  return (
    <div className="grid gap-3 sm:grid-cols-3">
      <FormField label="Criterion name" error={errors.name}>
        {(p) => <Input {...p} maxLength={MAX_CRITERION_NAME} placeholder="Resolved correctly" value={form.name} onChange={(e) => set({ name: e.target.value })} />}
      </FormField>
      <FormField label="Scale" error={errors.scale}>
        {(p) => (
          // A choice is scored by people: switching to it makes the scorer people.
          <Select {...p} value={form.scale} onChange={(e) => set({ scale: e.target.value as Scale, ...(e.target.value === "choice" ? { scorer: "human" as const } : {}) })}>
            {scales.map((s) => (
              <option key={s} value={s}>
                {scaleLabels[s]}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <FormField label="Scored by" error={errors.scorer} hint={form.scale === "choice" ? "The AI judge grades pass / fail and 1–5 only." : undefined}>
        {(p) => (
          <Select {...p} value={form.scorer} onChange={(e) => set({ scorer: e.target.value as Scorer })}>
            {scorers.map((s) => (
              <option key={s} value={s} disabled={form.scale === "choice" && s !== "human"}>
                {scorerLabels[s]}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      {form.scale === "choice" ? (
        <div className="sm:col-span-3">
          <FormField label="Choices, one a line" error={errors.options}>
            {(p) => <Textarea {...p} rows={4} placeholder={"Escalated, rightly\nShould have escalated"} value={form.options} onChange={(e) => set({ options: e.target.value })} />}
          </FormField>
        </div>
      ) : null}
      <div className="sm:col-span-3">
        <FormField label="Description" error={errors.description} hint="What a reviewer checks. The AI judge reads it too when there is no AI rubric.">
          {(p) => <Textarea {...p} maxLength={MAX_CRITERION_TEXT} value={form.description} onChange={(e) => set({ description: e.target.value })} />}
        </FormField>
      </div>
      {form.scorer !== "human" ? (
        <div className="sm:col-span-3">
          <FormField
            label="AI rubric (optional)"
            error={errors.aiRubric}
            hint="What the AI judge grades against, if not the description. Local models read only lines like “contains: happy to help” and “not_contains: unfortunately”."
          >
            {(p) => <Textarea {...p} maxLength={MAX_CRITERION_TEXT} value={form.aiRubric} onChange={(e) => set({ aiRubric: e.target.value })} />}
          </FormField>
        </div>
      ) : null}
    </div>
  );
}
