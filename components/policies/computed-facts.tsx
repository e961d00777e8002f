"use client";

import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { type ComputedFactProblem } from "@/lib/policy/computed-facts";
import { MAX_EXPRESSION_LENGTH, positionText } from "@/lib/policy/expression";
import { describeExpression } from "@/lib/policy/render";
import type { ComputedFact, ExpressionFact } from "@/lib/schemas/policy";
import type { FactOption } from "./condition-builder";
import { DecisionTableEditor, newDecisionTable } from "./decision-table-editor";

interface Props {
  facts: ComputedFact[];
  /** The first problem among them (each is checked against the agent's facts and the ones above it). */
  problem: ComputedFactProblem | null;
  agentFacts: FactOption[];
  /** The computed facts typed so far (those above the first problem), which the ones below may use. */
  computedFacts: FactOption[];
  editable: boolean;
  onChange: (next: ComputedFact[]) => void;
}

/**
 * Facts the policy computes before its rules run, in order, each from the agent's facts and the computed
 * facts above it (e.g. `refund_share = request.refund_amount / order.total`). The rules then use them by
 * name, and the trace shows their values.
 */
export function ComputedFacts({ facts, problem, agentFacts, computedFacts, editable, onChange }: Props) {
  const replace = (i: number, next: ComputedFact) => onChange(facts.map((f, j) => (j === i ? next : f)));
  const set = (i: number, patch: Partial<ExpressionFact>) => replace(i, { ...(facts[i] as ExpressionFact), ...patch });
  const remove = (i: number) => onChange(facts.filter((_, j) => j !== i));
  const freeName = (prefix: string) => {
    let n = facts.length + 1;
    while (facts.some((f) => f.name === `${prefix}_${n}`)) n++;
    return `${prefix}_${n}`;
  };
  const add = () => onChange([...facts, { name: freeName("computed"), expr: "", description: "" }]);
  // A table's rows may use the agent's facts and the computed facts above it.
  const factsAbove = (i: number) => [...agentFacts, ...computedFacts.filter((f) => facts.findIndex((c) => c.name === f.name) < i)];
  const addTable = () => onChange([...facts, newDecisionTable(freeName("table"), factsAbove(facts.length))]);
  return (
    <Card data-testid="computed-facts">
      <CardHeader>
        <CardTitle>Computed facts</CardTitle>
        <CardDescription>
          Worked out before the rules, top to bottom, from the agent&apos;s facts ({agentFacts.length}) and the computed facts above. The rules use them by name.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        {facts.length === 0 ? <p className="text-sm text-zinc-500">None yet, e.g. the share of the order a refund is: request.refund_amount / order.total.</p> : null}
        {facts.map((fact, i) => {
          const label = `Computed fact ${i + 1}`;
          const wrong = problem?.index === i ? problem : null;
          // Below a problem nothing is checked yet: its own reading waits.
          const checked = !problem || i < problem.index;
          if ("table" in fact) {
            return (
              <DecisionTableEditor
                key={i}
                fact={fact}
                label={label}
                problem={wrong}
                checked={checked}
                facts={factsAbove(i)}
                editable={editable}
                onChange={(next) => replace(i, next)}
                onRemove={() => remove(i)}
              />
            );
          }
          return (
            <fieldset key={i} disabled={!editable} className="grid gap-2 rounded-md border border-zinc-200 p-2 md:grid-cols-[14rem_1fr_auto]" data-testid="computed-fact" data-valid={!wrong}>
              <Input aria-label={`${label} name`} className="h-8 font-mono text-xs" value={fact.name} onChange={(e) => set(i, { name: e.target.value })} />
              <div className="space-y-1">
                <Textarea
                  aria-label={`${label} expression`}
                  aria-invalid={wrong ? true : undefined}
                  rows={1}
                  maxLength={MAX_EXPRESSION_LENGTH}
                  spellCheck={false}
                  className="font-mono text-xs"
                  placeholder="request.refund_amount / order.total"
                  value={fact.expr}
                  onChange={(e) => set(i, { expr: e.target.value })}
                />
                {wrong ? (
                  <p className="text-xs text-red-700" data-testid="computed-fact-problem">
                    {wrong.message} ({positionText(wrong)})
                  </p>
                ) : checked && fact.expr ? (
                  <p className="text-xs text-zinc-600">
                    {fact.name} is {describeExpression(fact.expr)}
                  </p>
                ) : null}
              </div>
              {editable ? (
                <Button variant="ghost" size="sm" aria-label={`Remove ${label}`} onClick={() => remove(i)}>
                  <Trash2 />
                </Button>
              ) : null}
            </fieldset>
          );
        })}
        {editable ? (
          <div className="flex flex-wrap gap-1">
            <Button variant="ghost" size="sm" onClick={add}>
              <Plus /> Add computed fact
            </Button>
            <Button variant="ghost" size="sm" onClick={addTable}>
              <Plus /> Decision table
            </Button>
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
