import { describe, expect, it } from "vitest";
import { findUnsafeInput, isSafeText, unsafeInputMessage } from "./text";

describe("findUnsafeInput", () => {
  it("accepts ordinary text, emoji (surrogate pairs) and nesting up to the limit", () => {
    expect(isSafeText("Grüße 👋 — ok")).toBe(true);
    expect(findUnsafeInput({ list: [1, true, null, "x"], text: "plain" })).toBeNull();
    let nested: unknown = "leaf";
    for (let i = 0; i < 64; i++) nested = { a: nested };
    expect(findUnsafeInput(nested)).toBeNull();
    expect(findUnsafeInput({ a: nested })).toMatchObject({ reason: "depth" });
  });

  it("finds NUL and lone surrogates in values and keys, with their path", () => {
    expect(findUnsafeInput({ customer: { name: "Ann\u0000" } })).toEqual({ path: "customer.name", reason: "nul" });
    expect(findUnsafeInput({ items: ["ok", "\ud800"] })).toEqual({ path: "items.1", reason: "surrogate" });
    expect(findUnsafeInput({ meta: { "k\udfff": "v" } })).toEqual({ path: "meta.k\udfff", reason: "surrogate" });
    expect(findUnsafeInput("\u0000")).toEqual({ path: "", reason: "nul" });
  });

  it("stops at 64 levels without recursing, however deep the value", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnsafeInput({ deep })).toMatchObject({ reason: "depth" });
  });

  it("says what to fix, without echoing the bad character", () => {
    expect(unsafeInputMessage({ path: "meta.k\udfff", reason: "surrogate" })).toBe("Text in meta.k? contains a lone UTF-16 surrogate (\\ud800–\\udfff): send well-formed Unicode");
    expect(unsafeInputMessage({ path: "name", reason: "nul" })).toBe("Remove the NUL character (\\u0000) in name: text cannot contain it");
  });
});
