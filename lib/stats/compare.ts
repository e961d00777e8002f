import { normalCdf, normalQuantile, tCdf, tQuantile } from "./distributions";

// Two arms of an experiment compared: each arm's estimate with a 95 % interval, the difference (b − a) with
// its interval, a two-sided p-value, and how many more per arm 80 % power would need at the observed
// difference. Proportions: Wilson intervals, the pooled two-proportion z test. Means: t intervals, Welch's t.

export const ALPHA = 0.05;
export const POWER = 0.8;

export interface Interval {
  low: number;
  high: number;
}

export interface Comparison {
  a: { n: number; estimate: number | null; interval: Interval | null };
  b: { n: number; estimate: number | null; interval: Interval | null };
  /** b − a. */
  difference: number | null;
  differenceInterval: Interval | null;
  /** The test's statistic (z, or Welch's t) and its degrees of freedom (z: none). */
  statistic: number | null;
  df: number | null;
  pValue: number | null;
  /** Per arm, at the observed difference and spread, for a two-sided test at 5 %; null when there is no difference to detect. */
  requiredPerArm: number | null;
  /** requiredPerArm minus the smaller arm's size, at least 0. */
  stillNeededPerArm: number | null;
}

const z = (p: number) => normalQuantile(p);

/** Wilson's score interval for k successes out of n. */
export function wilsonInterval(k: number, n: number, alpha = ALPHA): Interval | null {
  if (n === 0) return null;
  const q = z(1 - alpha / 2);
  const p = k / n;
  const centre = (p + (q * q) / (2 * n)) / (1 + (q * q) / n);
  const half = ((q / (1 + (q * q) / n)) * Math.sqrt((p * (1 - p)) / n + (q * q) / (4 * n * n)));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** The pooled two-proportion z test of arms a (ka of na) and b (kb of nb), two-sided. */
export function compareProportions(ka: number, na: number, kb: number, nb: number): Comparison {
  const pa = na ? ka / na : null;
  const pb = nb ? kb / nb : null;
  const base: Comparison = {
    a: { n: na, estimate: pa, interval: wilsonInterval(ka, na) },
    b: { n: nb, estimate: pb, interval: wilsonInterval(kb, nb) },
    difference: null,
    differenceInterval: null,
    statistic: null,
    df: null,
    pValue: null,
    requiredPerArm: null,
    stillNeededPerArm: null,
  };
  if (pa === null || pb === null) return base;
  const d = pb - pa;
  const q = z(1 - ALPHA / 2);
  const se = Math.sqrt((pa * (1 - pa)) / na + (pb * (1 - pb)) / nb);
  const pooled = (ka + kb) / (na + nb);
  const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb));
  const statistic = sePooled === 0 ? null : d / sePooled;
  const required = requiredForProportions(pa, pb);
  return {
    ...base,
    difference: d,
    differenceInterval: { low: d - q * se, high: d + q * se },
    statistic,
    pValue: statistic === null ? null : 2 * (1 - normalCdf(Math.abs(statistic))),
    requiredPerArm: required,
    stillNeededPerArm: required === null ? null : Math.max(0, required - Math.min(na, nb)),
  };
}

/** Per arm, to tell p1 from p2 at 5 % two-sided with 80 % power (the normal approximation R's power.prop.test solves). */
export function requiredForProportions(p1: number, p2: number, alpha = ALPHA, power = POWER): number | null {
  if (p1 === p2) return null;
  const pBar = (p1 + p2) / 2;
  const root = z(1 - alpha / 2) * Math.sqrt(2 * pBar * (1 - pBar)) + z(power) * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil((root * root) / ((p1 - p2) * (p1 - p2)));
}

/** Per arm, to tell means `delta` apart with the arms' variances, at 5 % two-sided with 80 % power (t quantiles, iterated on df). */
export function requiredForMeans(delta: number, varA: number, varB: number, alpha = ALPHA, power = POWER): number | null {
  if (delta === 0 || !Number.isFinite(delta)) return null;
  const spread = (varA + varB) / (delta * delta);
  let n = spread * (z(1 - alpha / 2) + z(power)) ** 2;
  for (let i = 0; i < 20; i++) {
    const df = Math.max(1, 2 * n - 2);
    const next = spread * (tQuantile(1 - alpha / 2, df) + tQuantile(power, df)) ** 2;
    if (Math.abs(next - n) < 1e-9) break;
    n = next;
  }
  return n;
}

export interface Sample {
  n: number;
  mean: number | null;
  /** The sample variance (n − 1 in the denominator); null below two values. */
  variance: number | null;
}

/** n, mean and sample variance of some values. */
export function summarize(values: readonly number[]): Sample {
  const n = values.length;
  if (n === 0) return { n, mean: null, variance: null };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = n < 2 ? null : values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  return { n, mean, variance };
}

/** The t interval of one sample's mean. */
export function meanInterval(s: Sample, alpha = ALPHA): Interval | null {
  if (s.mean === null || s.variance === null) return null;
  const half = tQuantile(1 - alpha / 2, s.n - 1) * Math.sqrt(s.variance / s.n);
  return { low: s.mean - half, high: s.mean + half };
}

/** Welch's t test of b's mean against a's, two-sided, with the Welch–Satterthwaite degrees of freedom. */
export function compareMeans(a: Sample, b: Sample): Comparison {
  const base: Comparison = {
    a: { n: a.n, estimate: a.mean, interval: meanInterval(a) },
    b: { n: b.n, estimate: b.mean, interval: meanInterval(b) },
    difference: a.mean !== null && b.mean !== null ? b.mean - a.mean : null,
    differenceInterval: null,
    statistic: null,
    df: null,
    pValue: null,
    requiredPerArm: null,
    stillNeededPerArm: null,
  };
  if (a.mean === null || b.mean === null || a.variance === null || b.variance === null) return base;
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se = Math.sqrt(va + vb);
  if (se === 0) return base;
  const d = b.mean - a.mean;
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const t = d / se;
  const half = tQuantile(1 - ALPHA / 2, df) * se;
  const required = requiredForMeans(d, a.variance, b.variance);
  return {
    ...base,
    differenceInterval: { low: d - half, high: d + half },
    statistic: t,
    df,
    pValue: 2 * (1 - tCdf(Math.abs(t), df)),
    requiredPerArm: required === null ? null : Math.ceil(required),
    stillNeededPerArm: required === null ? null : Math.max(0, Math.ceil(required) - Math.min(a.n, b.n)),
  };
}
