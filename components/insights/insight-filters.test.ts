import { expect, test } from "vitest";
import { conversationsHref, parseInsightFilters } from "./insight-filters";

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
