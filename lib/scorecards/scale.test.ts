import { describe, expect, test } from "vitest";
import { isOnScale, pointsOf, valueFromVerdict, valuesOf } from "./scale";

describe("scales", () => {
  test("accept their own values only", () => {
    const passFail = { scale: "pass_fail" as const, options: [] };
    const fives = { scale: "one_to_five" as const, options: [] };
    const choice = { scale: "choice" as const, options: ["Rightly", "Should have"] };
    expect(valuesOf(passFail)).toEqual(["pass", "fail", "na"]);
    expect(isOnScale(passFail, "na")).toBe(true);
    expect(isOnScale(passFail, "PASS")).toBe(false);
    expect(isOnScale(fives, "5")).toBe(true);
    expect(isOnScale(fives, "6")).toBe(false);
    expect(isOnScale(fives, "2.5")).toBe(false);
    expect(isOnScale(choice, "Rightly")).toBe(true);
    expect(isOnScale(choice, "rightly")).toBe(false);
  });

  test("give points on 0..1, none for n.a. and choices", () => {
    expect([pointsOf("pass_fail", "pass"), pointsOf("pass_fail", "fail"), pointsOf("pass_fail", "na")]).toEqual([1, 0, null]);
    expect(["1", "2", "3", "4", "5"].map((v) => pointsOf("one_to_five", v))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(pointsOf("choice", "Rightly")).toBeNull();
  });

  test("map the AI judge's verdict onto the scale", () => {
    expect(valueFromVerdict("pass_fail", { pass: true, score: 0.2 })).toBe("pass");
    expect(valueFromVerdict("pass_fail", { pass: false, score: 0.9 })).toBe("fail");
    expect([0, 0.25, 0.5, 0.6, 1, 7].map((score) => valueFromVerdict("one_to_five", { pass: false, score }))).toEqual(["1", "2", "3", "3", "5", "5"]);
    expect(valueFromVerdict("choice", { pass: true, score: 1 })).toBeNull();
  });
});
