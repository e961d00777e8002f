import { describe, expect, it } from "vitest";
import { addDays } from "@/lib/schemas/insights";
import { binomialLowerTail, binomialUpperTail, computeBaseline, type DayPoint, judgeDay, mad, MAD_SCALE, median, noiseFloor, normalTail } from "./baseline";
import { poisson, rng } from "@/test/random";

// A daily series built here: `values[i]` on the i-th day from a Monday.
const MONDAY = "2026-10-05";
const series = (values: (number | null)[], volume = 100): DayPoint[] => values.map((value, i) => ({ day: addDays(MONDAY, i), value, volume }));


describe("median and MAD", () => {
  it("match a hand computation", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    // [2, 4, 4, 5, 7, 9, 30]: median 5; deviations 3, 1, 1, 0, 2, 4, 25 → sorted 0 1 1 2 3 4 25 → MAD 2.
    expect(mad([2, 4, 4, 5, 7, 9, 30])).toBe(2);
  });

  it("ten days of history: the median, a working-day/weekend term, and 1.4826 × the residuals' MAD", () => {
    // Mon..Wed of the next week (not two of every weekday yet, but two weekend days).
    const history = series([230, 270, 200, 250, 290, 210, 240, 280, 220, 260]);
    // Level: median of the ten = 245. Weekend deviations −35, −5 → term −20. Working-day deviations
    // −15, 25, −45, 5, 45, 35, −25, 15 → sorted −45 −25 −15 5 15 25 35 45 → term (5 + 15) / 2 = 10.
    // Residuals (deviation − term): −25 15 −55 −5 35 | −15 15 | 25 −35 5 → their median is 0 and the
    // absolute values sorted 5 5 15 15 15 25 25 35 35 55 → MAD = (15 + 25) / 2 = 20; scale = 1.4826 × 20.
    const thursday = addDays(MONDAY, 10);
    const b = computeBaseline(history, { day: thursday, volume: 0 }, "count")!;
    expect(b).toMatchObject({ expected: 255, mad: 20, weekdayTerm: 10, days: 10 });
    expect(b.scale).toBeCloseTo(29.652, 10);
    expect(b.scale).toBeCloseTo(MAD_SCALE * 20, 12);
    const saturday = addDays(MONDAY, 12);
    expect(computeBaseline(history, { day: saturday, volume: 0 }, "count")).toMatchObject({ expected: 225, weekdayTerm: -20 });
  });

  it("a weekday term once every weekday has two samples: weekends expected lower", () => {
    // Four weeks: weekdays 50, 52, 48, 50, 50; Saturday and Sunday 20 (each week the same).
    const week = [50, 52, 48, 50, 50, 20, 20];
    const history = series([...week, ...week, ...week, ...week]);
    // Overall median: 28 values, 8 of them 20, 4 are 48, 12 are 50, 4 are 52 → sorted the 14th and 15th are 50 → 50.
    // Saturday's deviations are all −30 → term −30: a Saturday is expected at 20. Residuals: Tuesday 52 − 50 − 2 = 0, …
    // every residual is 0 (each weekday repeats exactly), so MAD = 0 and the scale is the Poisson floor √20.
    const saturday = addDays(MONDAY, 28 + 5);
    const b = computeBaseline(history, { day: saturday, volume: 0 }, "count")!;
    expect(b).toMatchObject({ expected: 20, weekdayTerm: -30, mad: 0 });
    expect(b.scale).toBeCloseTo(Math.sqrt(20), 12);
    const monday = computeBaseline(history, { day: addDays(MONDAY, 28), volume: 0 }, "count")!;
    expect(monday.expected).toBe(50);
  });

  it("rates get the binomial noise floor at the day's volume", () => {
    expect(noiseFloor("rate", 0.2, 100)).toBeCloseTo(Math.sqrt((0.2 * 0.8) / 100), 12);
    // Clamped to 5 %: a rate that is always 0 still has a floor.
    expect(noiseFloor("rate", 0, 25)).toBeCloseTo(Math.sqrt((0.05 * 0.95) / 25), 12);
    expect(noiseFloor("count", 0, 0)).toBe(1);
  });

  it("fewer than seven usable days: no baseline", () => {
    expect(computeBaseline(series([1, 2, 3, null, null, 4, 5, 6]), { day: "2026-10-20", volume: 1 }, "count")).toBeNull();
  });
});

describe("judgeDay", () => {
  const opts = { kind: "count" as const, direction: "both" as const, threshold: 3.5, minVolume: 10 };

  it("fires on an injected spike and on nothing else in seeded noise", () => {
    const random = rng(7);
    // Six weeks of Poisson noise around 40 on weekdays and 15 on weekends.
    const values = Array.from({ length: 42 }, (_, i) => poisson(i % 7 >= 5 ? 15 : 40, random));
    const quiet = series(values);
    const fired = quiet.map((_, i) => judgeDay(quiet, i, opts)).filter((j) => j?.anomalous);
    expect(fired).toHaveLength(0);
    // The same noise with one Wednesday doubled.
    const spiked = series(values.map((v, i) => (i === 37 ? v * 2 + 10 : v)));
    const judged = spiked.map((_, i) => judgeDay(spiked, i, opts));
    expect(judged.flatMap((j, i) => (j?.anomalous ? [i] : []))).toEqual([37]);
    expect(judged[37]!.score).toBeGreaterThan(3.5);
    // The weekday term: the spike is judged against a Wednesday, not against the weekly median.
    expect(judged[37]!.baseline.weekdayTerm).toBeGreaterThan(0);
  });

  it("a spike on too little volume does not fire", () => {
    const quiet = series([1, 0, 2, 1, 1, 0, 1, 2, 1, 0, 1, 1, 2, 9]);
    const j = judgeDay(quiet, 13, opts)!;
    expect(j.score).toBeGreaterThan(3.5);
    expect(j.anomalous).toBe(false); // 9 conversations, under the minimum of 10
    expect(judgeDay(quiet, 13, { ...opts, minVolume: 5 })!.anomalous).toBe(true);
  });

  it("only the bad direction fires for a rate", () => {
    const rates = series([0.2, 0.22, 0.18, 0.2, 0.21, 0.19, 0.2, 0.2, 0.21, 0.19, 0.02], 200);
    const up = { kind: "rate" as const, direction: "up" as const, threshold: 3.5, minVolume: 10 };
    const drop = judgeDay(rates, 10, up)!;
    expect(drop.score).toBeLessThan(-3.5);
    expect(drop.anomalous).toBe(false); // fewer escalations is not an alarm
    expect(judgeDay(rates, 10, { ...up, direction: "down" })!.anomalous).toBe(true);
  });

  it("a rate also passes an exact binomial test at the pooled baseline rate", () => {
    // By hand: P(X ≥ 2 | n = 3, p = ½) = (3 + 1) / 8; P(X ≤ 0 | n = 2, p = ½) = ¼; Φ(−3.5) ≈ 2.326e-4.
    expect(binomialUpperTail(2, 3, 0.5)).toBeCloseTo(0.5, 12);
    expect(binomialLowerTail(0, 2, 0.5)).toBeCloseTo(0.25, 12);
    expect(normalTail(3.5)).toBeCloseTo(2.326e-4, 6);
    // Abandonment of 5 % on 38 conversations a day, mostly 1 or 2 of them; then 7 of 38 (18 %). The median
    // and MAD of such small counts say "anomaly", but 7 or more of 38 at 5 % happens about 4 times in 1,000.
    const days = [2, 1, 2, 3, 1, 2, 2, 1, 2, 2, 3, 1, 2, 2].map((events) => events / 38);
    const rates = series([...days, 7 / 38], 38);
    const up = { kind: "rate" as const, direction: "up" as const, threshold: 3.5, minVolume: 10 };
    const j = judgeDay(rates, 14, up)!;
    expect(j.score).toBeGreaterThan(3.5);
    expect(j.anomalous).toBe(false);
    // 15 of 38 is another matter.
    expect(judgeDay(series([...days, 15 / 38], 38), 14, up)!.anomalous).toBe(true);
  });
});

