import { describe, expect, it } from "vitest";
import { maskPii } from "./mask-pii";

describe("maskPii", () => {
  it("masks emails, card numbers and phone numbers", () => {
    expect(maskPii("I'm yara.ito7353@example.com")).toBe("I'm [email]");
    expect(maskPii("card 4111 1111 1111 1111 please")).toBe("card [card number] please");
    expect(maskPii("4111-1111-1111-1111")).toBe("[card number]");
    expect(maskPii("call me at +1 (415) 555-0199 or 415.555.0199")).toBe("call me at [phone] or [phone]");
  });

  it("keeps order ids, zips, amounts and dates", () => {
    const text = "Order #W2378156, zip 94107, $1,234.56 on 2026-01-31";
    expect(maskPii(text)).toBe(text);
  });
});
