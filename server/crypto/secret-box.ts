import "server-only";
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

// Workspace secrets at rest: AES-256-GCM, a fresh 96-bit IV per value, the workspace id as associated
// data so a ciphertext copied into another workspace's row does not decrypt. Format: v1.<iv>.<tag>.<data>
// (base64url). The key is SWITCHBACK_SECRET_KEY, or derived from AUTH_SECRET with HKDF when that is unset.

const VERSION = "v1";

export function deriveKey(material: { secretKey?: string; authSecret: string }): Buffer {
  if (material.secretKey) return createHash("sha256").update(material.secretKey).digest();
  return Buffer.from(hkdfSync("sha256", material.authSecret, "switchback", "switchback secrets v1", 32));
}

let cachedKey: Buffer | undefined;
function key(): Buffer {
  const e = env();
  cachedKey ??= deriveKey({ secretKey: e.SWITCHBACK_SECRET_KEY, authSecret: e.AUTH_SECRET });
  return cachedKey;
}

export function encryptSecret(plaintext: string, workspaceId: string, k: Buffer = key()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", k, iv);
  cipher.setAAD(Buffer.from(workspaceId));
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), data].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

export function decryptSecret(ciphertext: string, workspaceId: string, k: Buffer = key()): string {
  const [version, iv, tag, data] = ciphertext.split(".");
  if (version !== VERSION || !iv || !tag || data === undefined) throw new Error("Unknown secret format");
  const decipher = createDecipheriv("aes-256-gcm", k, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(workspaceId));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}
