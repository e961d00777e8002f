"use client";

import { useQuery } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { MAX_CASE_NAME, MAX_EXPECTATIONS, MAX_MOCKS, MAX_TURNS } from "@/lib/schemas/evals";
import type { ExpectationKind } from "@/lib/schemas/evals";
import { useTRPC } from "@/lib/trpc/client";
import {
  type CaseForm,
  type EvalCase,
  type ExpectationRow,
  type FieldError,
  type MockRow,
  decisions,
  emptyExpectation,
  emptyMock,
  expectationKinds,
  kindLabel,
  rowKey,
  validateCaseForm,
} from "./case-form";
import { ExpectationFields } from "./expectation-fields";
import { JsonField } from "./json-field";
import { ToolSelect } from "./tool-select";

export interface CaseEditorProps {
  workspace: string;
  /** The agent's slug: its tools and journeys fill the selects. */
  agent: string;
  initial: CaseForm;
  submitLabel: string;
  pending: boolean;
  /** The server's answer to the last save, shown as it is. */
  serverError: string | null;
  onSubmit: (value: EvalCase) => void;
  onCancel: () => void;
  /** Fields shown above the case's own (e.g. the suite to save it in). */
  before?: React.ReactNode;
  /** Offer "Known failure reason" (false for those who may not decide what blocks publishing). */
  knownFailure?: boolean;
}

/** A case as a form: customer, fixtures, tools and mocks, expectations. Checked with the server's schema before saving. */
export function CaseEditor({ workspace, agent, initial, submitLabel, pending, serverError, onSubmit, onCancel, before, knownFailure = true }: CaseEditorProps) {
  const trpc = useTRPC();
  const tools = useQuery(trpc.tools.list.queryOptions({ workspace, agent }));
  const journeys = useQuery(trpc.journeys.list.queryOptions({ workspace, agent }));
  const toolNames = (tools.data ?? []).map((t) => t.name);
  const journeyNames = (journeys.data ?? []).map((j) => j.name);
  const [form, setForm] = useState<CaseForm>(initial);
  const [error, setError] = useState<FieldError | null>(null);
  const [newKind, setNewKind] = useState<ExpectationKind>("reply_contains");
  const formRef = useRef<HTMLFormElement>(null);

  // After a failed check, take the person to the field that holds the first problem.
  useEffect(() => {
    if (!error?.path) return;
    formRef.current?.querySelector<HTMLElement>(`[data-field="${CSS.escape(error.path)}"]`)?.focus();
  }, [error]);

  const set = (changes: Partial<CaseForm>) => setForm((f) => ({ ...f, ...changes }));
  const err = (path: string) => (error?.path === path ? error.message : undefined);
  const setMock = (i: number, changes: Partial<MockRow>) => setForm((f) => ({ ...f, mocks: f.mocks.map((m, j) => (j === i ? { ...m, ...changes } : m)) }));
  const setExpectation = (i: number, changes: Partial<ExpectationRow>) =>
    setForm((f) => ({ ...f, expectations: f.expectations.map((e, j) => (j === i ? { ...e, ...changes } : e)) }));

  return (
    <form
      ref={formRef}
      noValidate
      className="space-y-6"
      data-testid="case-editor"
      onSubmit={(e) => {
        e.preventDefault();
        const result = validateCaseForm(form);
        if (!result.ok) return setError(result.error);
        setError(null);
        onSubmit(result.value);
      }}
    >
      {before}
      <div className="space-y-3">
        <FormField label="Case name" error={err("name")}>
          {(p) => <Input {...p} data-field="name" maxLength={MAX_CASE_NAME} value={form.name} onChange={(e) => set({ name: e.target.value })} placeholder="Cancels a pending order" />}
        </FormField>
        <FormField label="Description" error={err("description")} hint="Optional: what the case is about and why it matters.">
          {(p) => <Textarea {...p} data-field="description" rows={2} maxLength={2000} value={form.description} onChange={(e) => set({ description: e.target.value })} />}
        </FormField>
        {knownFailure ? (
          <FormField
            label="Known failure reason"
            error={err("knownFailure")}
            hint="Leave empty when the agent should pass. A known failure is reported on every run but does not block publishing."
          >
            {(p) => <Input {...p} data-field="knownFailure" maxLength={500} value={form.knownFailure} onChange={(e) => set({ knownFailure: e.target.value })} />}
          </FormField>
        ) : null}
      </div>

      <Section title="Customer" description="Who talks to the agent: a fixed script of messages, or a model playing a customer (needs an LLM provider).">
        <FormField label="Customer kind">
          {(p) => (
            <Select {...p} value={form.customerKind} onChange={(e) => set({ customerKind: e.target.value as CaseForm["customerKind"] })}>
              <option value="script">Script: these messages in order</option>
              <option value="simulated">Simulated: a model plays the customer</option>
            </Select>
          )}
        </FormField>
        {form.customerKind === "script" ? (
          <div className="space-y-2" data-testid="script-turns">
            {err("definition.customer.turns") ? <FormError>{err("definition.customer.turns")}</FormError> : null}
            {form.turns.map((t, i) => (
              <div key={t.key} className="flex items-end gap-2">
                <div className="flex-1">
                  <FormField label={`Message ${i + 1}`} error={err(`definition.customer.turns.${i}`)}>
                    {(p) => (
                      <Input
                        {...p}
                        data-field={`definition.customer.turns.${i}`}
                        maxLength={2000}
                        value={t.text}
                        onChange={(e) => set({ turns: form.turns.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)) })}
                      />
                    )}
                  </FormField>
                </div>
                <Button variant="ghost" size="icon" aria-label={`Remove message ${i + 1}`} disabled={form.turns.length === 1} onClick={() => set({ turns: form.turns.filter((_, j) => j !== i) })}>
                  <Trash2 />
                </Button>
              </div>
            ))}
            <Button variant="secondary" size="sm" disabled={form.turns.length >= MAX_TURNS} onClick={() => set({ turns: [...form.turns, { key: rowKey(), text: "" }] })}>
              <Plus /> Add message
            </Button>
          </div>
        ) : (
          <div className="grid gap-3 sm:grid-cols-2">
            <FormField label="Persona" error={err("definition.customer.persona")} hint="Who they are and how they write.">
              {(p) => <Textarea {...p} data-field="definition.customer.persona" rows={2} maxLength={1000} value={form.persona} onChange={(e) => set({ persona: e.target.value })} />}
            </FormField>
            <FormField label="Goal" error={err("definition.customer.goal")} hint="What they want from the conversation.">
              {(p) => <Textarea {...p} data-field="definition.customer.goal" rows={2} maxLength={1000} value={form.goal} onChange={(e) => set({ goal: e.target.value })} />}
            </FormField>
            <FormField label="What they know" error={err("definition.customer.knows")} hint="Optional: order numbers, emails, dates they can give.">
              {(p) => <Textarea {...p} data-field="definition.customer.knows" rows={2} maxLength={1000} value={form.knows} onChange={(e) => set({ knows: e.target.value })} />}
            </FormField>
            <FormField label="Opening message" error={err("definition.customer.opening")}>
              {(p) => <Textarea {...p} data-field="definition.customer.opening" rows={2} maxLength={2000} value={form.opening} onChange={(e) => set({ opening: e.target.value })} />}
            </FormField>
            <FormField label="Max turns" error={err("definition.customer.maxTurns")} hint={`The customer gives up after this many turns (1–${MAX_TURNS}).`}>
              {(p) => <Input {...p} data-field="definition.customer.maxTurns" type="number" min={1} max={MAX_TURNS} value={form.maxTurns} onChange={(e) => set({ maxTurns: e.target.value })} className="w-28" />}
            </FormField>
          </div>
        )}
      </Section>

      <Section title="Fixtures" description="What is true before the first message.">
        <div className="grid gap-3 sm:grid-cols-2">
          <FormField label="Verified user id" error={err("definition.fixtures.verifiedUserId")} hint="Optional: the case starts signed in as this backend user.">
            {(p) => <Input {...p} data-field="definition.fixtures.verifiedUserId" maxLength={200} value={form.verifiedUserId} onChange={(e) => set({ verifiedUserId: e.target.value })} placeholder="yusuf_rossi_9620" />}
          </FormField>
          <JsonField
            label="Customer data (JSON, optional)"
            path="definition.fixtures.customer"
            shape="object"
            value={form.customerData}
            onChange={(customerData) => set({ customerData })}
            error={err("definition.fixtures.customer")}
            hint="What the brand passes as the customer when the conversation starts."
            placeholder={'{"plan": "gold"}'}
            rows={2}
          />
        </div>
      </Section>

      <Section title="Tools" description="Sandbox runs the agent's tools for real against a throwaway copy of the demo store; mock answers each call with the first matching mock, and a call no mock matches fails with 404.">
        <FormField label="Tools run" error={err("definition.tools") ?? err("definition.mocks")}>
          {(p) => (
            <Select {...p} data-field="definition.tools" value={form.tools} onChange={(e) => set({ tools: e.target.value as CaseForm["tools"] })}>
              <option value="sandbox">In a sandbox store</option>
              <option value="mock">Against mocks</option>
            </Select>
          )}
        </FormField>
        {form.tools === "mock" ? (
          <div className="space-y-3" data-testid="mocks">
            {form.mocks.length === 0 ? <p className="text-sm text-zinc-600">No mocks: every tool call fails with 404.</p> : null}
            {form.mocks.map((m, i) => {
              const at = `definition.mocks.${i}`;
              return (
                <div key={m.key} className="relative rounded-md border border-zinc-200 p-3" data-testid="mock-row">
                  <Button variant="ghost" size="icon" className="absolute top-2 right-2" aria-label={`Remove mock ${i + 1}`} onClick={() => set({ mocks: form.mocks.filter((_, j) => j !== i) })}>
                    <Trash2 />
                  </Button>
                  <fieldset className="space-y-3">
                    <legend className="pr-10 text-sm font-medium text-zinc-800">Mock {i + 1}</legend>
                  <div className="grid gap-3 sm:grid-cols-2">
                    <FormField label="Tool" error={err(`${at}.tool`)}>
                      {(p) => <ToolSelect {...p} data-field={`${at}.tool`} names={toolNames} value={m.tool} onChange={(tool) => setMock(i, { tool })} />}
                    </FormField>
                    <FormField label="Answer with">
                      {(p) => (
                        <Select {...p} value={m.answer} onChange={(e) => setMock(i, { answer: e.target.value as MockRow["answer"] })}>
                          <option value="response">A response</option>
                          <option value="error">An error</option>
                        </Select>
                      )}
                    </FormField>
                  </div>
                  <JsonField
                    label="When the arguments include (JSON, optional)"
                    path={`${at}.args`}
                    shape="object"
                    value={m.args}
                    onChange={(args) => setMock(i, { args })}
                    error={err(`${at}.args`)}
                    hint="Empty matches any call of the tool."
                    placeholder={'{"order_id": "#W2378156"}'}
                    rows={2}
                  />
                  {m.answer === "response" ? (
                    <JsonField
                      label="Response body (JSON)"
                      path={`${at}.response`}
                      shape="value"
                      value={m.response}
                      onChange={(response) => setMock(i, { response })}
                      error={err(`${at}.response`)}
                      placeholder={'{"status": "pending"}'}
                    />
                  ) : (
                    <div className="grid gap-3 sm:grid-cols-[8rem_1fr]">
                      <FormField label="Status" error={err(`${at}.error.status`)}>
                        {(p) => <Input {...p} data-field={`${at}.error.status`} type="number" min={400} max={599} value={m.status} onChange={(e) => setMock(i, { status: e.target.value })} />}
                      </FormField>
                      <FormField label="Error message" error={err(`${at}.error.message`)}>
                        {(p) => <Input {...p} data-field={`${at}.error.message`} maxLength={500} value={m.message} onChange={(e) => setMock(i, { message: e.target.value })} />}
                      </FormField>
                    </div>
                  )}
                  </fieldset>
                </div>
              );
            })}
            <Button variant="secondary" size="sm" disabled={form.mocks.length >= MAX_MOCKS} onClick={() => set({ mocks: [...form.mocks, emptyMock()] })}>
              <Plus /> Add mock
            </Button>
          </div>
        ) : form.mocks.length > 0 ? (
          <p className="text-sm text-zinc-600">The {form.mocks.length} mock{form.mocks.length === 1 ? "" : "s"} of this case apply only when tools run against mocks; they are not saved while tools run in a sandbox.</p>
        ) : null}
      </Section>

      <Section title="Expectations" description="Each is checked and reported on its own; the case passes when all of them do.">
        {err("definition.expectations") ? <FormError>{err("definition.expectations")}</FormError> : null}
        <ol className="space-y-3">
          {form.expectations.map((e, i) => (
            <li key={e.key}>
              <div className="relative rounded-md border border-zinc-200 p-3" data-testid="expectation-row" data-kind={e.kind}>
                <Button
                  variant="ghost"
                  size="icon"
                  className="absolute top-2 right-2"
                  aria-label={`Remove expectation ${i + 1}`}
                  onClick={() => set({ expectations: form.expectations.filter((_, j) => j !== i) })}
                >
                  <Trash2 />
                </Button>
                <fieldset className="space-y-3">
                <legend className="pr-10 text-sm font-medium text-zinc-800">
                  {i + 1}. {kindLabel(e.kind)}
                </legend>
                {err(`definition.expectations.${i}`) ? <FormError>{err(`definition.expectations.${i}`)}</FormError> : null}
                <FormField label="Kind">
                  {(p) => (
                    <Select {...p} data-field={`definition.expectations.${i}`} value={e.kind} onChange={(ev) => setExpectation(i, { kind: ev.target.value as ExpectationKind })}>
                      {expectationKinds.map((k) => (
                        <option key={k.kind} value={k.kind}>
                          {k.label}
                        </option>
                      ))}
                    </Select>
                  )}
                </FormField>
                <ExpectationFields
                  row={e}
                  at={`definition.expectations.${i}`}
                  err={err}
                  onChange={(changes) => setExpectation(i, changes)}
                  toolNames={toolNames}
                  journeyNames={journeyNames}
                  decisions={decisions}
                />
                </fieldset>
              </div>
            </li>
          ))}
        </ol>
        <div className="flex flex-wrap items-end gap-2">
          <div className="w-64">
            <FormField label="New expectation">
              {(p) => (
                <Select {...p} value={newKind} onChange={(e) => setNewKind(e.target.value as ExpectationKind)}>
                  {expectationKinds.map((k) => (
                    <option key={k.kind} value={k.kind}>
                      {k.label}
                    </option>
                  ))}
                </Select>
              )}
            </FormField>
          </div>
          <Button
            variant="secondary"
            disabled={form.expectations.length >= MAX_EXPECTATIONS}
            onClick={() => set({ expectations: [...form.expectations, emptyExpectation(newKind)] })}
          >
            <Plus /> Add expectation
          </Button>
        </div>
      </Section>

      <FormError>{error && !error.path ? error.message : serverError}</FormError>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </Button>
      </div>
    </form>
  );
}

function Section({ title, description, children }: { title: string; description: string; children: React.ReactNode }) {
  return (
    <section className="space-y-3 border-t border-zinc-100 pt-4">
      <div>
        <h3 className="text-sm font-semibold text-zinc-900">{title}</h3>
        <p className="text-xs text-zinc-600">{description}</p>
      </div>
      {children}
    </section>
  );
}
