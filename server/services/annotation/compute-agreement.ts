// Agreement between two raters on the same items: percent agreement, Cohen's kappa and the confusion
// table. Pure, shared by the calibration page and its tests.

export interface Agreement {
  n: number;
  /** Share of items both raters put in the same category, 0..1; null with no items. */
  agreement: number | null;
  /** Cohen's kappa, (p_o − p_e) / (1 − p_e); null with no items or when chance agreement is 1 (both raters used one single category). */
  kappa: number | null;
  /** confusion[i][j]: items the first rater (people) put in values[i] and the second (the AI) in values[j]. */
  confusion: number[][];
}

/** `pairs` are [person's value, AI's value]; values outside `values` are ignored. */
export function computeAgreement(values: readonly string[], pairs: readonly (readonly [string, string])[]): Agreement {
  return agreementFromCounts(
    values,
    pairs.map(([a, b]) => [a, b, 1] as const),
  );
}

/** The same from counted cells: [person's value, AI's value, how many conversations]. */
export function agreementFromCounts(values: readonly string[], cells: readonly (readonly [string, string, number])[]): Agreement {
  const index = new Map(values.map((v, i) => [v, i]));
  const confusion = values.map(() => values.map(() => 0));
  let n = 0;
  for (const [a, b, count] of cells) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined) continue;
    confusion[i]![j]! += count;
    n += count;
  }
  if (n === 0) return { n, agreement: null, kappa: null, confusion };
  const observed = values.reduce((sum, _, i) => sum + confusion[i]![i]!, 0) / n;
  const rows = confusion.map((row) => row.reduce((a, b) => a + b, 0));
  const cols = values.map((_, j) => confusion.reduce((a, row) => a + row[j]!, 0));
  const chance = rows.reduce((sum, r, i) => sum + (r / n) * (cols[i]! / n), 0);
  const kappa = chance >= 1 ? null : (observed - chance) / (1 - chance);
  return { n, agreement: observed, kappa, confusion };
}

/** Trusted: enough variety to compute kappa, and kappa at or above the workspace's threshold. */
export function isTrusted(kappa: number | null, threshold: number): boolean {
  return kappa !== null && kappa >= threshold;
}
