/**
 * HTTP handlers for the lab API, framework-free (`Request` in, `Response` out) so they can be unit
 * tested; the Next route files only wire in the secret.
 *
 *   POST /api/sim         body SimInputSchema          -> 200 SimResult
 *   POST /api/jwt/verify  body JwtVerifyInputSchema    -> 200 JwtVerifyResponse
 *
 * Every answer is `application/json` with `cache-control: no-store`. Bad input never reaches the
 * engine: bodies over 64 KB get 413 (Content-Length checked first, then the bytes actually read),
 * anything else malformed gets 400 `{ error, issues: [{ path, message }] }`, other methods get 405.
 * Nothing is kept between calls: each POST /api/sim replays the whole action log.
 */
import type { z } from "zod";
import { errorResponse, HttpError, json, readJsonBody, servedByHeader } from "@/lib/http/api";
import { runSim } from "./engine";
import { createJoseJwt, decodeUnverified, memoizeVerify } from "./jwt";
import {
  HTTP_ACTION_SECONDS,
  JwtVerifyInputSchema,
  SIM_EPOCH,
  SimInputSchema,
  type ApiError,
  type JwtVerifyResult,
} from "./types";

export const MAX_BODY_BYTES = 64 * 1024;

export interface LabApiDeps {
  /** The lab's HS256 secret (>= 32 bytes). Called once per request that needs it. */
  getSecret: () => Uint8Array;
}

/** 200 answer of POST /api/jwt/verify. `at` is the unix time `exp` was checked against. */
export type JwtVerifyResponse = JwtVerifyResult & { at: number };

const ALLOW = "POST, OPTIONS";

/** OPTIONS: 204 with the allowed methods. */
export function options(): Response {
  return new Response(null, { status: 204, headers: { allow: ALLOW, "cache-control": "no-store", ...servedByHeader() } });
}

/** 405 for any method but POST (and OPTIONS). */
export function methodNotAllowed(request: Request): Response {
  const path = safePath(request.url);
  return errorResponse(405, `${request.method} is not supported here: send a POST request with a JSON body to ${path}.`, [], { allow: ALLOW });
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "this endpoint";
  }
}

/** Reads and validates a JSON body with the shared API conventions (lib/http/api.ts). */
async function readInput<S extends z.ZodType>(request: Request, schema: S, example: string): Promise<z.infer<S>> {
  return readJsonBody(request, schema, example, MAX_BODY_BYTES, "send fewer actions (at most 500)");
}

function asResponse(e: unknown): Response {
  if (e instanceof HttpError) return errorResponse(e.status, e.message, e.issues, e.headers);
  throw e;
}

const SIM_EXAMPLE = `{"strategy": "memory", "servers": 3, "actions": [{"type": "login", "user": "alice"}, {"type": "request"}]}`;
const VERIFY_EXAMPLE = `{"token": "<a JWT>"}`;

/**
 * One codec per secret, so the HMAC key is imported once per process rather than on every call.
 * The secret is server-wide and read-only (no per-user state); keyed by its bytes, so a changed
 * secret gets a new codec. At most a couple of entries ever exist.
 */
const codecs = new Map<string, ReturnType<typeof createJoseJwt>>();
function joseJwtFor(secret: Uint8Array) {
  const id = Buffer.from(secret).toString("base64");
  let codec = codecs.get(id);
  if (!codec) {
    if (codecs.size >= 4) codecs.clear();
    codec = createJoseJwt(secret);
    codecs.set(id, codec);
  }
  return codec;
}

/** POST /api/sim */
export async function handleSimPost(request: Request, deps: LabApiDeps): Promise<Response> {
  if (request.method !== "POST") return methodNotAllowed(request);
  let input: z.infer<typeof SimInputSchema>;
  try {
    input = await readInput(request, SimInputSchema, SIM_EXAMPLE);
  } catch (e) {
    return asResponse(e);
  }
  return json(200, await runSim(input, memoizeVerify(joseJwtFor(deps.getSecret()))));
}

/**
 * The clock a token is checked against when the caller gives no `at`: the token's own `iat` plus
 * one HTTP step, i.e. the moment of the next lab request after it was issued (a fresh lab token is
 * valid then). Without a usable `iat`: the sim epoch. Read from the unverified payload, which is
 * harmless: jose checks the signature before any time claim, so only genuine lab tokens get as far
 * as the `exp` check. Pass `at` (e.g. a step's `state.clock`) to check at any other moment.
 */
export function defaultVerifyTime(payload: Record<string, unknown> | null): number {
  const iat = payload?.iat;
  if (typeof iat === "number" && Number.isSafeInteger(iat) && iat >= 0 && iat < 253_402_300_000) {
    return iat + HTTP_ACTION_SECONDS;
  }
  return SIM_EPOCH;
}

/** POST /api/jwt/verify */
export async function handleJwtVerifyPost(request: Request, deps: LabApiDeps): Promise<Response> {
  if (request.method !== "POST") return methodNotAllowed(request);
  let input: z.infer<typeof JwtVerifyInputSchema>;
  try {
    input = await readInput(request, JwtVerifyInputSchema, VERIFY_EXAMPLE);
  } catch (e) {
    return asResponse(e);
  }
  const { token } = input;
  const jwt = joseJwtFor(deps.getSecret());
  const at = input.at ?? defaultVerifyTime(decodeUnverified(token).payload);
  const result = await jwt.verify(token, at);
  const answer: JwtVerifyResponse = { ...result, at };
  return json(200, answer);
}

/**
 * The route module for a lab endpoint: POST runs `handle` with the lab secret, OPTIONS lists the
 * methods, every other method gets 405. `export const { POST, GET, … } = labRoute(handleSimPost, secret)`.
 */
export function labRoute(handle: (request: Request, deps: LabApiDeps) => Promise<Response>, getSecret: LabApiDeps["getSecret"]) {
  return {
    POST: (request: Request) => handle(request, { getSecret }),
    GET: methodNotAllowed,
    PUT: methodNotAllowed,
    PATCH: methodNotAllowed,
    DELETE: methodNotAllowed,
    OPTIONS: options,
  };
}
