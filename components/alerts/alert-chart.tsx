"use client";

import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceDot, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

// Colours at ≥ 3:1 against white; the alert's numbers are written out beside the chart (its text alternative).
const SERIES = "#0369a1";
const BAND = "#a1a1aa";
const FIRED = "#b91c1c";
const axis = { fontSize: 12, fill: "#3f3f46" };

export interface AlertChartPoint {
  label: string;
  value: number | null;
  expected: number | null;
  band: [number, number] | null;
  fired: boolean;
}

/** The metric day by day, its baseline band (expected ± k scaled MADs), and the day that fired. */
export function AlertChart({ data, rate }: { data: AlertChartPoint[]; rate: boolean }) {
  const fired = data.find((d) => d.fired);
  const format = (v: number) => (rate ? `${Math.round(v * 100)}%` : String(Math.round(v * 10) / 10));
  return (
    <div aria-hidden="true" className="h-72 w-full" data-testid="alert-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} accessibilityLayer={false} margin={{ top: 12, right: 12, bottom: 0, left: -8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e4e4e7" />
          <XAxis dataKey="label" tick={axis} minTickGap={16} />
          <YAxis tick={axis} tickFormatter={format} allowDecimals={rate} />
          <Tooltip formatter={(v) => (Array.isArray(v) ? v.map((x) => format(Number(x))).join(" – ") : format(Number(v)))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Area dataKey="band" name="Baseline band" stroke="none" fill={BAND} fillOpacity={0.3} isAnimationActive={false} connectNulls />
          <Line dataKey="expected" name="Expected" stroke="#52525b" strokeDasharray="5 4" dot={false} isAnimationActive={false} connectNulls />
          <Line dataKey="value" name="Actual" stroke={SERIES} strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
          {fired && fired.value !== null ? <ReferenceDot x={fired.label} y={fired.value} r={6} fill={FIRED} stroke="#fff" strokeWidth={2} /> : null}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
