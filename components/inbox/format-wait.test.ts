import { describe, expect, it } from "vitest";
import { formatWait, waitedSince } from "./format-wait";

describe("formatWait", () => {
  it("rounds down to the unit a person reads", () => {
    expect(formatWait(59_999)).toBe("just now");
    expect(formatWait(4 * 60_000 + 59_000)).toBe("4 min");
    expect(formatWait(2 * 3_600_000)).toBe("2 h");
    expect(formatWait(2 * 3_600_000 + 5 * 60_000)).toBe("2 h 5 min");
    expect(formatWait(3 * 86_400_000 + 4 * 3_600_000 + 59 * 60_000)).toBe("3 d 4 h");
    expect(formatWait(86_400_000)).toBe("1 d");
  });
  it("shows a dash when nothing waits or the value is unusable", () => {
    expect(formatWait(null)).toBe("—");
    expect(formatWait(-5)).toBe("—");
    expect(formatWait(Number.NaN)).toBe("—");
  });
});

describe("waitedSince", () => {
  it("adds the time since the queue was fetched", () => {
    expect(waitedSince(60_000, 1_000, 31_000)).toBe(90_000);
    expect(waitedSince(null, 1_000, 31_000)).toBeNull();
    // A clock that went backwards never shortens the wait.
    expect(waitedSince(60_000, 5_000, 1_000)).toBe(60_000);
  });
});
