"use client";

import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { type ComputedFactProblem, MAX_EXPRESSION_LENGTH, positionText } from "@/lib/policy/expression";
import { describeExpression } from "@/lib/policy/render";
import type { ComputedFact } from "@/lib/schemas/policy";
import type { FactOption } from "./condition-builder";

interface Props {
  facts: ComputedFact[];
  /** The first problem among them (each is checked against the agent's facts and the ones above it). */
  problem: ComputedFactProblem | null;
  agentFacts: FactOption[];
  editable: boolean;
  onChange: (next: ComputedFact[]) => void;
}

/**
 * Facts the policy computes before its rules run, in order, each from the agent's facts and the computed
 * facts above it (e.g. `refund_share = request.refund_amount / order.total`). The rules then use them by
 * name, and the trace shows their values.
 */
export function ComputedFacts({ facts, problem, agentFacts, editable, onChange }: Props) {
  const set = (i: number, patch: Partial<ComputedFact>) => onChange(facts.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const add = () => {
    let n = facts.length + 1;
    while (facts.some((f) => f.name === `computed_${n}`)) n++;
    onChange([...facts, { name: `computed_${n}`, expr: "", description: "" }]);
  };
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
                <Button variant="ghost" size="sm" aria-label={`Remove ${label}`} onClick={() => onChange(facts.filter((_, j) => j !== i))}>
                  <Trash2 />
                </Button>
              ) : null}
            </fieldset>
          );
        })}
        {editable ? (
          <Button variant="ghost" size="sm" onClick={add}>
            <Plus /> Add computed fact
          </Button>
        ) : null}
      </CardContent>
    </Card>
  );
}
