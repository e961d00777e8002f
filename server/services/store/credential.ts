import "server-only";
import { createHash, randomBytes } from "node:crypto";

/** The workspace secret that holds its store's API key; the store's tools send it as `Authorization: Bearer {{secret.store_api_key}}`. */
export const storeCredentialSecret = "store_api_key";

/** A new store API key: 256 random bits, so a fast hash is as safe to store as a slow one. */
export const newStoreCredential = () => `sk_store_${randomBytes(32).toString("base64url")}`;

export const hashStoreCredential = (key: string): Buffer => createHash("sha256").update(key).digest();
