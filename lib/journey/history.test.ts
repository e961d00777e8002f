import { describe, expect, it } from "vitest";
import { canRedo, canUndo, createHistory, pushHistory, redo, replacePresent, undo } from "./history";

describe("history", () => {
  it("undo then redo round-trips every step", () => {
    let h = createHistory({ n: 0 });
    const states = [{ n: 1 }, { n: 2 }, { n: 3 }];
    for (const s of states) h = pushHistory(h, s);
    expect(h.present).toBe(states[2]);
    h = undo(undo(undo(h)));
    expect(h.present).toEqual({ n: 0 });
    expect(canUndo(h)).toBe(false);
    h = redo(redo(redo(h)));
    expect(h.present).toBe(states[2]);
    expect(canRedo(h)).toBe(false);
  });

  it("a new change after undo drops the redo branch", () => {
    let h = pushHistory(pushHistory(createHistory("a"), "b"), "c");
    h = pushHistory(undo(h), "d");
    expect(h.present).toBe("d");
    expect(canRedo(h)).toBe(false);
    expect(undo(h).present).toBe("b");
  });

  it("replacePresent changes the present without an undo step; undo at the start is a no-op", () => {
    let h = createHistory(1);
    expect(undo(h)).toBe(h);
    h = replacePresent(pushHistory(h, 2), 3);
    expect(undo(h).present).toBe(1);
    expect(redo(undo(h)).present).toBe(3);
  });
});
