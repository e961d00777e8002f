import { describe, expect, it } from "vitest";
import { isLuhnValid, maskPii, maskPiiDeep } from "./mask-pii";

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

describe("maskPii: the formats redaction claims (settings.privacy.redactPii)", () => {
  it("masks emails", () => {
    for (const email of ["a@b.co", "first.last+tag@mail.example.org", "UPPER_case-1@sub.domain.io"]) expect(maskPii(`write to ${email} today`)).toBe("write to [email] today");
  });

  it("masks card numbers only when they pass the Luhn check", () => {
    // Test numbers of Visa, Mastercard, Amex (15), Discover, and a 19-digit Visa.
    for (const card of ["4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005", "6011111111111117", "4000 0000 0000 0000 006"]) {
      expect(maskPii(`card ${card}.`), card).toBe("card [card number].");
    }
    expect(isLuhnValid("4111111111111111")).toBe(true);
    expect(isLuhnValid("4111111111111112")).toBe(false);
    // One digit off: not a card, and too long to be a phone number.
    expect(maskPii("ref 4111 1111 1111 1112")).toBe("ref 4111 1111 1111 1112");
    expect(maskPii("tracking 1234567890123456")).toBe("tracking 1234567890123456");
  });

  it("masks phone numbers in national and international formats", () => {
    for (const phone of ["+1 (415) 555-0199", "415.555.0199", "415-555-0199", "+44 20 7946 0958", "+33 1 23 45 67 89", "+49 30 901820", "(020) 7946 0958", "0049 30 901820", "4155550199"]) {
      expect(maskPii(`call ${phone} now`), phone).toBe("call [phone] now");
    }
  });

  it("leaves order ids, prices, dates, times, zips and versions alone", () => {
    for (const text of ["Order #W1234567 and #W2378156", "$1,234.56", "total 12345678.90", "1.234.567,89 EUR", "on 2026-01-31 at 10:15", "zip 94107", "v1.2.3", "3 items, 2 returned", "user_id sara_doe_8822"]) {
      expect(maskPii(text), text).toBe(text);
    }
  });

  it("masks every string of a JSON value, and numbers only when they are card numbers", () => {
    const value = { email: "a@b.co", nested: [{ phone: "+44 20 7946 0958", order: "#W1234567" }], card: 4111111111111111, amount: 129.99, orderNumber: 1234567, ok: true, none: null };
    expect(maskPiiDeep(value)).toEqual({ email: "[email]", nested: [{ phone: "[phone]", order: "#W1234567" }], card: "[card number]", amount: 129.99, orderNumber: 1234567, ok: true, none: null });
  });
});
