"use client";

import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { type ComputedFactProblem, computedFactProblemText } from "@/lib/policy/computed-facts";
import { MAX_TABLE_ROWS, type TableValueType, tableValueType } from "@/lib/policy/decision-table";
import { describeTable, type FactTypeOf } from "@/lib/policy/render";
import type { DecisionTable, TableFact, TableValue } from "@/lib/schemas/policy";
import { ConditionBuilder, type FactOption, newComparison } from "./condition-builder";

interface Props {
  fact: TableFact;
  label: string;
  /** The problem of this table, if the first problem of the policy's computed facts is here. */
  problem: ComputedFactProblem | null;
  /** Checked: no problem here or above, so its reading can be shown. */
  checked: boolean;
  /** The facts its rows may use: the agent's and the computed facts above it. */
  facts: FactOption[];
  editable: boolean;
  onChange: (next: TableFact) => void;
  onRemove: () => void;
}

const emptyValue: Record<TableValueType, TableValue> = { number: 0, string: "", boolean: false };
const asType = (value: TableValue, type: TableValueType): TableValue => (tableValueType(value) === type ? value : emptyValue[type]);

/** A new table: one row the builder fills in, a number, the first row that holds decides. */
export function newDecisionTable(name: string, facts: FactOption[]): TableFact {
  return { name, description: "", table: { hit: "first", rows: [{ when: { all: [newComparison(facts)] }, value: 0 }] } };
}

/**
 * A computed fact picked by rows of conditions (e.g. an allowance by loyalty tier × room class): each row a
 * condition from the condition builder and a value, in order, with what it is when no row holds. Problems
 * found by the same check the save runs are shown at their row.
 */
export function DecisionTableEditor({ fact, label, problem, checked, facts, editable, onChange, onRemove }: Props) {
  const { table } = fact;
  const type = tableValueType(table.rows[0]?.value ?? 0);
  const setTable = (patch: Partial<DecisionTable>) => onChange({ ...fact, table: { ...table, ...patch } });
  const setRows = (rows: DecisionTable["rows"]) => setTable({ rows });
  const setType = (next: TableValueType) =>
    setTable({ rows: table.rows.map((r) => ({ ...r, value: asType(r.value, next) })), ...(table.otherwise !== undefined ? { otherwise: asType(table.otherwise, next) } : {}) });
  const move = (i: number, by: -1 | 1) => {
    const rows = [...table.rows];
    [rows[i], rows[i + by]] = [rows[i + by]!, rows[i]!];
    setRows(rows);
  };
  const typeOf: FactTypeOf = (name) => facts.find((f) => f.name === name)?.type;
  const problemAt = (row?: number) => (problem && problem.table?.row === row ? computedFactProblemText(problem) : null);
  const tableProblem = problemAt(undefined);

  return (
    <fieldset disabled={!editable} className="space-y-3 rounded-md border border-zinc-200 p-3" data-testid="decision-table" data-valid={!problem}>
      <legend className="px-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase">{label}: decision table</legend>
      <div className="flex flex-wrap items-center gap-2">
        <Input aria-label={`${label} name`} className="h-8 w-56 font-mono text-xs" value={fact.name} onChange={(e) => onChange({ ...fact, name: e.target.value })} />
        <Select aria-label={`${label} hit policy`} className="h-8 w-56" value={table.hit} onChange={(e) => setTable({ hit: e.target.value as DecisionTable["hit"] })}>
          <option value="first">First match: the first row that holds</option>
          <option value="unique">Exactly one: rows must exclude each other</option>
        </Select>
        <Select aria-label={`${label} value type`} className="h-8 w-36" value={type} onChange={(e) => setType(e.target.value as TableValueType)}>
          <option value="number">Numbers</option>
          <option value="string">Text</option>
          <option value="boolean">Yes/no</option>
        </Select>
        {editable ? (
          <Button variant="ghost" size="sm" aria-label={`Remove ${label}`} onClick={onRemove}>
            <Trash2 />
          </Button>
        ) : null}
      </div>
      {tableProblem ? (
        <p className="text-xs text-red-700" data-testid="computed-fact-problem">
          {tableProblem}
        </p>
      ) : null}

      <ol className="space-y-2">
        {table.rows.map((row, i) => {
          const rowLabel = `${label} row ${i + 1}`;
          const wrong = problemAt(i);
          return (
            <li key={i} className="space-y-2 rounded-md border border-zinc-100 bg-zinc-50/40 p-2" data-testid="decision-table-row" data-valid={!wrong}>
              <div className="flex flex-wrap items-center gap-2">
                <span className="text-xs font-semibold text-zinc-500">Row {i + 1}</span>
                <span className="text-xs text-zinc-500">gives</span>
                <TableValueInput type={type} value={row.value} label={`${rowLabel} value`} onChange={(value) => setRows(table.rows.map((r, j) => (j === i ? { ...r, value } : r)))} />
                {editable ? (
                  <span className="ml-auto flex items-center gap-1">
                    <Button variant="ghost" size="icon" aria-label={`Move ${rowLabel} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                      <ArrowUp />
                    </Button>
                    <Button variant="ghost" size="icon" aria-label={`Move ${rowLabel} down`} disabled={i === table.rows.length - 1} onClick={() => move(i, 1)}>
                      <ArrowDown />
                    </Button>
                    <Button variant="ghost" size="icon" aria-label={`Remove ${rowLabel}`} disabled={table.rows.length === 1} onClick={() => setRows(table.rows.filter((_, j) => j !== i))}>
                      <Trash2 />
                    </Button>
                  </span>
                ) : null}
              </div>
              <ConditionBuilder value={row.when} facts={facts} label={rowLabel} onChange={(when) => setRows(table.rows.map((r, j) => (j === i ? { ...r, when } : r)))} />
              {wrong ? (
                <p className="text-xs text-red-700" data-testid="decision-table-row-problem">
                  {wrong}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>

      <div className="flex flex-wrap items-center gap-2">
        {editable ? (
          <Button variant="ghost" size="sm" disabled={table.rows.length >= MAX_TABLE_ROWS} onClick={() => setRows([...table.rows, { when: { all: [newComparison(facts)] }, value: emptyValue[type] }])}>
            <Plus /> Add row
          </Button>
        ) : null}
        <Select
          aria-label={`${label} when no row holds`}
          className="h-8 w-56"
          value={table.otherwise === undefined ? "unknown" : "value"}
          onChange={(e) => setTable({ otherwise: e.target.value === "value" ? emptyValue[type] : undefined })}
        >
          <option value="unknown">No row holds: not known</option>
          <option value="value">No row holds: otherwise…</option>
        </Select>
        {table.otherwise !== undefined ? <TableValueInput type={type} value={table.otherwise} label={`${label} otherwise value`} onChange={(otherwise) => setTable({ otherwise })} /> : null}
      </div>
      {checked && !problem ? (
        <p className="text-xs text-zinc-600" data-testid="decision-table-reading">
          {describeTable(fact.name, table, typeOf)}
        </p>
      ) : null}
    </fieldset>
  );
}

function TableValueInput({ type, value, label, onChange }: { type: TableValueType; value: TableValue; label: string; onChange: (v: TableValue) => void }) {
  if (type === "boolean") {
    return (
      <Select aria-label={label} className="h-8 w-24" value={String(value)} onChange={(e) => onChange(e.target.value === "true")}>
        <option value="true">yes</option>
        <option value="false">no</option>
      </Select>
    );
  }
  if (type === "number") {
    return <Input aria-label={label} type="number" className="h-8 w-32" value={typeof value === "number" ? value : 0} onChange={(e) => onChange(e.target.value === "" ? 0 : Number(e.target.value))} />;
  }
  return <Input aria-label={label} className="h-8 w-48" value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value)} />;
}
