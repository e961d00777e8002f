"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { notify } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/form-errors";
import { channels, outcomes } from "@/lib/schemas/conversation";
import { MAX_QUEUE_DESCRIPTION, MAX_QUEUE_NAME, type QueueFilter, type QueueRuleKind, queueRuleKinds, queueRuleLabels } from "@/lib/schemas/review-queues";
import { useTRPC } from "@/lib/trpc/client";
import type { QueueView } from "./use-queues";

interface Draft {
  name: string;
  description: string;
  agentId: string;
  ruleKind: QueueRuleKind;
  ruleThreshold: string;
  rate: string;
  releaseNumber: string;
  filter: QueueFilter;
  assigneeIds: string[];
}

const toDraft = (q: QueueView | null): Draft => ({
  name: q?.name ?? "",
  description: q?.description ?? "",
  agentId: q?.agentId ?? "",
  ruleKind: q?.ruleKind ?? "all",
  ruleThreshold: q?.ruleThreshold === null || q?.ruleThreshold === undefined ? "" : String(q.ruleThreshold),
  rate: q ? String(q.rate) : "100",
  releaseNumber: q?.releaseNumber ? String(q.releaseNumber) : "",
  filter: (q?.filter ?? {}) as QueueFilter,
  assigneeIds: q?.assigneeIds ?? [],
});

/** Text fields as the API takes them; a number left blank is null, a non-number NaN (the API says what is wrong). */
function toInput(d: Draft) {
  const num = (s: string) => (s.trim() === "" ? null : Number(s));
  return {
    name: d.name,
    description: d.description,
    agentId: d.agentId || null,
    ruleKind: d.ruleKind,
    ruleThreshold: d.ruleKind === "ai_score_below" ? num(d.ruleThreshold) : null,
    rate: num(d.rate) ?? 100,
    releaseNumber: num(d.releaseNumber),
    filter: Object.fromEntries(Object.entries(d.filter).filter(([, v]) => v !== undefined && v !== "")) as QueueFilter,
    assigneeIds: d.assigneeIds,
  };
}

/** Creates a queue, or edits `queue`: the rule, rate, saved filter and assignees, with a live count of what they match. */
export function QueueDialog({ workspace, queue, open, onClose }: { workspace: string; queue: QueueView | null; open: boolean; onClose: () => void }) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={queue ? `Edit "${queue.name}"` : "New review queue"}
      description="Ended conversations that match the filter and the rule enter the queue (the rate samples them); a new queue takes in the last 30 days at once."
      className="max-w-2xl"
    >
      {open ? <QueueForm workspace={workspace} queue={queue} onDone={onClose} /> : null}
    </Dialog>
  );
}

function QueueForm({ workspace, queue, onDone }: { workspace: string; queue: QueueView | null; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => toDraft(queue));
  const [error, setError] = useState<string | null>(null);
  const agents = useQuery(trpc.agents.list.queryOptions({ workspace }));
  const tags = useQuery(trpc.review.tags.list.queryOptions({ workspace }));
  const members = useQuery(trpc.members.list.queryOptions({ workspace }));
  const input = toInput(draft);
  const valid = Number.isFinite(input.rate) && (input.ruleThreshold === null || Number.isFinite(input.ruleThreshold)) && (input.releaseNumber === null || Number.isInteger(input.releaseNumber));
  const preview = useQuery({
    ...trpc.review.queues.preview.queryOptions({
      workspace,
      agentId: input.agentId,
      filter: input.filter,
      ruleKind: input.ruleKind,
      ruleThreshold: input.ruleThreshold,
      rate: input.rate,
      releaseNumber: input.releaseNumber,
    }),
    enabled: valid && (input.ruleKind !== "ai_score_below" || input.ruleThreshold !== null),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const onSuccess = async (saved: { name: string; entered: number }) => {
    await queryClient.invalidateQueries({ queryKey: trpc.review.queues.list.queryKey() });
    notify.success(`"${saved.name}" saved`, saved.entered ? `${saved.entered} conversation${saved.entered === 1 ? "" : "s"} entered the queue` : undefined);
    onDone();
  };
  const create = useMutation(trpc.review.queues.create.mutationOptions({ onSuccess, onError: (e) => setError(errorMessage(e)) }));
  const update = useMutation(trpc.review.queues.update.mutationOptions({ onSuccess, onError: (e) => setError(errorMessage(e)) }));
  const set = (changes: Partial<Draft>) => setDraft((d) => ({ ...d, ...changes }));
  const setFilter = (changes: Partial<QueueFilter>) => setDraft((d) => ({ ...d, filter: { ...d.filter, ...changes } }));
  const reviewers = (members.data ?? []).filter((m) => m.role === "owner" || m.role === "admin" || m.role === "reviewer");

  return (
    <form
      className="flex flex-col gap-4"
      data-testid="queue-form"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        if (queue) update.mutate({ workspace, queueId: queue.id, ...input });
        else create.mutate({ workspace, ...input });
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <FormField label="Name">{(p) => <Input {...p} required maxLength={MAX_QUEUE_NAME} value={draft.name} onChange={(e) => set({ name: e.target.value })} placeholder="Escalations" />}</FormField>
        <FormField label="Agent">
          {(p) => (
            <Select {...p} value={draft.agentId} onChange={(e) => set({ agentId: e.target.value })}>
              <option value="">All agents</option>
              {(agents.data ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </Select>
          )}
        </FormField>
      </div>
      <FormField label="Description">
        {(p) => <Textarea {...p} rows={2} maxLength={MAX_QUEUE_DESCRIPTION} value={draft.description} onChange={(e) => set({ description: e.target.value })} placeholder="What reviewers look for here" />}
      </FormField>
      <fieldset className="grid gap-3 rounded-md border border-zinc-200 p-3 sm:grid-cols-3">
        <legend className="px-1 text-xs font-medium text-zinc-600">Sampling rule</legend>
        <FormField label="Take">
          {(p) => (
            <Select {...p} value={draft.ruleKind} onChange={(e) => set({ ruleKind: e.target.value as QueueRuleKind })}>
              {queueRuleKinds.map((k) => (
                <option key={k} value={k}>
                  {queueRuleLabels[k]}
                </option>
              ))}
            </Select>
          )}
        </FormField>
        {draft.ruleKind === "ai_score_below" ? (
          <FormField label="AI score below (%)">
            {(p) => <Input {...p} type="number" min={0} max={100} value={draft.ruleThreshold} onChange={(e) => set({ ruleThreshold: e.target.value })} placeholder="50" />}
          </FormField>
        ) : null}
        <FormField label="Rate (%)" hint="Share of matching conversations that enter">
          {(p) => <Input {...p} type="number" step="any" value={draft.rate} onChange={(e) => set({ rate: e.target.value })} />}
        </FormField>
        <FormField label="Release number" hint="Blank: every release">
          {(p) => <Input {...p} type="number" min={1} value={draft.releaseNumber} onChange={(e) => set({ releaseNumber: e.target.value })} />}
        </FormField>
      </fieldset>
      <fieldset className="grid gap-3 rounded-md border border-zinc-200 p-3 sm:grid-cols-3">
        <legend className="px-1 text-xs font-medium text-zinc-600">Filter (as in the conversation list)</legend>
        <FormField label="Outcome">
          {(p) => (
            <Select {...p} value={draft.filter.status ?? ""} onChange={(e) => setFilter({ status: (e.target.value || undefined) as QueueFilter["status"] })}>
              <option value="">All outcomes</option>
              {outcomes.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </Select>
          )}
        </FormField>
        <FormField label="Channel">
          {(p) => (
            <Select {...p} value={draft.filter.channel ?? ""} onChange={(e) => setFilter({ channel: (e.target.value || undefined) as QueueFilter["channel"] })}>
              <option value="">All channels</option>
              {channels
                .filter((c) => c !== "eval")
                .map((c) => (
                  <option key={c}>{c}</option>
                ))}
            </Select>
          )}
        </FormField>
        <FormField label="Tag">
          {(p) => (
            <Select {...p} value={draft.filter.tagId ?? ""} onChange={(e) => setFilter({ tagId: e.target.value || undefined })}>
              <option value="">Any tag or none</option>
              {(tags.data ?? []).map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </Select>
          )}
        </FormField>
        <FormField label="Handed to a person">
          {(p) => (
            <Select
              {...p}
              value={draft.filter.handedOff === undefined ? "" : draft.filter.handedOff ? "yes" : "no"}
              onChange={(e) => setFilter({ handedOff: e.target.value === "" ? undefined : e.target.value === "yes" })}
            >
              <option value="">Either</option>
              <option value="yes">Yes</option>
              <option value="no">Never</option>
            </Select>
          )}
        </FormField>
        <FormField label="Words in messages">{(p) => <Input {...p} type="search" maxLength={200} value={draft.filter.search ?? ""} onChange={(e) => setFilter({ search: e.target.value || undefined })} />}</FormField>
      </fieldset>
      <fieldset className="rounded-md border border-zinc-200 p-3">
        <legend className="px-1 text-xs font-medium text-zinc-600">Assignees (none: every reviewer)</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {reviewers.map((m) => (
            <label key={m.userId} className="flex items-center gap-1.5 text-sm">
              <input
                type="checkbox"
                checked={draft.assigneeIds.includes(m.userId)}
                onChange={(e) => set({ assigneeIds: e.target.checked ? [...draft.assigneeIds, m.userId] : draft.assigneeIds.filter((id) => id !== m.userId) })}
              />
              {m.name}
            </label>
          ))}
        </div>
      </fieldset>
      <PreviewLine preview={preview} />
      <FormError>{error}</FormError>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={create.isPending || update.isPending}>
          {queue ? "Save queue" : "Create queue"}
        </Button>
      </div>
    </form>
  );
}

function PreviewLine({ preview }: { preview: { data?: { days: number; matching: number; expected: number }; isError: boolean; error: unknown; isFetching: boolean } }) {
  if (preview.isError) return <FormError>{errorMessage(preview.error)}</FormError>;
  if (!preview.data) return <p className="text-sm text-zinc-500">Counting matching conversations…</p>;
  const { days, matching, expected } = preview.data;
  if (matching === 0)
    return (
      <p role="status" data-testid="queue-preview" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800">
        This filter and rule match no ended conversation of the last {days} days: the queue would start empty. Widen the filter or pick another rule.
      </p>
    );
  return (
    <p role="status" data-testid="queue-preview" className="text-sm text-zinc-600">
      {matching} ended conversation{matching === 1 ? "" : "s"} of the last {days} days match; about {expected} would enter at this rate.
      {preview.isFetching ? " Updating…" : ""}
    </p>
  );
}
