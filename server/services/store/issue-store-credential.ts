import "server-only";
import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { secrets, stores } from "@/db/schema";
import { encryptSecret } from "@/server/crypto/secret-box";
import { conflict } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import { forgetSecret } from "@/server/services/secrets/secrets";
import { hashStoreCredential, newStoreCredential, storeCredentialSecret } from "./credential";
import { forgetStoreVerifier } from "./verify-store-credential";

/**
 * Gives a workspace a new API key for its store, as a brand's backend issues one: the store keeps the
 * key's hash, the workspace its encrypted `store_api_key` secret, in the caller's transaction. Issuing
 * again rotates the key (the old one stops working; other instances drop it within the verifier's TTL).
 * A store serves one workspace: issuing for a store another workspace holds is a conflict.
 */
export async function issueStoreCredential(tx: Tx, input: { storeId: string; workspaceId: string }): Promise<void> {
  const key = newStoreCredential();
  const credentialHash = hashStoreCredential(key).toString("hex");
  const now = new Date();
  const [store] = await tx
    .insert(stores)
    .values({ id: input.storeId, workspaceId: input.workspaceId, credentialHash })
    .onConflictDoUpdate({ target: stores.id, set: { credentialHash, updatedAt: now }, setWhere: eq(stores.workspaceId, input.workspaceId) })
    .returning({ id: stores.id });
  if (!store) throw conflict(`Store ${input.storeId} belongs to another workspace`);

  const ciphertext = encryptSecret(key, input.workspaceId);
  const [secret] = await tx
    .insert(secrets)
    .values({ workspaceId: input.workspaceId, name: storeCredentialSecret, ciphertext })
    .onConflictDoUpdate({ target: [secrets.workspaceId, secrets.name], set: { ciphertext, updatedAt: now } })
    .returning({ id: secrets.id });
  await recordAudit(tx, { workspaceId: input.workspaceId, actorId: null, action: "secret.set", targetType: "secret", targetId: secret!.id, after: { name: storeCredentialSecret, storeId: input.storeId } });
  forgetStoreVerifier(input.storeId);
  forgetSecret(input.workspaceId, storeCredentialSecret);
}
