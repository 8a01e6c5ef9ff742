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
import { runSim } from "./engine";
import { createJoseJwt, decodeUnverified } from "./jwt";
import {
  HTTP_ACTION_SECONDS,
  JwtVerifyInputSchema,
  SIM_EPOCH,
  SimInputSchema,
  type ApiError,
  type JwtVerifyResult,
} from "./types";

export const MAX_BODY_BYTES = 64 * 1024;
/** At most this many issues are listed in a 400 answer. */
export const MAX_LISTED_ISSUES = 20;

export interface LabApiDeps {
  /** The lab's HS256 secret (>= 32 bytes). Called once per request that needs it. */
  getSecret: () => Uint8Array;
}

/** 200 answer of POST /api/jwt/verify. `at` is the unix time `exp` was checked against. */
export type JwtVerifyResponse = JwtVerifyResult & { at: number };

type ApiIssue = ApiError["issues"][number];

const BASE_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
};

function json(status: number, body: unknown, extra: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...BASE_HEADERS, ...extra } });
}

function apiError(status: 400 | 405 | 413, error: string, issues: ApiIssue[] = []): Response {
  const body: ApiError = { error, issues };
  return json(status, body, status === 405 ? { allow: ALLOWED_METHODS } : {});
}

/** The methods the lab endpoints answer. */
export const ALLOWED_METHODS = "POST, OPTIONS";

/** OPTIONS: 204 listing the allowed methods (same-origin API: no CORS headers). */
export function options(): Response {
  return new Response(null, { status: 204, headers: { allow: ALLOWED_METHODS, "cache-control": "no-store" } });
}

/** 405 for any method but POST (and OPTIONS). */
export function methodNotAllowed(request: Request): Response {
  const path = safePath(request.url);
  return apiError(405, `${request.method} is not supported here: send a POST request with a JSON body to ${path}.`);
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "this endpoint";
  }
}

type Read<T> = { ok: true; value: T } | { ok: false; response: Response };

function tooLarge(): Response {
  return apiError(413, `The request body is larger than ${MAX_BODY_BYTES / 1024} KB; send fewer actions (at most 500).`, [
    { path: "", message: `body exceeds ${MAX_BODY_BYTES} bytes` },
  ]);
}

/** Read the body as UTF-8 text ourselves, enforcing the byte limit while reading. */
async function readBodyText(request: Request): Promise<Read<string>> {
  const declared = request.headers.get("content-length");
  if (declared !== null) {
    const trimmed = declared.trim();
    if (!/^\d+$/.test(trimmed)) {
      return { ok: false, response: apiError(400, "The Content-Length header must be a number of bytes.") };
    }
    if (Number(trimmed) > MAX_BODY_BYTES) return { ok: false, response: tooLarge() };
  }
  if (request.body === null) return { ok: true, value: "" };

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > MAX_BODY_BYTES) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, response: tooLarge() };
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, response: apiError(400, "The request body could not be read completely; send it again.") };
  }

  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return { ok: true, value: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, response: apiError(400, "The request body is not valid UTF-8 text; send JSON encoded as UTF-8.") };
  }
}

async function readJson(request: Request, example: string): Promise<Read<unknown>> {
  const text = await readBodyText(request);
  if (!text.ok) return text;
  if (text.value.trim() === "") {
    return {
      ok: false,
      response: apiError(400, `The request body is empty; send a JSON object such as ${example}.`, [
        { path: "", message: "empty body" },
      ]),
    };
  }
  try {
    return { ok: true, value: JSON.parse(text.value) as unknown };
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : "unparseable";
    return {
      ok: false,
      response: apiError(400, `The request body is not valid JSON; send a JSON object such as ${example}.`, [
        { path: "", message: detail },
      ]),
    };
  }
}

/** zod issues -> `{ path: "actions.2.server", message }`, one per unknown key. */
export function formatIssues(error: z.ZodError, rootMessage: string): ApiIssue[] {
  const issues: ApiIssue[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        issues.push({ path: [...base, key].join("."), message: `unknown field "${key}" (remove it)` });
      }
    } else if (base.length === 0 && issue.code === "invalid_type") {
      issues.push({ path: "", message: rootMessage });
    } else {
      issues.push({ path: base.join("."), message: issue.message });
    }
  }
  return issues;
}

function validationError(error: z.ZodError, rootMessage: string): Response {
  const all = formatIssues(error, rootMessage);
  const first = all[0];
  const listed = all.slice(0, MAX_LISTED_ISSUES);
  if (!first) return apiError(400, "The request body is not valid.", listed);
  const sentence =
    first.path === "" ? first.message.charAt(0).toUpperCase() + first.message.slice(1) : `Problem with ${first.path}: ${first.message}`;
  const more = all.length > 1 ? ` (${all.length - 1} more problem${all.length === 2 ? "" : "s"} listed in issues)` : "";
  return apiError(400, `${sentence}${more}.`, listed);
}

const SIM_EXAMPLE = `{"strategy": "memory", "servers": 3, "actions": [{"type": "login", "user": "alice"}, {"type": "request"}]}`;
const VERIFY_EXAMPLE = `{"token": "<a JWT>"}`;

/** POST /api/sim */
export async function handleSimPost(request: Request, deps: LabApiDeps): Promise<Response> {
  if (request.method !== "POST") return methodNotAllowed(request);
  const body = await readJson(request, SIM_EXAMPLE);
  if (!body.ok) return body.response;
  const parsed = SimInputSchema.safeParse(body.value);
  if (!parsed.success) return validationError(parsed.error, `the request body must be a JSON object such as ${SIM_EXAMPLE}`);
  const result = await runSim(parsed.data, createJoseJwt(deps.getSecret()));
  return json(200, result);
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
  const body = await readJson(request, VERIFY_EXAMPLE);
  if (!body.ok) return body.response;
  const parsed = JwtVerifyInputSchema.safeParse(body.value);
  if (!parsed.success) return validationError(parsed.error, `the request body must be a JSON object such as ${VERIFY_EXAMPLE}`);
  const { token } = parsed.data;
  const jwt = createJoseJwt(deps.getSecret());
  const at = parsed.data.at ?? defaultVerifyTime(decodeUnverified(token).payload);
  const result = await jwt.verify(token, at);
  const answer: JwtVerifyResponse = { ...result, at };
  return json(200, answer);
}
