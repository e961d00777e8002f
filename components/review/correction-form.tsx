"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { notify } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/form-errors";
import { MAX_REVIEW_TEXT, expectedDecisions } from "@/lib/schemas/review";
import { useTRPC } from "@/lib/trpc/client";
import { decisionLabels } from "./correction-card";
import type { AnnotationsApi } from "./use-annotations";

/**
 * What an agent message should have said, and optionally what the agent should have done: the journey
 * (one of this agent's), the tool it should have called (the agent's tools are offered), the decision.
 */
export function CorrectionForm({ api, messageId, agent, agentId, onDone }: { api: AnnotationsApi; messageId: string; agent: string; agentId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const journeys = useQuery(trpc.playground.journeys.queryOptions({ workspace: api.workspace, agentId }));
  const tools = useQuery(trpc.tools.list.queryOptions({ workspace: api.workspace, agent }));
  const toolList = useId();
  const [form, setForm] = useState({ text: "", journeyId: "", tool: "", decision: "" });
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        api.addCorrection.mutate(
          {
            workspace: api.workspace,
            conversationId: api.conversationId,
            messageId,
            text: form.text,
            expectedJourneyId: form.journeyId || undefined,
            expectedToolCall: form.tool.trim() || undefined,
            expectedDecision: (form.decision || undefined) as (typeof expectedDecisions)[number] | undefined,
          },
          {
            onSuccess: () => {
              notify.success("Correction saved");
              onDone();
            },
            onError: (err) => setError(errorMessage(err)),
          },
        );
      }}
    >
      <FormField label="What it should have said">
        {(p) => <Textarea {...p} rows={4} maxLength={MAX_REVIEW_TEXT} value={form.text} onChange={(e) => setForm({ ...form, text: e.target.value })} />}
      </FormField>
      <p className="text-xs text-zinc-600">And, if it matters, what it should have done:</p>
      <FormField label="Journey it should have reached">
        {(p) => (
          <Select {...p} value={form.journeyId} onChange={(e) => setForm({ ...form, journeyId: e.target.value })}>
            <option value="">No journey</option>
            {(journeys.data ?? []).map((j) => (
              <option key={j.id} value={j.id}>
                {j.name}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <FormField label="Tool it should have called">
        {(p) => <Input {...p} list={toolList} maxLength={100} placeholder="e.g. get_order_details" value={form.tool} onChange={(e) => setForm({ ...form, tool: e.target.value })} />}
      </FormField>
      <datalist id={toolList}>
        {(tools.data ?? []).map((t) => (
          <option key={t.id} value={t.name} />
        ))}
      </datalist>
      <FormField label="Policy decision it should have reached">
        {(p) => (
          <Select {...p} value={form.decision} onChange={(e) => setForm({ ...form, decision: e.target.value })}>
            <option value="">No decision</option>
            {expectedDecisions.map((d) => (
              <option key={d} value={d}>
                {decisionLabels[d]}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <FormError>{error}</FormError>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={api.addCorrection.isPending || !(form.text.trim() || form.journeyId || form.tool.trim() || form.decision)}>
          Save correction
        </Button>
      </div>
    </form>
  );
}
