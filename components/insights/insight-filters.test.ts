import { describe, expect, it, test } from "vitest";
import { conversationsHref, csvHref, formatMs, formatUsd, parseInsightFilters } from "./insight-filters";

const parse = (qs: string) => parseInsightFilters(new URLSearchParams(qs), "2026-03-10");

test("a preset is the days ending today; the default is 7; unknown presets fall back to it", () => {
  expect(parse("")).toEqual({ preset: 7, from: "2026-03-04", to: "2026-03-10" });
  expect(parse("range=30")).toMatchObject({ preset: 30, from: "2026-02-09", to: "2026-03-10" });
  expect(parse("range=5")).toMatchObject({ preset: 7 });
});

test("a custom range and the other filters come from the URL", () => {
  expect(parse("from=2026-01-01&to=2026-01-31&channel=api&release=3&journey=j1")).toEqual({
    preset: null,
    from: "2026-01-01",
    to: "2026-01-31",
    channel: "api",
    release: 3,
    journeyId: "j1",
  });
  expect(parse("release=draft").release).toBe("draft");
  expect(parse("release=x").release).toBeUndefined();
});

test("a click-through carries the dashboard's filters and the number's own", () => {
  const f = { from: "2026-03-04", to: "2026-03-10", channel: "api", release: "draft" as const };
  expect(conversationsHref("/w/agents/a", f, { status: "resolved", handedOff: "no" })).toBe(
    "/w/agents/a/conversations?from=2026-03-04&to=2026-03-10&channel=api&release=draft&status=resolved&handedOff=no",
  );
});

describe("csvHref and formatting", () => {
  it("carries the dashboard's filters to the CSV route", () => {
    const href = csvHref("acme", "a1", "Europe/Paris", { from: "2026-11-01", to: "2026-11-07", channel: "api", release: "draft", journeyId: "j1" }, "daily");
    const params = new URL(href, "http://x").searchParams;
    expect(href.startsWith("/api/insights/csv?")).toBe(true);
    expect(Object.fromEntries(params)).toEqual({ workspace: "acme", agentId: "a1", table: "daily", from: "2026-11-01", to: "2026-11-07", timeZone: "Europe/Paris", channel: "api", release: "draft", journey: "j1" });
  });

  it("formats latency and cost for people", () => {
    expect(formatMs(null)).toBe("—");
    expect(formatMs(840.4)).toBe("840 ms");
    expect(formatMs(2340)).toBe("2.3 s");
    expect(formatUsd(0)).toBe("$0");
    expect(formatUsd(0.00042)).toBe("$0.00042");
    expect(formatUsd(12.345)).toBe("$12.35");
  });
});
