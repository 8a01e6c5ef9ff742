/**
 * JWT plumbing for the lab.
 *
 * - `createJoseJwt(secret)`: the real thing. HS256 signed and verified with jose, `algorithms`
 *   pinned to ["HS256"], `exp` checked against the engine's virtual clock (jose `currentDate`).
 * - `createReplayJwt()`: a synchronous, secret-free stand-in with the same outcomes, for replaying
 *   a log in the browser (milestones, previews). It is NOT a security mechanism: a token "verifies"
 *   iff this very instance minted exactly that string, which is what an HMAC gives you in practice
 *   (no forgery without the key) and what the lab needs to reproduce the real outcomes.
 * - `tamperToken(token, claims)`: what the `tamper` action does to the client's copy.
 *
 * Both codecs check in jose's order: shape -> alg -> signature -> claims (`exp`), so a tampered,
 * expired token reports `bad-signature`, not `expired`.
 *
 * Web APIs only (Web Crypto via jose, TextEncoder): safe in the browser and in Node >= 20.
 */
import { base64url, decodeJwt, decodeProtectedHeader, errors, jwtVerify, SignJWT } from "jose";
import type { JwtVerdict, JwtVerifyResult, LabClaims } from "./types";

/** The engine's dependency: sign the lab claims, verify a token at a virtual time. */
export interface LabJwt {
  sign(claims: LabClaims): Promise<string>;
  verify(token: string, nowSeconds: number): Promise<JwtVerifyResult>;
}

/** Synchronous flavour, for `runSimSync` (browser replays, milestones). */
export interface LabJwtSync {
  sign(claims: LabClaims): string;
  verify(token: string, nowSeconds: number): JwtVerifyResult;
}

export const LAB_JWT_HEADER = Object.freeze({ alg: "HS256", typ: "JWT" } as const);
export const MIN_SECRET_BYTES = 32;

type JsonObject = Record<string, unknown>;

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The header and payload of a compact JWT, decoded without any verification (null when not objects). */
export function decodeUnverified(token: string): { header: JsonObject | null; payload: JsonObject | null } {
  let header: JsonObject | null = null;
  let payload: JsonObject | null = null;
  try {
    const h: unknown = decodeProtectedHeader(token);
    header = isJsonObject(h) ? h : null;
  } catch {
    header = null;
  }
  try {
    const p: unknown = decodeJwt(token);
    payload = isJsonObject(p) ? p : null;
  } catch {
    payload = null;
  }
  return { header, payload };
}

function verdictFromJoseError(error: unknown): JwtVerdict | null {
  if (!(error instanceof errors.JOSEError)) return null;
  switch (error.code) {
    case errors.JOSEAlgNotAllowed.code:
      return "alg-not-allowed";
    case errors.JWSSignatureVerificationFailed.code:
      return "bad-signature";
    case errors.JWTExpired.code:
      return "expired";
    // JWSInvalid, JWTInvalid, JWTClaimValidationFailed (e.g. a non-numeric exp), JOSENotSupported...
    default:
      return "malformed";
  }
}

/**
 * The real signer/verifier. `secret` must be at least 32 bytes (HS256 wants a 256-bit key).
 * The key is imported once (non-extractable) and reused.
 */
export function createJoseJwt(secret: Uint8Array): LabJwt {
  if (!(secret instanceof Uint8Array) || secret.byteLength < MIN_SECRET_BYTES) {
    throw new RangeError(`the lab JWT secret must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  const raw = new Uint8Array(secret); // our own copy: later changes to the caller's buffer do not matter
  let keyPromise: Promise<CryptoKey> | undefined;
  const key = () =>
    (keyPromise ??= crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]));

  return {
    async sign(claims) {
      // Explicit claim values (never jose's "now"): the same claims always give the same token.
      const payload = { sub: claims.sub, name: claims.name, iat: claims.iat, exp: claims.exp };
      return new SignJWT(payload).setProtectedHeader({ ...LAB_JWT_HEADER }).sign(await key());
    },
    async verify(token, nowSeconds) {
      try {
        const { payload, protectedHeader } = await jwtVerify(token, await key(), {
          algorithms: ["HS256"],
          currentDate: new Date(nowSeconds * 1000),
        });
        return { valid: true, reason: "ok", header: { ...protectedHeader }, payload: { ...payload } };
      } catch (error) {
        const verdict = verdictFromJoseError(error);
        if (verdict === null) throw error; // not a token problem: a real bug, let it surface
        return { valid: false, reason: verdict, ...decodeUnverified(token) };
      }
    },
  };
}

/**
 * One run's memo over a codec's `verify`. A run replays the log from the start, and the client
 * sends the same token on request after request: its signature needs checking once. The outcome
 * is always the codec's own: a refusal that time cannot change (bad signature, wrong alg, malformed)
 * is returned again; a valid token is returned again while the run's clock is before its `exp`,
 * and at or past `exp` the codec runs again (and says "expired"). Time matters only through `exp`:
 * the lab's tokens carry no `nbf`, and jose checks `iat` only for its type.
 * Make one per run; it holds the run's tokens only.
 */
export function memoizeVerify(jwt: LabJwt): LabJwt {
  const seen = new Map<string, JwtVerifyResult>();
  return {
    sign: (claims) => jwt.sign(claims),
    async verify(token, nowSeconds) {
      const prior = seen.get(token);
      const exp = prior?.payload?.exp;
      if (prior && ((!prior.valid && prior.reason !== "expired") || (prior.valid && typeof exp === "number" && nowSeconds < exp))) return prior;
      const result = await jwt.verify(token, nowSeconds);
      seen.set(token, result);
      return result;
    },
  };
}

const textEncoder = new TextEncoder();

/** 32-bit FNV-1a over UTF-8 bytes. Not cryptographic; used for deterministic ids and fake signatures. */
export function fnv1a32(input: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (const byte of textEncoder.encode(input)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

function fakeSignature(signingInput: string): string {
  // 32 bytes, like an HS256 signature, so replay tokens look the part (43 base64url chars).
  const bytes = new Uint8Array(32);
  for (let block = 0; block < 8; block++) {
    const h = fnv1a32(`${block}:${signingInput}`);
    bytes[block * 4] = h >>> 24;
    bytes[block * 4 + 1] = (h >>> 16) & 0xff;
    bytes[block * 4 + 2] = (h >>> 8) & 0xff;
    bytes[block * 4 + 3] = h & 0xff;
  }
  return base64url.encode(bytes);
}

/**
 * A synchronous, secret-free codec with the same outcomes as `createJoseJwt` for every token
 * the engine can produce. Create one per run (it remembers what it minted).
 */
export function createReplayJwt(): LabJwtSync {
  const minted = new Set<string>();
  return {
    sign(claims) {
      const header = base64url.encode(JSON.stringify(LAB_JWT_HEADER));
      const payload = base64url.encode(
        JSON.stringify({ sub: claims.sub, name: claims.name, iat: claims.iat, exp: claims.exp }),
      );
      const token = `${header}.${payload}.${fakeSignature(`${header}.${payload}`)}`;
      minted.add(token);
      return token;
    },
    verify(token, nowSeconds) {
      const decoded = decodeUnverified(token);
      const parts = token.split(".");
      if (parts.length !== 3 || decoded.header === null || decoded.payload === null) {
        return { valid: false, reason: "malformed", ...decoded };
      }
      const alg = decoded.header.alg;
      if (typeof alg !== "string" || alg === "") return { valid: false, reason: "malformed", ...decoded };
      if (alg !== "HS256") return { valid: false, reason: "alg-not-allowed", ...decoded };
      if (!minted.has(token)) return { valid: false, reason: "bad-signature", ...decoded };
      const exp = decoded.payload.exp;
      if (exp !== undefined && typeof exp !== "number") return { valid: false, reason: "malformed", ...decoded };
      if (typeof exp === "number" && exp <= nowSeconds) return { valid: false, reason: "expired", ...decoded };
      return { valid: true, reason: "ok", ...decoded };
    },
  };
}

/**
 * The client edits its own token: decode the payload, merge `claims` over it, re-encode it and
 * keep the old header and signature. Returns null when `token` is not a three-part JWT with a
 * JSON-object payload. Merging claims that change nothing yields the very same string (the
 * payload is re-serialised in the same key order), so such a token still verifies.
 */
export function tamperToken(token: string, claims: Readonly<Record<string, string | number | boolean>>): string | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [header, , signature] = parts;
  const { payload } = decodeUnverified(token);
  if (payload === null || header === undefined || signature === undefined) return null;
  const merged: JsonObject = { ...payload };
  for (const [key, value] of Object.entries(claims)) {
    Object.defineProperty(merged, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return `${header}.${base64url.encode(JSON.stringify(merged))}.${signature}`;
}
