"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

// Colours at ≥ 3:1 against white; the numbers are also in the table beside the chart (its text alternative).
const CURRENT = "#0369a1";
const GAP = "#c2410c";
const PREVIOUS = "#71717a";
const axis = { fontSize: 12, fill: "#3f3f46" };

export interface TopicPoint {
  label: string;
  current: number;
  previous: number;
  gap: boolean;
}

/** Conversations per topic this period (gaps in orange) against the period before. */
export function TopicVolumeChart({ data, onSelect }: { data: TopicPoint[]; onSelect: (index: number) => void }) {
  // A gap's bar and a handled topic's bar are two series stacked on one slot, so the legend names both.
  const rows = data.map((d) => ({ label: d.label, handled: d.gap ? 0 : d.current, gap: d.gap ? d.current : 0, previous: d.previous }));
  return (
    <div aria-hidden="true" className="w-full" style={{ height: 72 + data.length * 40 }} data-testid="topic-volume-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} layout="vertical" accessibilityLayer={false} margin={{ top: 0, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e4e4e7" />
          <XAxis type="number" allowDecimals={false} tick={axis} />
          <YAxis type="category" dataKey="label" width={200} tick={axis} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="handled" name="This period" stackId="now" fill={CURRENT} cursor="pointer" onClick={(_, i) => onSelect(i)} isAnimationActive={false} />
          <Bar dataKey="gap" name="This period (gap)" stackId="now" fill={GAP} cursor="pointer" onClick={(_, i) => onSelect(i)} isAnimationActive={false} />
          <Bar dataKey="previous" name="Previous period" fill={PREVIOUS} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
