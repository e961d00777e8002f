import { expect, it } from "vitest";
import { withTurnSlot } from "./turn-slots";

it("runs at most 4 turns at once and the rest in arrival order", async () => {
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  const turn = (i: number) =>
    withTurnSlot(async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(i);
      running--;
      return i;
    });
  expect(await Promise.all(Array.from({ length: 12 }, (_, i) => turn(i)))).toEqual(Array.from({ length: 12 }, (_, i) => i));
  expect(peak).toBe(4);
  expect(order.slice(4)).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
  // A failing turn gives its slot back.
  await expect(withTurnSlot(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
  expect(await Promise.all(Array.from({ length: 5 }, (_, i) => turn(i)))).toHaveLength(5);
  expect(peak).toBe(4);
});
