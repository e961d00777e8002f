import { createHash, randomBytes } from "node:crypto";

// `sb_live_` + 32 random base62-ish characters. The first 12 characters (the prefix) identify a key in
// lists; only the SHA-256 of the whole key is stored, so a leaked database does not leak keys.

export const API_KEY_PREFIX = "sb_live_";

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const key = `${API_KEY_PREFIX}${randomBytes(24).toString("base64url")}`;
  return { key, prefix: key.slice(0, API_KEY_PREFIX.length + 4), hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}
