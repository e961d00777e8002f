import { describe, expect, it } from "vitest";

import type { SlotRequest } from "../types";
import { extractSlotsLocal } from "./slots";

// Thursday 2 January 2025, noon local time: "last week" and "Dec 30" cross the year boundary.
const now = new Date(2025, 0, 2, 12);

function one(text: string, slot: Omit<SlotRequest, "name">, at: Date = now) {
  return extractSlotsLocal(text, [{ name: "x", ...slot }], at)[0]?.value;
}

describe("extractSlotsLocal", () => {
  it.each([
    ["I want to return the keyboard from order #W2378156", "#W2378156"],
    ["order W2378156 please", "#W2378156"],
    ["it's order number w2378156.", "#W2378156"],
    ["#W 2378156", "#W2378156"],
  ])("order id in %s", (text, expected) => expect(one(text, { type: "order_id" })).toBe(expected));

  it("finds no order id in a message without one", () => {
    expect(extractSlotsLocal("cancel my order, I ordered it by mistake", [{ name: "order", type: "order_id" }])).toEqual([]);
  });

  it.each([
    ["my email is sara.doe@example.com", "sara.doe@example.com"],
    ["Sure, it's Yusuf.Rossi+shop@Mail.Example.org.", "yusuf.rossi+shop@mail.example.org"],
  ])("email in %s", (text, expected) => expect(one(text, { type: "email" })).toBe(expected));

  it.each([
    ["it cost $12.50", 12.5],
    ["I was charged $1,249.99 twice", 1249.99],
    ["I want 2 of them", 2],
    ["twelve", 12],
    ["about twenty-five dollars", 25],
    ["refund 30 dollars on order #W2378156", 30],
  ])("number in %s", (text, expected) => expect(one(text, { type: "number" })).toBe(expected));

  it.each([
    ["I ordered it last Tuesday", "2024-12-31"],
    ["it arrived yesterday", "2025-01-01"],
    ["I placed it on March 3", "2025-03-03"],
    ["it was delivered Dec 30", "2024-12-30"],
    ["two weeks ago", "2024-12-19"],
  ])("date in %s", (text, expected) => expect(one(text, { type: "date" })).toBe(expected));

  it("reads dates across a month end", () => {
    expect(one("yesterday", { type: "date" }, new Date(2025, 2, 1, 12))).toBe("2025-02-28");
    expect(one("last Friday", { type: "date" }, new Date(2024, 2, 1, 12))).toBe("2024-02-23");
  });

  it.each([
    ["I'm Yusuf Rossi, zip 19122", "19122"],
    ["my zip code is 28204-1234", "28204"],
  ])("zip in %s", (text, expected) => expect(one(text, { type: "zip" })).toBe(expected));

  it("does not read a zip out of an order id or an item id", () => {
    expect(one("order #W2378156", { type: "zip" })).toBeUndefined();
    expect(one("item 1234567890", { type: "zip" })).toBeUndefined();
  });

  it.each([
    ["I'm Yusuf Rossi, zip 19122", "Yusuf Rossi"],
    ["my name is sara doe and my zip is 28204", "Sara Doe"],
    ["Yusuf Rossi 19122", "Yusuf Rossi"],
    ["Hi, this is Mei Kovacs", "Mei Kovacs"],
    ["Ethan Garcia", "Ethan Garcia"],
  ])("name in %s", (text, expected) => expect(one(text, { type: "name" })).toBe(expected));

  it.each(["I'm looking for my order", "Thank You", "cancel my order"])("no name in %s", (text) => {
    expect(one(text, { type: "name" })).toBeUndefined();
  });

  it.each([
    ["yes", true],
    ["Yeah go ahead", true],
    ["yep", true],
    ["sure", true],
    ["confirm", true],
    ["please do", true],
    ["correct", true],
    ["Yes, please cancel that order", true],
    ["no", false],
    ["nope", false],
    ["don't", false],
    ["No, cancel that", false],
    ["wait, yes actually", false],
    ["that's not correct", false],
  ])("yes/no in %s", (text, expected) => expect(one(text, { type: "yes_no" })).toBe(expected));

  it("finds no yes/no in an unrelated message", () => {
    expect(one("what colours does it come in", { type: "yes_no" })).toBeUndefined();
  });

  const reasons = [
    { value: "no longer needed", synonyms: ["don't need it", "changed my mind"] },
    { value: "ordered by mistake", synonyms: ["by mistake", "accidentally", "by accident"] },
  ];
  it.each([
    ["I ordered it by mistake", "ordered by mistake"],
    ["I accidentally bought two", "ordered by mistake"],
    ["I don't need it anymore", "no longer needed"],
    ["NO LONGER NEEDED", "no longer needed"],
    ["the second one", "ordered by mistake"],
    ["the first", "no longer needed"],
  ])("choice in %s", (text, expected) => expect(one(text, { type: "choice", options: reasons })).toBe(expected));

  it("finds every item id", () => {
    expect(one("swap 1656367028 and 6777246137 in #W2378156", { type: "item_ids" })).toEqual(["1656367028", "6777246137"]);
  });

  it("returns the whole message as text, and only the slots it found", () => {
    const found = extractSlotsLocal(
      "  my email is sara.doe@example.com  ",
      [
        { name: "email", type: "email" },
        { name: "order", type: "order_id" },
        { name: "note", type: "text" },
      ],
      now,
    );
    expect(found).toEqual([
      { name: "email", value: "sara.doe@example.com", source: "sara.doe@example.com" },
      { name: "note", value: "my email is sara.doe@example.com", source: "my email is sara.doe@example.com" },
    ]);
  });
});
