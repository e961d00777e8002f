import { describe, expect, it } from "vitest";
import { decryptSecret, deriveKey, encryptSecret } from "./secret-box";

const k = deriveKey({ authSecret: "a".repeat(40) });

describe("secret box", () => {
  it("round-trips, with a fresh IV each time and no plaintext in the ciphertext", () => {
    const a = encryptSecret("sk-live-123456", "ws-1", k);
    const b = encryptSecret("sk-live-123456", "ws-1", k);
    expect(a).not.toBe(b);
    expect(a).not.toContain("sk-live");
    expect(decryptSecret(a, "ws-1", k)).toBe("sk-live-123456");
  });

  it("refuses another workspace, another key and a tampered value", () => {
    const c = encryptSecret("value", "ws-1", k);
    expect(() => decryptSecret(c, "ws-2", k)).toThrow();
    expect(() => decryptSecret(c, "ws-1", deriveKey({ secretKey: "b".repeat(32), authSecret: "a".repeat(40) }))).toThrow();
    const parts = c.split(".");
    parts[3] = Buffer.from("other").toString("base64url");
    expect(() => decryptSecret(parts.join("."), "ws-1", k)).toThrow();
  });

  it("SWITCHBACK_SECRET_KEY wins over the key derived from AUTH_SECRET", () => {
    expect(deriveKey({ secretKey: "s".repeat(32), authSecret: "a".repeat(40) }).equals(k)).toBe(false);
    expect(deriveKey({ authSecret: "a".repeat(40) }).equals(k)).toBe(true);
  });
});
