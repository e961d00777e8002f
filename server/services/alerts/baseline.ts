// The rolling baseline of a daily series and the test a day must fail to be an anomaly. Pure functions:
// the check (check-anomalies.ts), the alert's chart (get-alert.ts) and the tests share them.

/** 1 / Φ⁻¹(3/4): a MAD times this estimates the standard deviation of normally distributed values. */
export const MAD_SCALE = 1.4826;
export const DEFAULT_THRESHOLD = 3.5;
export const BASELINE_DAYS = 28;
/** Fewer usable days than this and there is no baseline: the day is not judged. */
export const MIN_BASELINE_DAYS = 7;
/** A day-of-week term needs this many samples of each group it compares. */
const MIN_SAMPLES_PER_GROUP = 2;

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of nothing");
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median absolute deviation from the median (unscaled). */
export function mad(values: readonly number[]): number {
  const m = median(values);
  return median(values.map((v) => Math.abs(v - m)));
}

export interface DayPoint {
  /** yyyy-mm-dd (UTC). */
  day: string;
  /** The metric that day; null when it has no denominator (a rate on a day without conversations). */
  value: number | null;
  /** Conversations (or policy decisions, for the denial rate) behind the value. */
  volume: number;
}

export type MetricKind = "count" | "rate";

export interface Baseline {
  /** Median of the baseline days plus the weekday's term. */
  expected: number;
  /** max(1.4826 × MAD of the residuals, the noise floor). */
  scale: number;
  /** The raw MAD of the residuals, before scaling and the floor. */
  mad: number;
  /** The weekday's term (0 without enough samples of every weekday). */
  weekdayTerm: number;
  days: number;
}

export const weekdayOf = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();
const isWeekend = (day: string) => weekdayOf(day) === 0 || weekdayOf(day) === 6;

/**
 * The day-of-week term: the median deviation from the level of the baseline days of the same weekday,
 * once every weekday has two samples (two weeks of history); before that, of the same kind of day
 * (weekend or working day), once each kind has two; before that, none.
 */
function dayOfWeekTerm(usable: readonly { day: string; value: number }[], level: number): (day: string) => number {
  const grouped = (groupOf: (day: string) => number) => {
    const groups = new Map<number, number[]>();
    for (const p of usable) groups.set(groupOf(p.day), [...(groups.get(groupOf(p.day)) ?? []), p.value - level]);
    return groups;
  };
  const complete = (groups: Map<number, number[]>, size: number) => groups.size === size && [...groups.values()].every((v) => v.length >= MIN_SAMPLES_PER_GROUP);
  const byWeekday = grouped(weekdayOf);
  if (complete(byWeekday, 7)) return (day) => median(byWeekday.get(weekdayOf(day))!);
  const byKind = grouped((day) => (isWeekend(day) ? 1 : 0));
  if (complete(byKind, 2)) return (day) => median(byKind.get(isWeekend(day) ? 1 : 0)!);
  return () => 0;
}

/**
 * The baseline from the usable points before a day (up to 28 of them, oldest first): level = their
 * median; a day-of-week term (dayOfWeekTerm); scale = 1.4826 × the MAD of the residuals once level and
 * term are taken out. The scale
 * never drops below the sampling noise of one day (√expected for counts, the binomial standard error at
 * the day's volume for rates), so a flat history (MAD 0) does not turn every wobble into an alert.
 */
export function computeBaseline(history: readonly DayPoint[], target: { day: string; volume: number }, kind: MetricKind): Baseline | null {
  const usable = history.filter((p): p is DayPoint & { value: number } => p.value !== null);
  if (usable.length < MIN_BASELINE_DAYS) return null;
  const level = median(usable.map((p) => p.value));
  const term = dayOfWeekTerm(usable, level);
  const residuals = usable.map((p) => p.value - level - term(p.day));
  const rawMad = mad(residuals);
  let expected = level + term(target.day);
  expected = kind === "rate" ? Math.min(1, Math.max(0, expected)) : Math.max(0, expected);
  return { expected, scale: Math.max(MAD_SCALE * rawMad, noiseFloor(kind, expected, target.volume)), mad: rawMad, weekdayTerm: term(target.day), days: usable.length };
}

/** The least spread a day can be judged against: Poisson for counts, binomial for rates. */
export function noiseFloor(kind: MetricKind, expected: number, volume: number): number {
  if (kind === "count") return Math.sqrt(Math.max(1, expected));
  const p = Math.min(0.95, Math.max(0.05, expected));
  return Math.sqrt((p * (1 - p)) / Math.max(1, volume));
}

/** Which way a metric going is bad news: more escalations are, fewer are not. */
export type Direction = "up" | "down" | "both";

export interface Judgement {
  baseline: Baseline;
  score: number;
  anomalous: boolean;
}

/**
 * Judges `series[index]` against the up-to-28 points before it. Anomalous when it departs by more than
 * `threshold` scaled MADs in the bad direction and the day has at least `minVolume` behind it (for
 * counts: the day or its expectation reaches it, so a drop to zero on a busy agent counts). A rate must
 * also pass an exact test: its count (7 abandoned of 38) must be as unlikely under the baseline's pooled
 * rate (Σ events / Σ volume, a binomial) as `threshold` standard deviations are under a normal curve —
 * small counts are skewed, and a median-and-MAD rule alone over-reacts to them.
 */
export function judgeDay(
  series: readonly DayPoint[],
  index: number,
  opts: { kind: MetricKind; direction: Direction; threshold: number; minVolume: number },
): Judgement | null {
  const point = series[index];
  if (!point || point.value === null) return null;
  const history = series.slice(Math.max(0, index - BASELINE_DAYS), index);
  const baseline = computeBaseline(history, point, opts.kind);
  if (!baseline) return null;
  const score = (point.value - baseline.expected) / baseline.scale;
  const volume = opts.kind === "count" ? Math.max(point.value, baseline.expected) : point.volume;
  const bad = opts.direction === "both" ? Math.abs(score) : opts.direction === "up" ? score : -score;
  let anomalous = volume >= opts.minVolume && bad > opts.threshold;
  if (anomalous && opts.kind === "rate") {
    const usable = history.filter((p) => p.value !== null);
    const pooled = usable.reduce((s, p) => s + p.value! * p.volume, 0) / Math.max(1, usable.reduce((s, p) => s + p.volume, 0));
    const events = Math.round(point.value * point.volume);
    const tail = score > 0 ? binomialUpperTail(events, point.volume, pooled) : binomialLowerTail(events, point.volume, pooled);
    anomalous = tail < normalTail(opts.threshold);
  }
  return { baseline, score, anomalous };
}

/** P(Z > z) for a standard normal Z (Abramowitz–Stegun 7.1.26 erfc, |error| < 1.5e-7). */
export function normalTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

/** P(X ≥ k) for X ~ Binomial(n, p). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let total = 0;
  for (let i = k; i <= n; i++) total += Math.exp(logChoose(n, i) + i * Math.log(p) + (n - i) * Math.log(1 - p));
  return Math.min(1, total);
}

/** P(X ≤ k) for X ~ Binomial(n, p). */
export function binomialLowerTail(k: number, n: number, p: number): number {
  return binomialUpperTail(n - k, n, 1 - p);
}
