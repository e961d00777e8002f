import { describe, expect, it } from "vitest";
import { distinctiveTerms, labelFromTerms } from "./terms";

describe("c-TF-IDF terms", () => {
  it("weighs each cluster's terms against the others', as computed by hand", () => {
    // Cluster 0: apple ×2, banana, cherry (4 terms); cluster 1: banana, durian (2). A = 3 terms per cluster.
    // weight = tf · ln(1 + A / f): apple ½·ln(2.5) = 0.458, cherry ¼·ln(4) = 0.347, banana ¼·ln(2.5) = 0.229;
    // durian ½·ln(4) = 0.693, banana ½·ln(2.5) = 0.458.
    const [zero, one] = distinctiveTerms(["Apple and banana", "an apple, a cherry", "banana durian"], [0, 0, 1], 2);
    expect(zero!.terms).toEqual(["apple", "cherry", "banana"]);
    expect(zero!.weights[0]).toBeCloseTo(0.5 * Math.log(2.5), 12);
    expect(zero!.weights[1]).toBeCloseTo(0.25 * Math.log(4), 12);
    expect(zero!.weights[2]).toBeCloseTo(0.25 * Math.log(2.5), 12);
    expect(one!.terms).toEqual(["durian", "banana"]);
    expect(one!.weights[0]).toBeCloseTo(0.5 * Math.log(4), 12);
  });

  it("shows a stem as the word the cluster used most, and leaves out ids and stopwords", () => {
    const [c] = distinctiveTerms(["I returned it", "returning order #W123", "returns please", "return it"], [0, 0, 0, 0], 1);
    // returned / returning / returns / return share one stem, each word used once: the tie goes to the first word alphabetically.
    expect(c!.terms[0]).toBe("return");
    expect(c!.terms).not.toContain("#num");
    expect(c!.terms).not.toContain("please");
    expect(labelFromTerms(["cancel", "order", "mistake", "refund"])).toBe("Cancel · order · mistake");
    expect(labelFromTerms([])).toBe("Other");
  });
});
