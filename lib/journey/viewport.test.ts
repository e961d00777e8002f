import { describe, expect, it } from "vitest";
import { journeyViewport, MAX_FIT_ZOOM, MIN_FIT_ZOOM } from "./viewport";

describe("fitting a journey into the canvas", () => {
  it("shows a small journey whole and centred, never magnified past 100%", () => {
    const v = journeyViewport({ x: 0, y: 0, width: 240, height: 300 }, 1000, 800);
    expect(v.zoom).toBe(MAX_FIT_ZOOM);
    expect(v.x + 120 * v.zoom).toBeCloseTo(500);
    expect(v.y + 150 * v.zoom).toBeCloseTo(400);
  });

  it("zooms out to fit a medium journey", () => {
    const v = journeyViewport({ x: 0, y: 0, width: 900, height: 1000 }, 1000, 800);
    expect(v.zoom).toBeGreaterThan(MIN_FIT_ZOOM);
    expect(v.zoom).toBeLessThan(MAX_FIT_ZOOM);
    expect(1000 * v.zoom).toBeLessThanOrEqual(800);
  });

  it("stops at a readable zoom for a 25-step journey and starts at its top, centred on the trigger when too wide too", () => {
    const bounds = { x: -800, y: 24, width: 2000, height: 4200 };
    const v = journeyViewport(bounds, 1000, 700, { anchorX: 120 });
    expect(v.zoom).toBe(MIN_FIT_ZOOM);
    // The top of the journey is on screen, just below the edge; the trigger's centre is in the middle.
    const top = v.y + bounds.y * v.zoom;
    expect(top).toBeGreaterThan(0);
    expect(top).toBeLessThan(100);
    expect(v.x + 120 * v.zoom).toBeCloseTo(500);
    // Narrow enough to fit across: centred across as a whole.
    const narrow = journeyViewport({ ...bounds, width: 1200 }, 1000, 700, { anchorX: 120 });
    expect(narrow.x + (bounds.x + 600) * narrow.zoom).toBeCloseTo(500);
  });
});
