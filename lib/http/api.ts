/**
 * The JSON API conventions every Lectern route follows: bodies read as UTF-8 text with a byte
 * limit (413 past it), zod validation with `{ error, issues: [{ path, message }] }` (400),
 * typed HttpErrors mapped to their status, `no-store`, and never a stack trace.
 */
import type { z } from "zod";

export interface ApiIssue {
  path: string;
  message: string;
}
export interface ApiErrorBody {
  error: string;
  issues: ApiIssue[];
}

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;
export const MAX_LISTED_ISSUES = 20;

/** A failure a route can throw anywhere; `route()` turns it into a JSON answer. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: ApiIssue[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const BASE_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
};

/**
 * `x-served-by: <instance>` when LECTERN_INSTANCE is set. Pages get it from proxy.ts; API routes
 * do not pass through the proxy (so bodies are not buffered before a route can refuse them) and
 * add it here.
 */
export function servedByHeader(): Record<string, string> {
  const instance = process.env.LECTERN_INSTANCE;
  return instance ? { "x-served-by": instance } : {};
}

/** Adds `x-served-by` to a response built elsewhere (a CSV download, next-auth's answers). */
export function withServedBy(response: Response): Response {
  const instance = process.env.LECTERN_INSTANCE;
  if (!instance || response.headers.has("x-served-by")) return response;
  try {
    response.headers.set("x-served-by", instance);
    return response;
  } catch {
    // Immutable headers (a fetched or redirect response): copy.
    const headers = new Headers(response.headers);
    headers.set("x-served-by", instance);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}

export function json(status: number, body: unknown, extra: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...BASE_HEADERS, ...servedByHeader(), ...extra } });
}

export function errorResponse(status: number, error: string, issues: ApiIssue[] = [], extra: Record<string, string> = {}): Response {
  const body: ApiErrorBody = { error, issues };
  return json(status, body, extra);
}

/** Reads the body as UTF-8 text, enforcing the byte limit (Content-Length first, then the bytes read). */
export async function readBodyText(request: Request, maxBytes = DEFAULT_MAX_BODY_BYTES, tooLargeAdvice = "send less data"): Promise<string> {
  const tooLarge = () =>
    new HttpError(413, `The request body is larger than ${Math.round(maxBytes / 1024)} KB; ${tooLargeAdvice}.`, [
      { path: "", message: `body exceeds ${maxBytes} bytes` },
    ]);
  const declared = request.headers.get("content-length");
  if (declared !== null) {
    if (!/^\d+$/.test(declared.trim())) throw new HttpError(400, "The Content-Length header must be a number of bytes.");
    if (Number(declared) > maxBytes) throw tooLarge();
  }
  if (request.body === null) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof HttpError) throw e;
    throw new HttpError(400, "The request body could not be read completely; send it again.");
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, "The request body is not valid UTF-8 text; send JSON encoded as UTF-8.");
  }
}

/**
 * The error map every body and query is parsed with: a field absent from the input "is missing",
 * said in Lectern's words, unless its schema words it itself (a schema's own message wins over a
 * parse's map in zod). No matching on zod's own wording.
 */
export const missingFieldError: z.core.$ZodErrorMap = (issue) =>
  issue.code === "invalid_type" && issue.input === undefined ? `is missing (send a ${issue.expected})` : undefined;

/** `schema.safeParse` with Lectern's messages for missing fields. */
export function safeParseInput<S extends z.ZodType>(schema: S, value: unknown) {
  return schema.safeParse(value, { error: missingFieldError });
}

/** zod issues -> `{ path: "actions.2.server", message }`, one per unknown key. */
export function formatIssues(error: z.ZodError, rootMessage: string): ApiIssue[] {
  const issues: ApiIssue[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) issues.push({ path: [...base, key].join("."), message: `unknown field "${key}" (remove it)` });
    } else if (base.length === 0 && issue.code === "invalid_type") {
      issues.push({ path: "", message: rootMessage });
    } else {
      issues.push({ path: base.join("."), message: issue.message });
    }
  }
  return issues;
}

export function validationError(error: z.ZodError, rootMessage: string): HttpError {
  const all = formatIssues(error, rootMessage);
  const first = all[0];
  const listed = all.slice(0, MAX_LISTED_ISSUES);
  if (!first) return new HttpError(400, "The request is not valid.", listed);
  const sentence =
    first.path === ""
      ? first.message.charAt(0).toUpperCase() + first.message.slice(1)
      : first.message.startsWith("is missing")
        ? `${first.path} ${first.message}`
        : `Problem with ${first.path}: ${first.message}`;
  const more = all.length > 1 ? ` (${all.length - 1} more problem${all.length === 2 ? "" : "s"} listed in issues)` : "";
  return new HttpError(400, `${sentence}${more}.`, listed);
}

/** Reads, parses and validates a JSON body. `example` is shown to the caller when the body is unusable. */
export async function readJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  example: string,
  maxBytes?: number,
  tooLargeAdvice?: string,
): Promise<z.infer<S>> {
  const text = await readBodyText(request, maxBytes, tooLargeAdvice);
  if (text.trim() === "") throw new HttpError(400, `The request body is empty; send a JSON object such as ${example}.`, [{ path: "", message: "empty body" }]);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, `The request body is not valid JSON; send a JSON object such as ${example}.`, [
      { path: "", message: e instanceof SyntaxError ? e.message : "unparseable" },
    ]);
  }
  const parsed = safeParseInput(schema, value);
  if (!parsed.success) throw validationError(parsed.error, `the request body must be a JSON object such as ${example}`);
  return parsed.data;
}

/** Validates URL search params with a zod object schema. */
export function readQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = safeParseInput(schema, params);
  if (!parsed.success) throw validationError(parsed.error, "the query string is not valid");
  return parsed.data;
}

/**
 * State-changing requests must come from Lectern's own pages. Browsers send Origin on every
 * cross-site POST; a request whose Origin is another site is refused (403).
 */
export function assertSameOrigin(request: Request) {
  if (request.method === "GET" || request.method === "HEAD") return;
  const origin = request.headers.get("origin");
  // Absent, not merely empty: an `Origin:` header with no value is not a same-origin request.
  if (origin === null) {
    // Non-browser clients (curl, tests) send no Origin; a browser's form post from another
    // site always does, and so does Sec-Fetch-Site.
    const site = request.headers.get("sec-fetch-site");
    if (site && site !== "same-origin" && site !== "none") throw new HttpError(403, "Cross-site requests are not allowed.");
    return;
  }
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new HttpError(403, "Cross-site requests are not allowed.");
  }
  if (!host || originHost !== host) throw new HttpError(403, "Cross-site requests are not allowed: this request did not come from Lectern's own pages.");
}

type Handler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;

/** Wraps a route handler: same-origin check, HttpError -> JSON, anything else -> a logged 500 without details. */
export function route(handler: Handler): Handler {
  return async (request, ctx) => {
    try {
      assertSameOrigin(request);
      return withServedBy(await handler(request, ctx));
    } catch (e) {
      if (e instanceof HttpError) return errorResponse(e.status, e.message, e.issues, e.headers);
      // The error's class and code only (e.g. a Prisma P20xx code): never its message, which may hold data.
      const code = typeof e === "object" && e !== null && "code" in e ? ` ${String((e as { code: unknown }).code)}` : "";
      console.error(`[api] ${request.method} ${new URL(request.url).pathname} failed: ${e instanceof Error ? e.name : "error"}${code}`);
      return errorResponse(500, "Something went wrong on our side. Nothing was saved; please try again.");
    }
  };
}

export function methodNotAllowed(allow: string): Handler {
  return (request) =>
    errorResponse(405, `${request.method} is not supported here; use ${allow}.`, [], { allow });
}
