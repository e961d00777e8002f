"use client";

import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

// Colours at ≥ 3:1 against white (WCAG 1.4.11 for graphics); the charts' numbers are also in the tables
// beside them, which are the text alternative (the charts themselves are hidden from screen readers).
export const OUTCOME_COLOURS = { resolved: "#047857", escalated: "#c2410c", abandoned: "#52525b", open: "#0369a1" } as const;
export const DECISION_COLOURS = { allow: "#047857", deny: "#b91c1c", require_confirmation: "#a16207", escalate: "#c2410c" } as const;
export const DECISION_LABELS = { allow: "Allowed", deny: "Denied", require_confirmation: "Confirmation asked", escalate: "Escalated" } as const;
const OUTCOMES = ["resolved", "escalated", "abandoned", "open"] as const;

const axis = { fontSize: 12, fill: "#3f3f46" };

export interface DailyPoint {
  label: string;
  resolved: number;
  escalated: number;
  abandoned: number;
  open: number;
  previous: number;
}

/** Conversations per day stacked by outcome, with the previous period's daily total as a dashed line. */
export function DailyChart({ data, onSelect }: { data: DailyPoint[]; onSelect: (index: number) => void }) {
  return (
    <div aria-hidden="true" className="h-64 w-full" data-testid="daily-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e4e4e7" />
          <XAxis dataKey="label" tick={axis} />
          <YAxis allowDecimals={false} tick={axis} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {OUTCOMES.map((o) => (
            <Bar key={o} dataKey={o} stackId="day" fill={OUTCOME_COLOURS[o]} cursor="pointer" onClick={(_, i) => onSelect(i)} isAnimationActive={false} />
          ))}
          <Line dataKey="previous" name="previous period" stroke="#18181b" strokeDasharray="5 4" dot={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

export interface BreakdownPoint {
  label: string;
  resolved: number;
  escalated: number;
  abandoned: number;
  open: number;
}

/** One horizontal bar per channel / journey / release, stacked by outcome. */
export function BreakdownChart({ data, onSelect, testId }: { data: BreakdownPoint[]; onSelect: (index: number) => void; testId: string }) {
  return (
    <div aria-hidden="true" className="w-full" style={{ height: 48 + data.length * 36 }} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" accessibilityLayer={false} margin={{ top: 0, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e4e4e7" />
          <XAxis type="number" allowDecimals={false} tick={axis} />
          <YAxis type="category" dataKey="label" width={130} tick={axis} />
          <Tooltip />
          {OUTCOMES.map((o) => (
            <Bar key={o} dataKey={o} stackId="b" fill={OUTCOME_COLOURS[o]} cursor="pointer" onClick={(_, i) => onSelect(i)} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export type RulePoint = { label: string } & Record<keyof typeof DECISION_LABELS, number>;

/** The rules that decided most often, stacked by the gate's decision. */
export function PolicyRulesChart({ data }: { data: RulePoint[] }) {
  return (
    <div aria-hidden="true" className="w-full" style={{ height: 64 + data.length * 36 }} data-testid="policy-rules-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" accessibilityLayer={false} margin={{ top: 0, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e4e4e7" />
          <XAxis type="number" allowDecimals={false} tick={axis} />
          <YAxis type="category" dataKey="label" width={200} tick={axis} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {(Object.keys(DECISION_LABELS) as (keyof typeof DECISION_LABELS)[]).map((d) => (
            <Bar key={d} dataKey={d} name={DECISION_LABELS[d]} stackId="r" fill={DECISION_COLOURS[d]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
