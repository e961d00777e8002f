import type { Scale } from "@/lib/schemas/scorecards";

// What each scale accepts, how a value reads, and its points on 0..1 (what averages and filters use).
// Shared by the services and the UI.

export const passFailValues = ["pass", "fail", "na"] as const;
export const oneToFiveValues = ["1", "2", "3", "4", "5"] as const;

/** A score below this many points is a failure of its criterion: fail, or 1–2 on a 1–5 scale. */
export const FAILING_POINTS = 0.5;

export function valuesOf(criterion: { scale: Scale; options: readonly string[] }): readonly string[] {
  if (criterion.scale === "pass_fail") return passFailValues;
  if (criterion.scale === "one_to_five") return oneToFiveValues;
  return criterion.options;
}

export function isOnScale(criterion: { scale: Scale; options: readonly string[] }, value: string): boolean {
  return valuesOf(criterion).includes(value);
}

/** pass 1, fail 0, n in 1–5 as (n−1)/4; n.a. and choices have no points. */
export function pointsOf(scale: Scale, value: string): number | null {
  if (scale === "pass_fail") return value === "pass" ? 1 : value === "fail" ? 0 : null;
  if (scale === "one_to_five") return (Number(value) - 1) / 4;
  return null;
}

export function valueLabel(scale: Scale, value: string): string {
  if (scale === "pass_fail") return value === "pass" ? "Pass" : value === "fail" ? "Fail" : "N/A";
  if (scale === "one_to_five") return `${value}/5`;
  return value;
}

export const scaleLabels: Record<Scale, string> = { pass_fail: "Pass / fail / n.a.", one_to_five: "1–5", choice: "Choice" };

/** The AI judge's verdict on the scale: pass_fail by its pass, 1–5 as round(1 + 4·score); a choice it does not grade. */
export function valueFromVerdict(scale: Scale, verdict: { pass: boolean; score: number }): string | null {
  if (scale === "pass_fail") return verdict.pass ? "pass" : "fail";
  if (scale === "one_to_five") return String(Math.round(1 + 4 * Math.min(1, Math.max(0, verdict.score))));
  return null;
}

/** A score as a percentage for the list: the mean of the points, or null when nothing had points. */
export function formatPercent(points: number | null): string {
  return points === null ? "—" : `${Math.round(points * 100)}%`;
}
