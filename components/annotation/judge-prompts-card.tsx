"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormError, FormField } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/textarea";
import { notify } from "@/components/ui/toaster";
import { errorMessage, serverFieldErrors } from "@/lib/form-errors";
import { type JudgePromptField, judgePromptFields, MAX_JUDGE_PROMPT } from "@/lib/schemas/annotation";
import { useTRPC } from "@/lib/trpc/client";

const labels: Record<JudgePromptField, string> = { outcome: "Outcome prompt", sentiment: "Sentiment prompt", topic: "Topic prompt" };

/**
 * The llm judge's instruction for each conversation-level field (Settings › Scorecard, beside the criteria's
 * AI rubrics). Owners and admins edit them; everyone else reads them.
 */
export function JudgePromptsCard({ workspace, canEdit }: { workspace: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const current = useQuery(trpc.review.judgePrompts.queryOptions({ workspace }));
  return (
    <Card data-testid="judge-prompts">
      <CardHeader>
        <CardTitle>AI judge: outcome, sentiment and topic</CardTitle>
        <CardDescription>
          With an LLM provider (Settings › Model) the judge asks the model for each conversation&apos;s outcome, sentiment and topic in one call, with these instructions; if
          the call fails, the local judge&apos;s verdict is kept and the annotation says why. The local judge reads the trace and ignores them.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {current.isPending ? <div className="h-40 animate-pulse rounded-md bg-zinc-100" aria-busy="true" /> : null}
        {current.isError ? <FormError>{errorMessage(current.error)}</FormError> : null}
        {current.data ? <PromptsForm workspace={workspace} canEdit={canEdit} initial={current.data.prompts} defaults={current.data.defaults} /> : null}
      </CardContent>
    </Card>
  );
}

function PromptsForm({ workspace, canEdit, initial, defaults }: { workspace: string; canEdit: boolean; initial: Record<JudgePromptField, string>; defaults: Record<JudgePromptField, string> }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState(initial);
  const save = useMutation(
    trpc.review.setJudgePrompts.mutationOptions({
      onSuccess: async (saved) => {
        setForm(saved.prompts);
        notify.success("Judge prompts saved", "They apply from the next annotation.");
        await queryClient.invalidateQueries({ queryKey: trpc.review.judgePrompts.queryKey() });
      },
    }),
  );
  const errors = save.isError ? serverFieldErrors(save.error) : {};
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ workspace, ...form });
      }}
    >
      {judgePromptFields.map((field) => (
        <FormField key={field} label={labels[field]} error={errors[field]} hint={form[field].trim() === defaults[field] ? "The default." : "Your own; empty it to go back to the default."}>
          {(p) => <Textarea {...p} rows={3} maxLength={MAX_JUDGE_PROMPT} readOnly={!canEdit} value={form[field]} onChange={(e) => setForm({ ...form, [field]: e.target.value })} />}
        </FormField>
      ))}
      <FormError>{save.isError && Object.keys(errors).length === 0 ? errorMessage(save.error) : null}</FormError>
      {canEdit ? (
        <div className="flex gap-2">
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save judge prompts"}
          </Button>
          <Button type="button" variant="secondary" disabled={save.isPending} onClick={() => setForm(defaults)}>
            Use the defaults
          </Button>
        </div>
      ) : null}
    </form>
  );
}
