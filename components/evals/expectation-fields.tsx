"use client";

import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { type ArgsMatch, type ChangeRow, type Decision, type ExpectationRow, type OutcomeStatus, emptyChange, outcomeStatuses } from "./case-form";
import { ToolSelect } from "./tool-select";
import { JsonField } from "./json-field";

const matchLabels: Record<ArgsMatch, string> = {
  subset: "These keys have these values",
  exact: "Exactly these arguments",
  pattern: "Each value is a pattern (regular expression)",
};
const decisionLabels: Record<Decision, string> = { allow: "Allow", deny: "Deny", require_confirmation: "Require confirmation", escalate: "Escalate" };
const outcomeLabels: Record<OutcomeStatus, string> = { open: "Open", resolved: "Resolved", escalated: "Escalated", abandoned: "Abandoned" };

interface ExpectationFieldsProps {
  row: ExpectationRow;
  /** The row's form path, e.g. `definition.expectations.2`. */
  at: string;
  err: (path: string) => string | undefined;
  onChange: (changes: Partial<ExpectationRow>) => void;
  toolNames: string[];
  journeyNames: string[];
  decisions: readonly Decision[];
}

/** The fields of one expectation's kind. */
export function ExpectationFields({ row, at, err, onChange, toolNames, journeyNames, decisions }: ExpectationFieldsProps) {
  const tool = (
    <FormField label="Tool" error={err(`${at}.tool`)}>
      {(p) => <ToolSelect {...p} data-field={`${at}.tool`} names={toolNames} value={row.tool} onChange={(value) => onChange({ tool: value })} />}
    </FormField>
  );
  const turn = (
    <FormField label="Reply number" error={err(`${at}.turn`)} hint="Optional: only this reply (1 is the reply to the first message). Empty: any reply.">
      {(p) => <Input {...p} data-field={`${at}.turn`} type="number" min={1} value={row.turn} onChange={(e) => onChange({ turn: e.target.value })} className="w-28" />}
    </FormField>
  );

  switch (row.kind) {
    case "journey":
      return (
        <FormField label="Journey" error={err(`${at}.journey`)}>
          {(p) => (
            <Select {...p} data-field={`${at}.journey`} value={row.journey} onChange={(e) => onChange({ journey: e.target.value })}>
              <option value="">Choose a journey</option>
              {row.journey && !journeyNames.includes(row.journey) ? <option value={row.journey}>{row.journey} (not a journey of this agent)</option> : null}
              {journeyNames.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </Select>
          )}
        </FormField>
      );
    case "tool_called":
      return (
        <div className="space-y-3">
          <div className="grid gap-3 sm:grid-cols-2">
            {tool}
            <FormField label="Arguments match" error={err(`${at}.match`)}>
              {(p) => (
                <Select {...p} data-field={`${at}.match`} value={row.match} onChange={(e) => onChange({ match: e.target.value as ArgsMatch })}>
                  {(Object.keys(matchLabels) as ArgsMatch[]).map((m) => (
                    <option key={m} value={m}>
                      {matchLabels[m]}
                    </option>
                  ))}
                </Select>
              )}
            </FormField>
          </div>
          <JsonField
            label="Arguments (JSON, optional)"
            path={`${at}.args`}
            shape="object"
            value={row.args}
            onChange={(args) => onChange({ args })}
            error={err(`${at}.args`)}
            hint="Empty: any call of the tool passes."
            placeholder={'{"order_id": "#W2378156"}'}
            rows={2}
          />
        </div>
      );
    case "tool_not_called":
      return tool;
    case "decision":
      return (
        <div className="grid gap-3 sm:grid-cols-3">
          {tool}
          <FormField label="Decision" error={err(`${at}.decision`)}>
            {(p) => (
              <Select {...p} data-field={`${at}.decision`} value={row.decision} onChange={(e) => onChange({ decision: e.target.value as Decision })}>
                {decisions.map((d) => (
                  <option key={d} value={d}>
                    {decisionLabels[d]}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
          <FormField label="By rule (optional)" error={err(`${at}.rule`)}>
            {(p) => <Input {...p} data-field={`${at}.rule`} maxLength={100} value={row.rule} onChange={(e) => onChange({ rule: e.target.value })} />}
          </FormField>
        </div>
      );
    case "writes":
      return (
        <FormField label="Number of writes" error={err(`${at}.count`)} hint="Calls of the agent's write tools that ran.">
          {(p) => <Input {...p} data-field={`${at}.count`} type="number" min={0} max={100} value={row.count} onChange={(e) => onChange({ count: e.target.value })} className="w-28" />}
        </FormField>
      );
    case "reply_contains":
    case "reply_not_contains":
      return (
        <div className="grid gap-3 sm:grid-cols-[2fr_1fr]">
          <FormField label="Text" error={err(`${at}.text`)} hint="Case-insensitive.">
            {(p) => <Input {...p} data-field={`${at}.text`} maxLength={500} value={row.text} onChange={(e) => onChange({ text: e.target.value })} />}
          </FormField>
          {turn}
        </div>
      );
    case "reply_matches":
      return (
        <div className="grid gap-3 sm:grid-cols-[2fr_1fr]">
          <FormField label="Pattern" error={err(`${at}.pattern`)} hint="A regular expression, case-insensitive.">
            {(p) => <Input {...p} data-field={`${at}.pattern`} className="font-mono" maxLength={500} value={row.pattern} onChange={(e) => onChange({ pattern: e.target.value })} />}
          </FormField>
          {turn}
        </div>
      );
    case "citation":
      return (
        <FormField label="Document title (optional)" error={err(`${at}.document`)} hint="Empty: any cited document passes.">
          {(p) => <Input {...p} data-field={`${at}.document`} maxLength={300} value={row.document} onChange={(e) => onChange({ document: e.target.value })} />}
        </FormField>
      );
    case "escalated":
      return (
        <div className="space-y-3">
          <FormField label="Handed to a person" error={err(`${at}.value`)}>
            {(p) => (
              <Select {...p} data-field={`${at}.value`} value={row.value ? "yes" : "no"} onChange={(e) => onChange({ value: e.target.value === "yes" })}>
                <option value="yes">Yes, the conversation is escalated</option>
                <option value="no">No, the agent keeps it</option>
              </Select>
            )}
          </FormField>
          {row.value ? (
            <FormField label="Reason contains (optional)" error={err(`${at}.reason`)}>
              {(p) => <Input {...p} data-field={`${at}.reason`} maxLength={300} value={row.reason} onChange={(e) => onChange({ reason: e.target.value })} />}
            </FormField>
          ) : null}
        </div>
      );
    case "outcome":
      return (
        <FormField label="Ends as" error={err(`${at}.status`)}>
          {(p) => (
            <Select {...p} data-field={`${at}.status`} value={row.status} onChange={(e) => onChange({ status: e.target.value as OutcomeStatus })}>
              {outcomeStatuses.map((s) => (
                <option key={s} value={s}>
                  {outcomeLabels[s]}
                </option>
              ))}
            </Select>
          )}
        </FormField>
      );
    case "end_state":
      return <EndStateFields row={row} at={at} err={err} onChange={onChange} />;
    case "judge":
      return (
        <FormField label="Rubric" error={err(`${at}.rubric`)} hint="What the judge model checks in the whole conversation.">
          {(p) => <Textarea {...p} data-field={`${at}.rubric`} rows={3} maxLength={2000} value={row.rubric} onChange={(e) => onChange({ rubric: e.target.value })} />}
        </FormField>
      );
  }
}

function EndStateFields({ row, at, err, onChange }: Pick<ExpectationFieldsProps, "row" | "at" | "err" | "onChange">) {
  const setChange = (j: number, changes: Partial<ChangeRow>) => onChange({ changes: row.changes.map((c, k) => (k === j ? { ...c, ...changes } : c)) });
  return (
    <div className="space-y-3">
      <p className="text-xs text-zinc-600">Records of the sandbox store after the case, by path (e.g. /orders/#W2378156/status) and their JSON value; null when removed. No rows: the store is unchanged.</p>
      {err(`${at}.changes`) ? <FormError>{err(`${at}.changes`)}</FormError> : null}
      {row.changes.map((c, j) => (
        <div key={c.key} className="grid items-start gap-2 sm:grid-cols-[1fr_1fr_auto]" data-testid="end-state-change">
          <FormField label={`Path ${j + 1}`} error={err(`${at}.changes.${j}.path`)}>
            {(p) => <Input {...p} data-field={`${at}.changes.${j}.path`} className="font-mono text-xs" value={c.path} placeholder="/orders/#W2378156/status" onChange={(e) => setChange(j, { path: e.target.value })} />}
          </FormField>
          <JsonField
            label={`Value ${j + 1} (JSON)`}
            path={`${at}.changes.${j}.value`}
            shape="value"
            value={c.value}
            onChange={(value) => setChange(j, { value })}
            error={err(`${at}.changes.${j}.value`)}
            placeholder={'"cancelled"'}
            rows={1}
          />
          <Button variant="ghost" size="icon" className="mt-6" aria-label={`Remove change ${j + 1}`} onClick={() => onChange({ changes: row.changes.filter((_, k) => k !== j) })}>
            <Trash2 />
          </Button>
        </div>
      ))}
      <div className="flex flex-wrap items-center gap-4">
        <Button variant="secondary" size="sm" disabled={row.changes.length >= 200} onClick={() => onChange({ changes: [...row.changes, emptyChange()] })}>
          <Plus /> Add change
        </Button>
        <label className="flex items-center gap-2 text-sm text-zinc-700">
          <input type="checkbox" data-field={`${at}.exact`} checked={row.exact} onChange={(e) => onChange({ exact: e.target.checked })} />
          Nothing else in the store changed
        </label>
      </div>
    </div>
  );
}
