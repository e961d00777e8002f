import { describe, expect, it } from "vitest";
import { compareMeans, compareProportions, meanInterval, requiredForMeans, requiredForProportions, summarize, wilsonInterval } from "./compare";
import { normalCdf, normalQuantile, tCdf, tQuantile } from "./distributions";
import { stratifiedDifference } from "./stratified";

// Every expected number below is a published one, typed in by hand: tables, and the output of R's own
// examples as printed in its documentation and countless textbooks.

describe("distributions", () => {
  it("match the printed tables", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.8)).toBeCloseTo(0.841621, 6);
    expect(normalCdf(1.96)).toBeCloseTo(0.975002, 6);
    expect(normalCdf(-3)).toBeCloseTo(0.0013499, 7);
    // Student's t table: t(0.975; 9) = 2.262, t(0.975; 30) = 2.042, t(0.95; 1) = 6.314.
    expect(tQuantile(0.975, 9)).toBeCloseTo(2.262157, 5);
    expect(tQuantile(0.975, 30)).toBeCloseTo(2.042272, 5);
    expect(tQuantile(0.95, 1)).toBeCloseTo(6.313752, 5);
    expect(tCdf(0, 5)).toBe(0.5);
    expect(tCdf(2.015048, 5)).toBeCloseTo(0.95, 6);
  });
});

describe("proportions", () => {
  it("Wilson intervals equal Newcombe (1998), table I", () => {
    const check = (k: number, n: number, low: number, high: number) => {
      const i = wilsonInterval(k, n)!;
      expect(i.low).toBeCloseTo(low, 4);
      expect(i.high).toBeCloseTo(high, 4);
    };
    check(81, 263, 0.2553, 0.3662);
    check(15, 148, 0.0624, 0.1605);
    check(0, 20, 0, 0.1611);
    check(1, 29, 0.0061, 0.1718);
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it("the two-proportion z test equals R's prop.test(c(17, 31), c(139, 140), correct = FALSE): X² = 4.8114, p = 0.02827", () => {
    // Pauling's vitamin C trial: 17 of 139 on vitamin C caught a cold, 31 of 140 on placebo.
    const c = compareProportions(17, 139, 31, 140);
    expect(c.statistic! ** 2).toBeCloseTo(4.8114, 3);
    expect(c.pValue!).toBeCloseTo(0.02827, 5);
    expect(c.difference!).toBeCloseTo(31 / 140 - 17 / 139, 12);
    // The difference's (Wald) interval, worked by hand: 0.099126 ± 1.959964 · √(0.00077226 + 0.00123141).
    expect(c.differenceInterval!.low).toBeCloseTo(0.011392, 5);
    expect(c.differenceInterval!.high).toBeCloseTo(0.18686, 4);
  });

  it("the sample size equals R's power.prop.test(p1 = .50, p2 = .60, power = .80): n = 387.3385 per group", () => {
    expect(requiredForProportions(0.5, 0.6)).toBe(388);
    expect(requiredForProportions(0.5, 0.5)).toBeNull();
    const c = compareProportions(50, 100, 60, 100);
    expect(c.requiredPerArm).toBe(388);
    expect(c.stillNeededPerArm).toBe(288);
  });
});

describe("means", () => {
  // R's `sleep` data (Student, 1908): extra hours of sleep under two drugs.
  const drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
  const drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

  it("the t interval equals R's t.test(sleep$extra[1:10]): −0.5297804 … 2.0297804", () => {
    const i = meanInterval(summarize(drug1))!;
    expect(i.low).toBeCloseTo(-0.5297804, 6);
    expect(i.high).toBeCloseTo(2.0297804, 6);
  });

  it("Welch's test equals R's t.test(extra ~ group, data = sleep): t = −1.8608, df = 17.776, p = 0.07939, CI −3.3654832 … 0.2054832", () => {
    const c = compareMeans(summarize(drug2), summarize(drug1)); // R's difference is group 1 − group 2
    expect(c.statistic!).toBeCloseTo(-1.8608, 4);
    expect(c.df!).toBeCloseTo(17.776, 3);
    expect(c.pValue!).toBeCloseTo(0.07939, 5);
    expect(c.differenceInterval!.low).toBeCloseTo(-3.3654832, 6);
    expect(c.differenceInterval!.high).toBeCloseTo(0.2054832, 6);
    expect(c.a.estimate).toBeCloseTo(2.33, 10);
    expect(c.b.estimate).toBeCloseTo(0.75, 10);
  });

  it("the sample size is close to R's power.t.test(delta = 1, sd = 1, power = .8): n = 16.71477", () => {
    // R uses the noncentral t; iterating t quantiles on df lands within a twentieth of it.
    expect(requiredForMeans(1, 1, 1)!).toBeCloseTo(16.71477, 1);
    expect(requiredForMeans(0, 1, 1)).toBeNull();
  });

  it("says nothing it cannot: an empty arm or a single value has no interval or test", () => {
    const c = compareMeans(summarize([]), summarize([3]));
    expect(c).toMatchObject({ difference: null, pValue: null, differenceInterval: null });
    expect(c.b.interval).toBeNull();
  });
});

describe("Simpson's paradox", () => {
  it("fires on the kidney-stone table (Charig et al., 1986)", () => {
    // Success of open surgery (a) and percutaneous nephrolithotomy (b): b is better overall (83 % vs 78 %)
    // and worse for small stones (87 % vs 93 %) and for large ones (69 % vs 73 %).
    const strata = [
      { key: "small stones", a: { k: 81, n: 87 }, b: { k: 234, n: 270 } },
      { key: "large stones", a: { k: 192, n: 263 }, b: { k: 55, n: 80 } },
    ];
    const s = stratifiedDifference(strata);
    expect(s.crude).toBeCloseTo(289 / 350 - 273 / 350, 12);
    expect(s.crude!).toBeGreaterThan(0);
    expect(s.mantelHaenszel!).toBeLessThan(0);
    expect(s.simpson).toBe(true);
  });

  it("stays quiet when the strata agree with the total", () => {
    const s = stratifiedDifference([
      { key: "x", a: { k: 10, n: 100 }, b: { k: 20, n: 100 } },
      { key: "y", a: { k: 30, n: 100 }, b: { k: 40, n: 100 } },
    ]);
    expect(s.crude).toBeCloseTo(0.1, 12);
    expect(s.mantelHaenszel).toBeCloseTo(0.1, 12);
    expect(s.simpson).toBe(false);
  });
});
