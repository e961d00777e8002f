import "server-only";
import { and, eq, lt } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { identityNonces } from "@/db/schema";
import { type IdentityClaims, IdentityTokenError, verifyIdentityTokenSignature } from "./identity-token";
import { readIdentitySecret } from "./identity-secret";

/** A widget identity token's signature, workspace, expiry and claims, with this workspace's secret (the nonce is consumeIdentityNonce's). */
export async function checkIdentityToken(db: Db | Tx, input: { workspaceId: string; token: string; now: Date }): Promise<IdentityClaims> {
  const secret = await readIdentitySecret(db as Db, input.workspaceId);
  if (!secret) throw new IdentityTokenError("no_secret", "this workspace has no identity secret yet; an admin generates one under Settings › Identity & memory");
  return verifyIdentityTokenSignature(input.token, { workspaceId: input.workspaceId, secret, now: input.now });
}

/**
 * Records a verified token's nonce until the token expires; a second use of it is a replay. Called in the
 * transaction that opens the conversation, so a failed start does not use the token up, and only for a
 * token that verified, so a forged token cannot use up a real one's nonce.
 */
export async function consumeIdentityNonce(tx: Db | Tx, input: { workspaceId: string; claims: IdentityClaims; now: Date }): Promise<void> {
  // Expired nonces of the workspace go first: the table holds at most a day of tokens.
  await tx.delete(identityNonces).where(and(eq(identityNonces.workspaceId, input.workspaceId), lt(identityNonces.expiresAt, input.now)));
  const [fresh] = await tx
    .insert(identityNonces)
    .values({ workspaceId: input.workspaceId, nonce: input.claims.nonce, expiresAt: new Date(input.claims.exp * 1000) })
    .onConflictDoNothing()
    .returning({ nonce: identityNonces.nonce });
  if (!fresh) throw new IdentityTokenError("replayed", "this token (its nonce) was used already; sign a new token with a new nonce for each conversation");
}

/** Both checks at once (outside a conversation start). */
export async function verifyIdentity(db: Db, input: { workspaceId: string; token: string; now?: Date }): Promise<IdentityClaims> {
  const now = input.now ?? new Date();
  const claims = await checkIdentityToken(db, { ...input, now });
  await consumeIdentityNonce(db, { workspaceId: input.workspaceId, claims, now });
  return claims;
}
