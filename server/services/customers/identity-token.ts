import { createHmac, timingSafeEqual } from "node:crypto";
import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { type CustomerAttributes, customerAttributesSchema, externalCustomerIdSchema } from "@/lib/schemas/customers";
import { DomainError } from "@/server/errors";

// Identity tokens the brand's server signs for a signed-in shopper, in one of two formats, both with the
// workspace's identity secret (HMAC-SHA256):
//
//   sb1.<payload>.<signature>   payload = base64url(JSON { workspace, id, attributes?, exp, nonce }),
//                               signature = base64url(HMAC-SHA256(secret, "sb1." + payload))
//   a JWT (HS256)               claims { aud: workspace, sub: id, attributes?, exp, jti: nonce }
//
// The signed bytes are exactly the bytes sent (the base64url text), so no JSON canonicalisation is needed
// on either side. Pure: no database; the nonce check is verify-identity.ts's.

export const HMAC_PREFIX = "sb1";
/** A token may live at most this long: used nonces are kept until expiry, so this bounds what is stored. */
export const MAX_TOKEN_LIFETIME_S = 24 * 60 * 60;
const CLOCK_SKEW_S = 30;

export type IdentityTokenFailure = "missing" | "malformed" | "unsigned" | "other_workspace" | "forged" | "expired" | "too_long_lived" | "replayed" | "no_secret";

/** A refused identity token: 401, with a sentence that names the reason and what to do. */
export class IdentityTokenError extends DomainError {
  constructor(
    readonly reason: IdentityTokenFailure,
    message: string,
  ) {
    super("unauthorized", `Identity token refused (${reason.replace(/_/g, " ")}): ${message}`);
    this.name = "IdentityTokenError";
  }
}

export interface IdentityClaims {
  workspace: string;
  id: string;
  attributes: CustomerAttributes;
  /** Seconds since the epoch. */
  exp: number;
  nonce: string;
}

const b64 = (data: string | Buffer) => Buffer.from(data).toString("base64url");
const hmac = (secret: string, data: string) => createHmac("sha256", secret).update(data).digest();

/** Signs an `sb1` token (what the brand's server does; the docs show the same code). */
export function signIdentityToken(secret: string, claims: IdentityClaims): string {
  const payload = b64(JSON.stringify(claims));
  return `${HMAC_PREFIX}.${payload}.${b64(hmac(secret, `${HMAC_PREFIX}.${payload}`))}`;
}

/** Signs the JWT form (HS256), as a brand using a JWT library would. */
export async function signIdentityJwt(secret: string, claims: IdentityClaims): Promise<string> {
  return new SignJWT({ attributes: claims.attributes })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setAudience(claims.workspace)
    .setSubject(claims.id)
    .setExpirationTime(claims.exp)
    .setJti(claims.nonce)
    .sign(new TextEncoder().encode(secret));
}

/** The token's workspace without checking anything: to say "another workspace's" before looking up a secret. */
export function claimedWorkspace(token: string): string | null {
  try {
    if (token.startsWith(`${HMAC_PREFIX}.`)) {
      const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as { workspace?: unknown };
      return typeof payload.workspace === "string" ? payload.workspace : null;
    }
    const aud = decodeJwt(token).aud;
    return typeof aud === "string" ? aud : Array.isArray(aud) && aud.length === 1 ? aud[0]! : null;
  } catch {
    return null;
  }
}

/**
 * Checks the token's format, workspace, signature, expiry and claims (not the nonce: the caller records
 * it). Throws IdentityTokenError naming the first reason it fails.
 */
export async function verifyIdentityTokenSignature(token: string, input: { workspaceId: string; secret: string; now: Date }): Promise<IdentityClaims> {
  const trimmed = token.trim();
  if (!trimmed) throw new IdentityTokenError("missing", "send the token your server signed for the signed-in customer");
  if (trimmed.length > 8192) throw new IdentityTokenError("malformed", "the token is longer than 8 KB");
  const workspace = claimedWorkspace(trimmed);
  if (workspace !== null && workspace !== input.workspaceId) {
    throw new IdentityTokenError("other_workspace", "it was issued for another workspace; sign it with this workspace's identity secret and its id as `workspace` (JWT: `aud`)");
  }
  const claims = trimmed.startsWith(`${HMAC_PREFIX}.`) ? verifyHmacToken(trimmed, input.secret) : await verifyJwt(trimmed, input.secret);
  return checkClaims(claims, input);
}

function verifyHmacToken(token: string, secret: string): Record<string, unknown> {
  const [, payload, signature, ...rest] = token.split(".");
  if (rest.length || !payload) throw new IdentityTokenError("malformed", "an sb1 token is `sb1.<payload>.<signature>` (base64url)");
  if (!signature) throw new IdentityTokenError("unsigned", "the token has no signature; sign `sb1.<payload>` with HMAC-SHA256 and the identity secret");
  const expected = hmac(secret, `${HMAC_PREFIX}.${payload}`);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new IdentityTokenError("forged", "the signature does not match this workspace's identity secret (was the payload changed, or the secret rotated?)");
  }
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as unknown;
    if (!claims || typeof claims !== "object" || Array.isArray(claims)) throw new Error("not an object");
    return claims as Record<string, unknown>;
  } catch {
    throw new IdentityTokenError("malformed", "the payload is not base64url-encoded JSON");
  }
}

async function verifyJwt(token: string, secret: string): Promise<Record<string, unknown>> {
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    throw new IdentityTokenError("malformed", "send an sb1 token or a JWT (three base64url parts)");
  }
  if (alg === "none" || token.endsWith(".")) throw new IdentityTokenError("unsigned", "the JWT is not signed; sign it with HS256 and the identity secret");
  if (alg !== "HS256") throw new IdentityTokenError("malformed", `the JWT is signed with ${String(alg)}; use HS256 with the identity secret`);
  try {
    // Expiry is checked below with the caller's clock (tests and evals pin time), not jose's.
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ["HS256"], currentDate: new Date(0) });
    const { aud, sub, jti, ...rest } = payload;
    return { ...rest, workspace: Array.isArray(aud) ? aud[0] : aud, id: sub, nonce: jti };
  } catch (e) {
    if (e instanceof joseErrors.JWSSignatureVerificationFailed) {
      throw new IdentityTokenError("forged", "the JWT's signature does not match this workspace's identity secret (was it changed, or the secret rotated?)");
    }
    if (e instanceof joseErrors.JOSEError) throw new IdentityTokenError("malformed", `the JWT could not be read (${e.message})`);
    throw e;
  }
}

function checkClaims(raw: Record<string, unknown>, input: { workspaceId: string; now: Date }): IdentityClaims {
  if (raw.workspace !== input.workspaceId) {
    throw new IdentityTokenError("other_workspace", "the token names no workspace or another one; put this workspace's id in `workspace` (JWT: `aud`)");
  }
  const id = externalCustomerIdSchema.safeParse(raw.id);
  if (!id.success) throw new IdentityTokenError("malformed", `id (JWT: sub): ${id.error.issues[0]?.message ?? "missing"}`);
  const attributes = customerAttributesSchema.safeParse(raw.attributes ?? {});
  if (!attributes.success) throw new IdentityTokenError("malformed", `attributes: ${attributes.error.issues[0]?.message ?? "invalid"}`);
  if (typeof raw.nonce !== "string" || raw.nonce.length < 8 || raw.nonce.length > 200) {
    throw new IdentityTokenError("malformed", "nonce (JWT: jti) must be a random string of 8 to 200 characters, new for every token");
  }
  if (typeof raw.exp !== "number" || !Number.isFinite(raw.exp)) throw new IdentityTokenError("malformed", "exp must be the expiry in seconds since the epoch");
  const now = input.now.getTime() / 1000;
  if (raw.exp <= now - CLOCK_SKEW_S) throw new IdentityTokenError("expired", `it expired at ${new Date(raw.exp * 1000).toISOString()}; sign a fresh token for each page view`);
  if (raw.exp > now + MAX_TOKEN_LIFETIME_S + CLOCK_SKEW_S) throw new IdentityTokenError("too_long_lived", "exp is more than 24 hours ahead; tokens are short-lived (minutes)");
  return { workspace: input.workspaceId, id: id.data, attributes: attributes.data, exp: raw.exp, nonce: raw.nonce };
}
