import type { Box } from "./layout";

// Fitting a journey into the canvas. A whole 25-step journey fitted into the view is too small to read,
// so fitting stops at a readable zoom and the builder scrolls for the rest, starting from the trigger.

/** The smallest zoom a fit goes down to: labels and handles stay readable and grabbable. */
export const MIN_FIT_ZOOM = 0.6;
export const MAX_FIT_ZOOM = 1;

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/**
 * The viewport for a journey whose nodes span `bounds`, in a canvas of `width` × `height` pixels: the
 * whole journey centred when it fits at MIN_FIT_ZOOM or more; otherwise that zoom, with the top of the
 * journey (the trigger) at the top and centred across on `anchorX` (the trigger's centre).
 */
export function journeyViewport(bounds: Box, width: number, height: number, opts: { padding?: number; anchorX?: number } = {}): Viewport {
  const padding = opts.padding ?? 0.15;
  const fit = Math.min(width / (bounds.width * (1 + padding)), height / (bounds.height * (1 + padding)));
  const zoom = Math.min(MAX_FIT_ZOOM, Math.max(MIN_FIT_ZOOM, Number.isFinite(fit) ? fit : MAX_FIT_ZOOM));
  const margin = (Math.min(width, height) * padding) / 2;
  const tooWide = bounds.width * zoom > width - 2 * margin;
  const tooTall = bounds.height * zoom > height - 2 * margin;
  const centreX = tooWide && opts.anchorX !== undefined ? opts.anchorX : bounds.x + bounds.width / 2;
  const x = width / 2 - centreX * zoom;
  const y = tooTall ? margin - bounds.y * zoom : height / 2 - (bounds.y + bounds.height / 2) * zoom;
  return { x, y, zoom };
}
