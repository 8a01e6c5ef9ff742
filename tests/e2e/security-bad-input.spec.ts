/**
 * Bad-input sweep (issue 10): fast-check throws thousands of malformed requests at every API
 * route and method — bodies derived from each route's zod schema (wrong types, missing and extra
 * fields, prototype keys, huge strings, deep nesting, invalid JSON and UTF-8, odd content types),
 * junk path params and query strings, forged Origins and odd headers — as a guest, a learner, an
 * instructor and an admin. Every answer from Lectern's routes must be a 4xx with a JSON
 * `{ error }` (next-auth's own /api/auth/* endpoints: never a 5xx), no request may hang, bodies
 * over a route's limit get 413 before they are read, and afterwards the database rows the sweep's
 * users could touch are exactly as before.
 *
 * The seed is fixed (FUZZ_SEED overrides it) and printed with any failure, so a failure replays:
 *   FUZZ_SEED=<seed> npx playwright test tests/e2e/security-bad-input.spec.ts --project=desktop
 * FUZZ_SCALE (default 1) multiplies the number of runs.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { expect, test, type APIRequestContext } from "@playwright/test";
import fc from "fast-check";
import { z } from "zod";
import { PrismaClient as PostgresClient } from "@/prisma/generated/postgres/client";
import { PrismaClient } from "@/prisma/generated/sqlite/client";
import { JwtVerifyInputSchema, MAX_ACTIONS, SimInputSchema } from "@/lib/sim/types";
import { SignUpSchema } from "@/lib/validations/account";
import { ChapterEventSchema, CourseQuerySchema, ModuleRefSchema } from "@/lib/validations/progress";
import { MilestoneInputSchema } from "@/lib/validations/lab";
import { QuizAnswerSchema } from "@/lib/validations/quiz";
import { e2eDatabaseUrl } from "./env";
import { createUser, makeStaff, signInApi, type TestUser } from "./fixtures";

test.skip(({ isMobile }) => isMobile, "HTTP checks: run on the desktop project only");

const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const REQUEST_TIMEOUT_MS = 15_000;
const RUN = randomUUID().slice(0, 8);
/** Every email the fuzzer makes contains this, so the database check can look for them. */
const FUZZ_MARK = `fuzz-${RUN}`;

const COURSE = "scaling-web-apps";
const MODULE = "statelessness";
const CHAPTER = "the-logout-bug";
const QUIZ = "statelessness-quiz";
const QUESTION = "why-alice-logged-out";

// Schemas that live inside route files (which import server-only modules), mirrored here. They
// only decide which generated bodies are malformed; a body they call valid is never sent.
const CreateClassSchema = z.object({ name: z.string().trim().min(1).max(80), course: z.string().trim().min(1).max(100) }).strict();
const JoinSchema = z.object({ code: z.string().trim().min(1).max(32) }).strict();
const CredentialsSchema = z.object({ email: z.string().trim().toLowerCase().email().max(254), password: z.string().min(1).max(200) });

// ----------------------------------------------------------------------------- JSON built by hand
// Objects are kept as entry lists so `__proto__` and duplicate keys survive into the JSON text.

class Obj {
  constructor(readonly entries: [string, Json][]) {}
}
class Raw {
  constructor(readonly text: string) {}
}
type Json = null | boolean | number | string | Json[] | Obj | Raw;

function ser(v: Json): string {
  if (v instanceof Raw) return v.text;
  if (v instanceof Obj) return `{${v.entries.map(([k, x]) => `${JSON.stringify(k)}:${ser(x)}`).join(",")}}`;
  if (Array.isArray(v)) return `[${v.map(ser).join(",")}]`;
  return JSON.stringify(v) ?? "null";
}
const obj = (o: Record<string, Json>) => new Obj(Object.entries(o));

const WEIRD = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\uFFFF",
  "\u202E",
  "\u2028",
  "💥",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "%00",
  "null",
  "NaN",
  "__proto__",
  "constructor",
  "statelessness-quiz",
  "x".repeat(300),
  "9".repeat(400),
  "ä".repeat(200),
];
const PROTO_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"];

const leaf: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double().map((d) => (Number.isFinite(d) ? d : new Raw(d > 0 ? "1e999" : "-1e999"))),
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom(...WEIRD),
  fc.integer({ min: 1000, max: 12_000 }).map((n) => "y".repeat(n)),
);
const deep: fc.Arbitrary<Json> = fc
  .tuple(fc.integer({ min: 20, max: 5000 }), fc.constantFrom("[", '{"a":'))
  .map(([d, open]) => new Raw(open === "[" ? "[".repeat(d) + "]".repeat(d) : open.repeat(d) + "1" + "}".repeat(d)));
const junk: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: leaf },
  { weight: 1, arbitrary: fc.array(leaf, { maxLength: 6 }) },
  { weight: 1, arbitrary: fc.array(fc.tuple(fc.oneof(fc.string(), fc.constantFrom(...PROTO_KEYS)), leaf), { maxLength: 5 }).map((e) => new Obj(e)) },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.constantFrom<Json>(obj({ isAdmin: true }), obj({ polluted: "yes" }), new Obj([["__proto__", obj({ polluted: "yes" })]])) },
);

type Mutation = { kind: "set" | "add" | "dup"; key: string; value: Json } | { kind: "delete"; key: string } | { kind: "replace"; value: Json } | { kind: "wrap" };

function mutationArb(keys: string[], extra: Record<string, fc.Arbitrary<Json>> = {}): fc.Arbitrary<Mutation> {
  const key = fc.constantFrom(...keys);
  const valueFor = (k: string) => (extra[k] ? fc.oneof(junk, extra[k]) : junk);
  return fc.oneof(
    { weight: 5, arbitrary: key.chain((k) => valueFor(k).map((value): Mutation => ({ kind: "set", key: k, value }))) },
    { weight: 2, arbitrary: key.map((k): Mutation => ({ kind: "delete", key: k })) },
    { weight: 3, arbitrary: fc.tuple(fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 20 })), junk).map(([k, value]): Mutation => ({ kind: "add", key: k, value })) },
    { weight: 1, arbitrary: fc.tuple(key, junk).map(([k, value]): Mutation => ({ kind: "dup", key: k, value })) },
    { weight: 1, arbitrary: junk.map((value): Mutation => ({ kind: "replace", value })) },
    { weight: 1, arbitrary: fc.constant<Mutation>({ kind: "wrap" }) },
  );
}

function applyMutations(base: Obj, muts: Mutation[]): Json {
  let cur: Json = new Obj([...base.entries]);
  for (const m of muts) {
    if (m.kind === "replace") cur = m.value;
    else if (m.kind === "wrap") cur = obj({ data: cur });
    else if (cur instanceof Obj) {
      const e: [string, Json][] = cur.entries;
      if (m.kind === "delete") cur = new Obj(e.filter(([k]) => k !== m.key));
      else if (m.kind === "set") cur = new Obj(e.some(([k]) => k === m.key) ? e.map(([k, v]) => [k, k === m.key ? m.value : v]) : [...e, [m.key, m.value]]);
      else cur = new Obj([...e, [m.key, m.value]]);
    }
  }
  return cur;
}

type Encoding = "json" | "truncated" | "trailing" | "single-quotes" | "bad-utf8" | "empty" | "form" | "bom";
const ENCODINGS: Encoding[] = ["json", "json", "json", "json", "truncated", "trailing", "single-quotes", "bad-utf8", "empty", "form", "bom"];
const CONTENT_TYPES = [
  "application/json",
  "application/json",
  "application/json; charset=utf-8",
  null,
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/json; charset=utf-16",
  "application/xml",
  "*/*",
  "application/json, text/html",
];

function encode(value: Json, enc: Encoding, cut: number): Uint8Array {
  const text = ser(value);
  const utf8 = (s: string) => new TextEncoder().encode(s);
  switch (enc) {
    case "json":
      return utf8(text);
    case "truncated":
      return utf8(text.slice(0, Math.max(0, Math.floor(text.length * cut))));
    case "trailing":
      return utf8(`${text}}garbage`);
    case "single-quotes":
      return utf8(text.replace(/"/g, "'"));
    case "bad-utf8": {
      const b = utf8(text);
      const at = Math.floor(b.length * cut);
      return new Uint8Array([...b.slice(0, at), 0xc3, 0x28, 0xff, 0xfe, ...b.slice(at)]);
    }
    case "empty":
      return new Uint8Array();
    case "form":
      return utf8(value instanceof Obj ? new URLSearchParams(value.entries.map(([k, v]) => [k, ser(v)])).toString() : `data=${encodeURIComponent(text)}`);
    case "bom":
      return utf8(`\uFEFF${text}`);
  }
}

/** Would the route accept these bytes? Only malformed bodies are sent. */
function acceptedBy(schema: z.ZodType, bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  if (text.trim() === "") return false;
  try {
    return schema.safeParse(JSON.parse(text)).success;
  } catch {
    return false;
  }
}

// ----------------------------------------------------------------------------- HTTP

type Actor = "guest" | "learner" | "instructor" | "admin";
let baseURL = "";
let origin = "";
const cookies: Record<Actor, string> = { guest: "", learner: "", instructor: "", admin: "" };
let classId = "";
let learnerId = "";
const stats = { sent: 0, skippedValid: 0, byGroup: {} as Record<string, number> };

interface Answer {
  status: number;
  contentType: string;
  text: string;
  ms: number;
}

async function send(
  group: string,
  actor: Actor,
  method: string,
  path: string,
  opts: { body?: Uint8Array; contentType?: string | null; headers?: Record<string, string>; origin?: string | null } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { accept: "application/json", ...opts.headers };
  if (cookies[actor]) headers.cookie = [cookies[actor], headers.cookie].filter(Boolean).join("; ");
  const o = opts.origin === undefined ? origin : opts.origin;
  if (o !== null && method !== "GET") headers.origin = o;
  if (opts.contentType) headers["content-type"] = opts.contentType;
  stats.sent++;
  stats.byGroup[group] = (stats.byGroup[group] ?? 0) + 1;
  const t0 = Date.now();
  let res: Response;
  try {
    res = await fetch(baseURL + path, { method, headers, body: opts.body && method !== "GET" ? Buffer.from(opts.body) : undefined, redirect: "manual", signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (e) {
    throw new Error(`${method} ${path.slice(0, 200)} as ${actor}: no answer within ${REQUEST_TIMEOUT_MS} ms (${(e as Error).name}: ${(e as Error).message})`);
  }
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", text, ms: Date.now() - t0 };
}

/** A 4xx (within `allowed`, if given) whose body is JSON `{ error: "<a message>" }`. */
function expectJson4xx(a: Answer, what: string, allowed?: number[]) {
  const where = `${what} -> ${a.status} ${a.text.slice(0, 300)}`;
  if (a.status < 400 || a.status >= 500) throw new Error(`expected a 4xx: ${where}`);
  if (allowed && !allowed.includes(a.status)) throw new Error(`expected one of ${allowed.join("/")}: ${where}`);
  if (!a.contentType.startsWith("application/json")) throw new Error(`expected a JSON answer: ${where} (${a.contentType})`);
  let body: { error?: unknown };
  try {
    body = JSON.parse(a.text) as { error?: unknown };
  } catch {
    throw new Error(`the answer is not JSON: ${where}`);
  }
  if (typeof body.error !== "string" || body.error.trim() === "") throw new Error(`no error message: ${where}`);
}

const bytesOf = (s: string) => new TextEncoder().encode(s);

// ----------------------------------------------------------------------------- the routes

interface BodyTarget {
  name: string;
  path: string;
  schema: z.ZodType;
  base: Obj;
  /** Actors whose request reaches the body validation, then those stopped before it (401/403). */
  actors: Actor[];
  refused?: { actor: Actor; status: number }[];
  extra?: Record<string, fc.Arbitrary<Json>>;
  /** The route's byte limit (413 past it). */
  limit: number;
}

const actionJunk: fc.Arbitrary<Json> = fc.oneof(
  fc.array(fc.oneof(junk, fc.constantFrom<Json>(obj({ type: "login" }), obj({ type: "kill", server: "S99" }), obj({ type: "kill", server: "S9" }), obj({ type: "revive", server: "S4" }), obj({ type: "wait", seconds: -1 }), obj({ type: "nope" })))),
  fc.constant<Json>(Array.from({ length: MAX_ACTIONS + 1 }, () => obj({ type: "request" }))),
);
const slugJunk: fc.Arbitrary<Json> = fc.oneof(fc.constantFrom<Json>("Scaling-Web-Apps", "a--b", "-a", "a b", "a/b", "a\u0000"), fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }));

const BODY_TARGETS: BodyTarget[] = [
  {
    name: "signup",
    path: "/api/auth/signup",
    schema: SignUpSchema,
    base: obj({ name: "Fuzz", email: `${FUZZ_MARK}@example.test`, password: "a-long-password-1" }),
    actors: ["guest", "learner"],
    extra: { email: fc.constantFrom<Json>(`${FUZZ_MARK}@`, `@${FUZZ_MARK}.test`, `${FUZZ_MARK}@example.test\u0000`, `${"e".repeat(250)}${FUZZ_MARK}@example.test`), password: fc.constantFrom<Json>("short", "p".repeat(201)) },
    limit: 16 * 1024,
  },
  {
    name: "create class",
    path: "/api/classes",
    schema: CreateClassSchema,
    base: obj({ name: "Fuzz class", course: COURSE }),
    actors: ["instructor", "admin"],
    refused: [
      { actor: "guest", status: 401 },
      { actor: "learner", status: 403 },
    ],
    extra: { name: fc.constantFrom<Json>("   ", "n".repeat(81)), course: fc.constantFrom<Json>("", "c".repeat(101)) },
    limit: 16 * 1024,
  },
  { name: "join class", path: "/api/classes/join", schema: JoinSchema, base: obj({ code: "ABCDEFGH" }), actors: ["learner", "instructor"], refused: [{ actor: "guest", status: 401 }], extra: { code: fc.constantFrom<Json>("   ", "K".repeat(33)) }, limit: 1024 },
  {
    name: "chapter progress",
    path: "/api/progress/chapter",
    schema: ChapterEventSchema,
    base: obj({ course: COURSE, module: MODULE, chapter: CHAPTER, event: "visited" }),
    actors: ["learner"],
    refused: [{ actor: "guest", status: 401 }],
    extra: { course: slugJunk, module: slugJunk, chapter: slugJunk, event: fc.constantFrom<Json>("VISITED", "deleted", "") },
    limit: 16 * 1024,
  },
  { name: "progress reset", path: "/api/progress/reset", schema: ModuleRefSchema, base: obj({ course: COURSE, module: MODULE }), actors: ["learner"], refused: [{ actor: "guest", status: 401 }], extra: { course: slugJunk, module: slugJunk }, limit: 16 * 1024 },
  {
    name: "quiz answer",
    path: `/api/quiz/${QUIZ}/answer`,
    schema: QuizAnswerSchema,
    base: obj({ questionId: QUESTION, choiceIds: ["a"], idempotencyKey: "fuzz-key-000000" }),
    actors: ["learner", "guest"],
    extra: {
      questionId: slugJunk,
      choiceIds: fc.constantFrom<Json>([], ["A"], Array.from({ length: 21 }, () => "a"), [1], "a"),
      idempotencyKey: fc.constantFrom<Json>("short", "k".repeat(65), "has space 123", "ключ-ключ-ключ"),
    },
    limit: 16 * 1024,
  },
  {
    name: "lab milestones",
    path: "/api/lab/milestones",
    schema: MilestoneInputSchema,
    base: obj({ lab: "session-lab", servers: 3, actions: [obj({ type: "login", user: "alice" }), obj({ type: "request" })] }),
    actors: ["learner", "guest"],
    extra: { actions: actionJunk, servers: fc.constantFrom<Json>(0, 10, 2.5, "3", -1), lab: fc.constantFrom<Json>("other-lab", "SESSION-LAB") },
    limit: 64 * 1024,
  },
  {
    name: "sim",
    path: "/api/sim",
    schema: SimInputSchema,
    base: obj({ strategy: "memory", servers: 3, actions: [obj({ type: "login", user: "alice" }), obj({ type: "request" })] }),
    actors: ["guest"],
    extra: { actions: actionJunk, strategy: fc.constantFrom<Json>("MEMORY", "redis", ""), servers: fc.constantFrom<Json>(0, 10, 2.5, "3") },
    limit: 64 * 1024,
  },
  {
    name: "jwt verify",
    path: "/api/jwt/verify",
    schema: JwtVerifyInputSchema,
    base: obj({ token: "a.b.c" }),
    actors: ["guest"],
    extra: { token: fc.constantFrom<Json>("", "t".repeat(4097)), at: fc.constantFrom<Json>(-1, 1.5, "now", 1e300) },
    limit: 64 * 1024,
  },
];

const bodyCase = (t: BodyTarget) =>
  fc.record({
    muts: fc.array(mutationArb(t.base.entries.map(([k]) => k), t.extra), { minLength: 1, maxLength: 3 }),
    enc: fc.constantFrom(...ENCODINGS),
    cut: fc.double({ min: 0, max: 1, noNaN: true }),
    contentType: fc.constantFrom(...CONTENT_TYPES),
    actor: fc.constantFrom(...t.actors, ...(t.refused ?? []).map((r) => r.actor)),
  });

/** Path-param routes, with how an unknown or malformed param must be answered. */
interface ParamTarget {
  name: string;
  method: "GET" | "POST" | "DELETE";
  path: (p: string) => string;
  body?: string;
  actors: { actor: Actor; allowed: number[] }[];
}
const PARAM_TARGETS: ParamTarget[] = [
  {
    name: "quiz state",
    method: "GET",
    path: (p) => `/api/quiz/${p}`,
    actors: [
      { actor: "guest", allowed: [400, 404] },
      { actor: "learner", allowed: [400, 404] },
    ],
  },
  {
    name: "quiz answer",
    method: "POST",
    path: (p) => `/api/quiz/${p}/answer`,
    body: JSON.stringify({ questionId: QUESTION, choiceIds: ["a"], idempotencyKey: "param-fuzz-key-1" }),
    actors: [
      { actor: "guest", allowed: [400, 404] },
      { actor: "learner", allowed: [400, 404] },
    ],
  },
  { name: "quiz retake", method: "POST", path: (p) => `/api/quiz/${p}/retake`, actors: [{ actor: "learner", allowed: [400, 404] }, { actor: "guest", allowed: [400, 401] }] },
  { name: "leave class", method: "POST", path: (p) => `/api/classes/${p}/leave`, actors: [{ actor: "learner", allowed: [404] }, { actor: "guest", allowed: [401] }] },
  { name: "overview csv", method: "GET", path: (p) => `/api/classes/${p}/export/overview.csv`, actors: [{ actor: "instructor", allowed: [404] }, { actor: "admin", allowed: [404] }, { actor: "learner", allowed: [403] }] },
  { name: "answers csv", method: "GET", path: (p) => `/api/classes/${p}/export/answers.csv`, actors: [{ actor: "instructor", allowed: [404] }, { actor: "guest", allowed: [401] }] },
  {
    name: "remove learner",
    method: "DELETE",
    path: (p) => `/api/classes/${classId}/learners/${p}`,
    actors: [
      { actor: "instructor", allowed: [404] },
      { actor: "learner", allowed: [403] },
    ],
  },
  {
    name: "revoke sessions",
    method: "POST",
    path: (p) => `/api/admin/users/${p}/revoke-sessions`,
    actors: [
      { actor: "admin", allowed: [400, 404] },
      { actor: "learner", allowed: [403] },
      { actor: "guest", allowed: [401] },
    ],
  },
];

const isDotSegment = (s: string) => /^(?:\.|%2e){1,2}$/i.test(s);
/** A path segment: junk text percent-encoded (always well-formed: malformed %-escapes are a separate, known issue below). */
const segment: fc.Arbitrary<string> = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 40 }),
    fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }),
    fc.constantFrom(...WEIRD.filter(Boolean), ...PROTO_KEYS, "0", "-1", "1e309", "%2F", "a/b", "a\\b", "a;b", "a?b", "a#b", " ", "\u2028"),
    fc.stringMatching(/^c[a-z0-9]{24}$/),
    fc.integer({ min: 65, max: 3000 }).map((n) => "a".repeat(n)),
  )
  .map((s) => {
    try {
      return encodeURIComponent(s);
    } catch {
      return "x";
    }
  })
  // Never the real quiz: a valid path would make the (valid) body below count.
  .filter((s) => s.length > 0 && !isDotSegment(s) && s !== QUIZ);

const queryJunk: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom("course", "course", "__proto__", "constructor", "page", ""), fc.string({ maxLength: 10 })),
      fc.oneof(fc.constantFrom(COURSE, "", "NO-SUCH", "a--b", "x".repeat(3000)), fc.string({ unit: "grapheme", maxLength: 20 })),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => new URLSearchParams(pairs).toString());

const BAD_ORIGINS: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("http://evil.example", "null", "https://127.0.0.1.evil.example", "http://127.0.0.1", "http://localhost", "file://", "http://[::1]", "chrome-extension://abc", "*", "", " "),
  fc.webUrl().map((u) => new URL(u).origin),
  fc.string({ maxLength: 30 }),
);

/** State-changing requests with a valid body: only the Origin check stands between them and a write. */
const STATE_CHANGING: { path: () => string; body?: () => string; method?: string }[] = [
  { path: () => `/api/classes/${classId}/learners/${learnerId}`, method: "DELETE" },
  { path: () => "/api/auth/signup", body: () => JSON.stringify({ name: "Forged", email: `${FUZZ_MARK}-csrf-${randomUUID()}@example.test`, password: "a-long-password-1" }) },
  { path: () => "/api/classes", body: () => JSON.stringify({ name: "Forged class", course: COURSE }) },
  { path: () => "/api/classes/join", body: () => JSON.stringify({ code: "ABCDEFGH" }) },
  { path: () => `/api/classes/${classId}/leave` },
  { path: () => "/api/progress/chapter", body: () => JSON.stringify({ course: COURSE, module: MODULE, chapter: "what-is-state", event: "completed" }) },
  { path: () => "/api/progress/reset", body: () => JSON.stringify({ course: COURSE, module: MODULE }) },
  { path: () => `/api/quiz/${QUIZ}/answer`, body: () => JSON.stringify({ questionId: QUESTION, choiceIds: ["b"], idempotencyKey: `forged-${randomUUID()}` }) },
  { path: () => `/api/quiz/${QUIZ}/retake` },
  { path: () => "/api/lab/milestones", body: () => JSON.stringify({ lab: "session-lab", servers: 3, actions: [{ type: "login", user: "mallory" }, { type: "request" }] }) },
  { path: () => "/api/account/sign-out-everywhere" },
  { path: () => "/api/admin/users/cnosuchuser0000000000000/revoke-sessions" },
];

// ----------------------------------------------------------------------------- the database

function openDb(port: string): PrismaClient {
  const url = e2eDatabaseUrl(port);
  if (/^postgres(ql)?:\/\//.test(url)) return new PostgresClient({ adapter: new PrismaPg({ connectionString: url, max: 2 }) }) as unknown as PrismaClient;
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
}

/** Every row the sweep's users own or could change (sessions without their lastSeenAt touch). */
async function snapshot(db: PrismaClient, userIds: string[]) {
  const classes = await db.class.findMany({ where: { ownerId: { in: userIds } }, orderBy: { id: "asc" } });
  const classIds = classes.map((c) => c.id);
  return {
    users: await db.user.findMany({ where: { id: { in: userIds } }, orderBy: { id: "asc" } }),
    sessions: await db.authSession.findMany({ where: { userId: { in: userIds } }, orderBy: { id: "asc" }, select: { id: true, userId: true, createdAt: true, expiresAt: true, revokedAt: true, userAgent: true } }),
    chapters: await db.chapterProgress.findMany({ where: { userId: { in: userIds } }, orderBy: [{ userId: "asc" }, { chapter: "asc" }] }),
    milestones: await db.labMilestone.findMany({ where: { userId: { in: userIds } }, orderBy: [{ userId: "asc" }, { milestone: "asc" }] }),
    attempts: await db.quizAttempt.findMany({ where: { userId: { in: userIds } }, orderBy: { id: "asc" }, include: { answers: { orderBy: { id: "asc" } } } }),
    classes,
    enrollments: await db.enrollment.findMany({ where: { OR: [{ userId: { in: userIds } }, { classId: { in: classIds } }] }, orderBy: [{ classId: "asc" }, { userId: "asc" }] }),
    accounts: await db.account.findMany({ where: { userId: { in: userIds } } }),
    fuzzUsers: await db.user.count({ where: { email: { contains: FUZZ_MARK } } }),
    fuzzLoginAttempts: await db.loginAttempt.count({ where: { key: { contains: FUZZ_MARK } } }),
  };
}

// ----------------------------------------------------------------------------- setup

/** Signs in and returns the context's cookies as a Cookie header. */
async function signInCookies(request: APIRequestContext, user: TestUser) {
  await signInApi(request, user);
  const state = await request.storageState();
  return state.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

test.describe("bad-input sweep", () => {
  test.describe.configure({ mode: "serial", timeout: 240_000 });
  let db: PrismaClient;
  let userIds: string[] = [];

  test.beforeAll(async ({ playwright }, info) => {
    baseURL = info.project.use.baseURL!;
    origin = new URL(baseURL).origin;
    db = openDb(new URL(baseURL).port);
    const setup = await playwright.request.newContext({ baseURL });
    const learner = await createUser(setup, "Fuzz Learner");
    const instructor = makeStaff(info, "instructor", "Fuzz Instructor");
    const admin = makeStaff(info, "admin", "Fuzz Admin");
    const ctxs: APIRequestContext[] = [];
    for (const [actor, user] of [
      ["learner", learner],
      ["instructor", instructor],
      ["admin", admin],
    ] as const) {
      const c = await playwright.request.newContext({ baseURL });
      ctxs.push(c);
      cookies[actor] = await signInCookies(c, user);
    }
    const [lc, ic] = ctxs as [APIRequestContext, APIRequestContext];
    const klass = (await (await ic.post("/api/classes", { data: { name: "Fuzz class", course: COURSE } })).json()) as { id: string; joinCode: string };
    classId = klass.id;
    // Give the learner rows worth protecting: a membership, a chapter, an answer, lab milestones.
    expect((await lc.post("/api/classes/join", { data: { code: klass.joinCode } })).status()).toBe(200);
    expect((await lc.post("/api/progress/chapter", { data: { course: COURSE, module: MODULE, chapter: CHAPTER, event: "completed" } })).status()).toBe(200);
    expect((await lc.post(`/api/quiz/${QUIZ}/answer`, { data: { questionId: QUESTION, choiceIds: ["a"], idempotencyKey: `setup-${RUN}-0001` } })).status()).toBe(200);
    expect((await lc.post("/api/lab/milestones", { data: { lab: "session-lab", servers: 3, actions: [{ type: "login", user: "alice" }, { type: "request" }] } })).status()).toBe(200);
    const ids = await db.user.findMany({ where: { email: { in: [learner.email, instructor.email, admin.email] } }, select: { id: true } });
    userIds = ids.map((u) => u.id);
    learnerId = (await db.user.findUniqueOrThrow({ where: { email: learner.email } })).id;
    expect(userIds).toHaveLength(3);
    for (const c of [setup, ...ctxs]) await c.dispose();
  });

  test.afterAll(async () => {
    await db?.$disconnect();
  });

  test("thousands of malformed requests: 4xx JSON, never 5xx, never a hang; the database is unchanged", async () => {
    const before = await snapshot(db, userIds);
    const params = (numRuns: number) => ({ seed: SEED, numRuns: Math.max(1, Math.round(numRuns * SCALE)), endOnFailure: true });
    const t0 = Date.now();

    const groups: Record<string, () => Promise<void>> = {
      // Bodies derived from each route's schema, as every actor that reaches the validation (and some that do not).
      bodies: async () => {
        for (const t of BODY_TARGETS)
          await fc.assert(
            fc.asyncProperty(bodyCase(t), async ({ muts, enc, cut, contentType, actor }) => {
              const bytes = encode(applyMutations(t.base, muts), enc, cut);
              const refused = t.refused?.find((r) => r.actor === actor);
              if (!refused && acceptedBy(t.schema, bytes)) {
                stats.skippedValid++;
                return;
              }
              const a = await send("bodies", actor, "POST", t.path, { body: bytes, contentType });
              const what = `POST ${t.path} as ${actor} (${enc}, ${contentType}): ${new TextDecoder().decode(bytes).slice(0, 200)}`;
              expectJson4xx(a, what, refused ? [refused.status, 413] : [400, 413]);
            }),
            params(170),
          );
      },
      // Junk path params.
      params: async () => {
        for (const t of PARAM_TARGETS)
          await fc.assert(
            fc.asyncProperty(segment, fc.constantFrom(...t.actors), async (p, { actor, allowed }) => {
              const path = t.path(p);
              const a = await send("params", actor, t.method, path, { body: t.body ? bytesOf(t.body) : undefined, contentType: "application/json" });
              expectJson4xx(a, `${t.method} ${path.slice(0, 200)} as ${actor}`, allowed);
            }),
            params(70),
          );
      },
      // Junk query strings: /api/progress validates its query (4xx); the other GET routes ignore theirs (never a 5xx).
      queries: async () => {
        await fc.assert(
          fc.asyncProperty(queryJunk, fc.constantFrom<Actor>("guest", "learner", "instructor"), async (q, actor) => {
            const parsed = CourseQuerySchema.safeParse(Object.fromEntries(new URLSearchParams(q)));
            if (parsed.success && parsed.data.course === COURSE) {
              stats.skippedValid++;
              return;
            }
            const a = await send("queries", actor, "GET", `/api/progress?${q}`);
            expectJson4xx(a, `GET /api/progress?${q.slice(0, 200)} as ${actor}`, [400, 404]);
          }),
          params(200),
        );
        const ignoring = ["/api/health", "/api/account/me", `/api/quiz/${QUIZ}`, "/api/classes", "/api/dev/content-events", `/api/classes/${classId}/export/overview.csv`];
        await fc.assert(
          fc.asyncProperty(queryJunk, fc.constantFrom(...ignoring), fc.constantFrom<Actor>("guest", "learner", "instructor"), async (q, path, actor) => {
            const a = await send("queries", actor, "GET", `${path}?${q}`);
            if (a.status >= 500) throw new Error(`GET ${path}?${q.slice(0, 200)} as ${actor} -> ${a.status}`);
            if (a.status >= 400) expectJson4xx(a, `GET ${path}?${q.slice(0, 200)} as ${actor}`);
          }),
          params(150),
        );
      },
      // A forged Origin (or Sec-Fetch-Site: cross-site) on every state-changing route, with a body that would otherwise be accepted.
      origins: async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom(...STATE_CHANGING),
            fc.oneof(BAD_ORIGINS.map((o) => ({ origin: o as string | null, site: undefined as string | undefined })), fc.constantFrom("cross-site", "same-site").map((site) => ({ origin: null, site }))),
            fc.constantFrom<Actor>("guest", "learner", "instructor", "admin"),
            async (route, { origin: o, site }, actor) => {
              if (o !== null && o.trim() === origin) return;
              const a = await send("origins", actor, route.method ?? "POST", route.path(), {
                body: route.body ? bytesOf(route.body()) : undefined,
                contentType: "application/json",
                origin: o,
                headers: site ? { "sec-fetch-site": site } : {},
              });
              expectJson4xx(a, `POST ${route.path()} as ${actor} with Origin ${JSON.stringify(o)} / Sec-Fetch-Site ${site}`, [403]);
            },
          ),
          params(260),
        );
      },
      // Odd headers on malformed bodies: huge values (within node's 16 KB header limit), junk cookies, forwarded hosts, many headers.
      headers: async () => {
        const headerArb = fc.oneof(
          fc.integer({ min: 1000, max: 9000 }).map((n) => ({ "x-fuzz": "h".repeat(n) })),
          fc.constantFrom<Record<string, string>>(
            { cookie: "lectern.session=not-a-jwt" },
            { cookie: "lectern.session=eyJhbGciOiJub25lIn0.eyJzaWQiOiJ4In0." },
            { cookie: "next-auth.csrf-token=%%%; lectern.session=" },
            { "x-forwarded-host": "evil.example" },
            { "x-forwarded-for": "not-an-ip, 300.1.1.1" },
            { "content-encoding": "gzip" },
            { accept: "text/html" },
            { "accept-charset": "utf-16" },
            { authorization: "Bearer junk" },
          ),
          fc.array(fc.tuple(fc.stringMatching(/^x-[a-z0-9-]{1,20}$/), fc.stringMatching(/^[ -~]{0,100}$/)), { maxLength: 40 }).map((e) => Object.fromEntries(e)),
        );
        const t = BODY_TARGETS;
        await fc.assert(
          fc.asyncProperty(fc.integer({ min: 0, max: t.length - 1 }).chain((i) => fc.tuple(fc.constant(t[i]!), bodyCase(t[i]!))), headerArb, async ([target, c], headers) => {
            const bytes = encode(applyMutations(target.base, c.muts), c.enc, c.cut);
            const refused = target.refused?.find((r) => r.actor === c.actor);
            if (!refused && acceptedBy(target.schema, bytes)) return;
            const a = await send("headers", c.actor, "POST", target.path, { body: bytes, contentType: c.contentType, headers });
            // A junk session cookie makes the caller a guest; a forwarded host makes the Origin foreign (403).
            expectJson4xx(a, `POST ${target.path} as ${c.actor} with ${JSON.stringify(headers).slice(0, 200)}`);
          }),
          params(220),
        );
      },
      // next-auth's own endpoints: never a 5xx, never a hang.
      nextauth: async () => {
        const csrfRes = await fetch(`${baseURL}/api/auth/csrf`);
        const csrf = (await csrfRes.json()) as { csrfToken: string };
        const csrfCookie = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
        const authPath = fc.oneof(
          fc.constantFrom("session", "csrf", "providers", "signin", "signout", "callback/credentials", "signin/credentials", "error", "verify-request", "_log", "callback/github"),
          fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => s.join("/")),
        );
        const form = fc.array(
          fc.tuple(fc.oneof(fc.constantFrom("email", "password", "csrfToken", "callbackUrl", "json", "redirect", "__proto__"), fc.string({ maxLength: 10 })), fc.oneof(leaf.map((v) => (typeof v === "string" ? v : ser(v))), fc.constant(csrf.csrfToken))),
          { maxLength: 6 },
        );
        await fc.assert(
          fc.asyncProperty(authPath, fc.constantFrom("GET", "POST"), queryJunk, form, fc.boolean(), fc.option(fc.constantFrom("1.5", "%%", "//evil.example", "javascript:alert(1)", " ")), async (p, method, q, fields, asJson, cbCookie) => {
            // With a valid CSRF token next-auth would check the credentials: only send ones it refuses before looking anything up.
            const rec = Object.fromEntries(fields);
            if (rec.csrfToken === csrf.csrfToken && CredentialsSchema.safeParse(rec).success) return;
            const body = asJson ? ser(new Obj(fields)) : new URLSearchParams(fields).toString();
            const a = await send("nextauth", "guest", method, `/api/auth/${p}${q ? `?${q}` : ""}`, {
              body: bytesOf(body),
              contentType: asJson ? "application/json" : "application/x-www-form-urlencoded",
              headers: { cookie: [csrfCookie, cbCookie === null ? "" : `next-auth.callback-url=${encodeURIComponent(cbCookie)}`].filter(Boolean).join("; ") },
            });
            if (a.status >= 500) throw new Error(`${method} /api/auth/${p.slice(0, 200)} -> ${a.status} ${a.text.slice(0, 200)}`);
          }),
          params(300),
        );
      },
      // Oversized bodies: 413 from the declared length, and from the bytes read (chunked, no Content-Length).
      oversize: async () => {
        for (const t of BODY_TARGETS) {
          const actor = t.actors[0]!;
          const big = bytesOf(JSON.stringify({ pad: "z".repeat(t.limit + 10) }));
          expectJson4xx(await send("oversize", actor, "POST", t.path, { body: big, contentType: "application/json" }), `POST ${t.path} ${big.length} bytes`, [413]);
          const a = await rawChunked(t.path, actor, t.limit + 4096);
          expectJson4xx(a, `POST ${t.path} chunked ${t.limit + 4096} bytes`, [413]);
        }
      },
    };

    const failures: string[] = [];
    await Promise.all(
      Object.entries(groups).map(async ([name, run]) => {
        try {
          await run();
        } catch (e) {
          const m = (e as Error).message;
          failures.push(`[${name}] ${m.length > 2500 ? `${m.slice(0, 2500)}… (${m.length} characters)` : m}`);
        }
      }),
    );
    const seconds = (Date.now() - t0) / 1000;
    console.log(`bad-input sweep: ${stats.sent} requests in ${seconds.toFixed(1)} s (seed ${SEED}; ${stats.skippedValid} generated inputs were valid and not sent): ${JSON.stringify(stats.byGroup)}`);
    expect(failures, `seed ${SEED} (rerun with FUZZ_SEED=${SEED}):\n${failures.join("\n\n")}`).toEqual([]);
    expect(stats.sent).toBeGreaterThan(2000 * Math.min(1, SCALE));

    // The server still works, and nothing the sweep's users own or could touch changed.
    expect((await send("after", "learner", "GET", "/api/account/me")).status).toBe(200);
    const after = await snapshot(db, userIds);
    expect(after).toEqual(before);
    expect(after.fuzzUsers).toBe(0);
    expect(after.fuzzLoginAttempts).toBe(0);
  });

  // With a proxy in front, Next buffers a request's whole body before the route runs; API routes
  // are outside proxy.ts's matcher, so the route's Content-Length check answers at once.
  test("an oversized body is refused before it is sent in full (413 on the declared length)", async () => {
    for (const path of ["/api/sim", "/api/jwt/verify", "/api/auth/signup", "/api/lab/milestones"]) {
      const t0 = Date.now();
      const a = await rawEarly(path, "learner", 50 * 1024 * 1024);
      expectJson4xx(a, `POST ${path} declaring 50 MB`, [413]);
      expect(Date.now() - t0, "answered without waiting for the body").toBeLessThan(5_000);
    }
  });

  // Next answers a malformed %-escape with a bare 500 before any route runs; proxy.ts refuses it first.
  test("a malformed percent-escape in a path is a 400 (JSON on the API), not a 500", async () => {
    for (const p of ["/api/quiz/%E0%A4%A", "/api/classes/%ZZ/leave", "/api/auth/%C0%AE", "/api/quiz/%"]) {
      const a = await send("percent", "guest", "GET", p);
      expectJson4xx(a, `GET ${p}`, [400]);
    }
    for (const p of ["/learn/%E0%A4%A", "/dashboard/classes/%ZZ"]) {
      const a = await send("percent", "guest", "GET", p);
      expect(a.status, p).toBe(400);
    }
  });
});

// ----------------------------------------------------------------------------- raw HTTP

function rawRequest(path: string, actor: Actor, headers: Record<string, string | number>, write: (req: http.ClientRequest) => void, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Answer> {
  const url = new URL(path, baseURL);
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { origin, "content-type": "application/json", accept: "application/json", ...(cookies[actor] ? { cookie: cookies[actor] } : {}), ...headers } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, contentType: String(res.headers["content-type"] ?? ""), text, ms: Date.now() - t0 });
          req.destroy();
        });
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`POST ${path}: no answer within ${timeoutMs} ms`)));
    req.on("error", (e) => {
      // The server may close the connection after answering, while we still write: that is fine.
      if ((e as NodeJS.ErrnoException).code !== "EPIPE" && (e as NodeJS.ErrnoException).code !== "ECONNRESET") reject(e);
    });
    stats.sent++;
    write(req);
  });
}

/** A body sent in chunks without Content-Length, bigger than the limit. */
function rawChunked(path: string, actor: Actor, size: number): Promise<Answer> {
  return rawRequest(path, actor, { "transfer-encoding": "chunked" }, (req) => {
    const chunk = Buffer.from(`{"pad":"${"w".repeat(1000)}`);
    let sent = 0;
    const pump = () => {
      while (sent < size && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!req.destroyed) req.end();
    };
    pump();
  });
}

/** Declares a huge Content-Length, sends 1 KB and waits: the answer must come without the rest. */
function rawEarly(path: string, actor: Actor, declared: number): Promise<Answer> {
  return rawRequest(
    path,
    actor,
    { "content-length": declared },
    (req) => {
      req.write(Buffer.from(`{"pad":"${"v".repeat(1000)}`));
    },
    5_000,
  );
}
