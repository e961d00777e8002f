"use client";

import { paletteItems } from "@/lib/journey/node-defaults";
import type { JourneyNodeType } from "@/lib/schemas/journey";
import { PALETTE_MIME } from "./journey-canvas";

/** Step types: drag one onto the canvas, or click to add it in the middle of the view. */
export function Palette({ onAdd }: { onAdd: (type: JourneyNodeType) => void }) {
  return (
    <nav aria-label="Add a step" className="flex flex-col gap-1" data-testid="palette">
      <p className="px-1 text-xs font-medium tracking-wide text-zinc-500 uppercase">Add a step</p>
      {paletteItems.map((item) => (
        <button
          key={item.type}
          type="button"
          draggable
          title={item.hint}
          data-testid={`palette-${item.type}`}
          onDragStart={(e) => {
            e.dataTransfer.setData(PALETTE_MIME, item.type);
            e.dataTransfer.effectAllowed = "move";
          }}
          onClick={() => onAdd(item.type)}
          className="cursor-grab rounded-md border border-zinc-200 bg-white px-2 py-1.5 text-left text-sm text-zinc-800 shadow-sm hover:border-brand-500 hover:bg-brand-50"
        >
          {item.title}
        </button>
      ))}
    </nav>
  );
}
