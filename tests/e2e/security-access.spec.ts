/**
 * Access control (issue 10): walks the table in tests/e2e/access-table.ts — every page and every
 * API route method — for six actors, and checks each answer's status. The same table is rendered
 * into docs/security/access-control.md; a test here fails when the doc and the table drift, or
 * when a page or route method exists that the table does not list.
 */
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import {
  ACCESS_TABLE,
  ACTORS,
  DOC_PATH,
  expectedCell,
  renderAccessTable,
  renderPlaceholders,
  TABLE_END,
  TABLE_START,
  type AccessRow,
  type Actor,
} from "./access-table";
import { createUser, makeStaff, signInApi, type TestUser } from "./fixtures";

const COURSE = "scaling-web-apps";
const MODULE = "statelessness";
const CHAPTER = "the-logout-bug";
const QUIZ = "statelessness-quiz";
const QUESTION = "why-alice-logged-out";

// HTTP status checks only: the phone project (isMobile) adds nothing.
test.skip(({ isMobile }) => isMobile, "HTTP checks: run on the desktop project only");

// ----------------------------------------------------------------------------- doc and coverage

function docTable(): string {
  return `${TABLE_START}\n\nPlaceholders in the paths:\n\n${renderPlaceholders()}\n\n${renderAccessTable()}\n\n${TABLE_END}`;
}

test("doc: docs/security/access-control.md embeds exactly the table the test walks", () => {
  const doc = readFileSync(DOC_PATH, "utf8");
  const start = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END);
  expect(start, `${DOC_PATH} must contain the marker ${TABLE_START}`).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  const embedded = doc.slice(start, end + TABLE_END.length);
  if (process.env.UPDATE_ACCESS_DOC === "1" && embedded !== docTable()) {
    writeFileSync(DOC_PATH, doc.slice(0, start) + docTable() + doc.slice(end + TABLE_END.length));
    return;
  }
  expect(embedded, `the table in ${DOC_PATH} is out of date: rerun with UPDATE_ACCESS_DOC=1`).toBe(docTable());
});

function walk(dir: string, name: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) walk(p, name, out);
    else if (e === name) out.push(p.split(path.sep).join("/"));
  }
  return out;
}

/** The HTTP methods a route file exports (`export const GET`, `export function POST`, `export { handler as GET }`). */
function exportedMethods(file: string): string[] {
  const src = readFileSync(file, "utf8");
  const found = new Set<string>();
  for (const m of src.matchAll(/export\s+(?:const|(?:async\s+)?function)\s+(GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD)\b/g)) found.add(m[1]!);
  for (const m of src.matchAll(/export\s*\{([^}]*)\}/g)) for (const n of m[1]!.matchAll(/as\s+(GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD)\b/g)) found.add(n[1]!);
  return [...found].sort();
}

test("doc: every page and every exported method of every API route has a row", () => {
  const missing: string[] = [];
  for (const page of walk("app", "page.tsx")) if (!ACCESS_TABLE.some((r) => r.source === page)) missing.push(page);
  for (const file of walk("app/api", "route.ts"))
    for (const method of exportedMethods(file)) if (!ACCESS_TABLE.some((r) => r.source === file && r.method === method)) missing.push(`${method} ${file}`);
  expect(missing, "add these to tests/e2e/access-table.ts (and regenerate the doc)").toEqual([]);
  // And no row names a file that is gone.
  const gone = [...new Set(ACCESS_TABLE.map((r) => r.source))].filter((f) => {
    try {
      return !statSync(f).isFile();
    } catch {
      return true;
    }
  });
  expect(gone).toEqual([]);
});

// ----------------------------------------------------------------------------- the world

interface World {
  users: Record<Exclude<Actor, "guest">, TestUser> & { victim: TestUser };
  ids: { learner: string; otherLearner: string; victim: string };
  ctx: Record<Actor, APIRequestContext>;
  classId: string;
  className: string;
  classCode: string;
  otherCode: string;
  usedKey: string;
}


async function okJson<T>(res: APIResponse, status = 200): Promise<T> {
  expect(res.status(), await res.text()).toBe(status);
  return (await res.json()) as T;
}

let world: World;

test.describe("access control table", () => {
  test.describe.configure({ mode: "default", timeout: 120_000 });

  test.beforeAll(async ({ playwright }, info) => {
    test.setTimeout(120_000);
    const baseURL = info.project.use.baseURL!;
    const newCtx = () => playwright.request.newContext({ baseURL });
    const guest = await newCtx();
    const learner = await createUser(guest, "Access Learner");
    const otherLearner = await createUser(guest, "Access Other Learner");
    const victim = await createUser(guest, "Access Victim");
    const instructor = makeStaff(info, "instructor", "Access Instructor");
    const otherInstructor = makeStaff(info, "instructor", "Access Other Instructor");
    const admin = makeStaff(info, "admin", "Access Admin");
    const users = { learner, otherLearner, otherInstructor, instructor, admin, victim };
    const ctx = { guest } as Record<Actor, APIRequestContext>;
    for (const a of ACTORS) {
      if (a === "guest") continue;
      ctx[a] = await newCtx();
      await signInApi(ctx[a], users[a]);
    }
    const victimCtx = await newCtx();
    await signInApi(victimCtx, victim);
    const idOf = async (c: APIRequestContext) => (await okJson<{ id: string }>(await c.get("/api/account/me"))).id;

    const className = `Access class ${randomUUID()}`;
    const klass = await okJson<{ id: string; joinCode: string }>(await ctx.instructor.post("/api/classes", { data: { name: className, course: COURSE } }), 201);
    const other = await okJson<{ id: string; joinCode: string }>(
      await ctx.otherInstructor.post("/api/classes", { data: { name: `Access other ${randomUUID()}`, course: COURSE } }),
      201,
    );
    await okJson(await ctx.learner.post("/api/classes/join", { data: { code: klass.joinCode } }));
    const usedKey = `used-${randomUUID()}`;
    await okJson(await ctx.learner.post(`/api/quiz/${QUIZ}/answer`, { data: { questionId: QUESTION, choiceIds: ["a"], idempotencyKey: usedKey } }));
    world = {
      users,
      ids: { learner: await idOf(ctx.learner), otherLearner: await idOf(ctx.otherLearner), victim: await idOf(victimCtx) },
      ctx,
      classId: klass.id,
      className,
      classCode: klass.joinCode,
      otherCode: other.joinCode,
      usedKey,
    };
    await victimCtx.dispose();
  });

  test.afterAll(async () => {
    if (world) for (const a of ACTORS) await world.ctx[a].dispose();
  });

  test("ids that would leak something are not guessable", () => {
    // cuid: a timestamp, a counter, a host fingerprint and random blocks; never a sequence number.
    for (const id of [world.classId, world.ids.learner, world.ids.otherLearner, world.ids.victim]) expect(id).toMatch(/^c[a-z0-9]{20,}$/);
    expect(world.classCode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
  });

  function fill(text: string): string {
    const w = world;
    const values: Record<string, () => string> = {
      "{course}": () => COURSE,
      "{module}": () => MODULE,
      "{chapter}": () => CHAPTER,
      "{quizId}": () => QUIZ,
      "{questionId}": () => QUESTION,
      "{classId}": () => w.classId,
      "{joinCode}": () => w.otherCode,
      "{learnerId}": () => w.ids.learner,
      "{otherLearnerId}": () => w.ids.otherLearner,
      "{victimId}": () => w.ids.victim,
      "{unknownId}": () => `c${randomUUID().replace(/-/g, "").slice(0, 24)}`,
      "{usedKey}": () => w.usedKey,
      "{freshKey}": () => `k-${randomUUID()}`,
      "{email}": () => `access-${randomUUID()}@example.test`,
    };
    return text.replace(/\{[a-zA-Z]+\}/g, (k) => {
      const v = values[k];
      if (!v) throw new Error(`unknown placeholder ${k}`);
      return v();
    });
  }
  const fillBody = (body: unknown): unknown => JSON.parse(fill(JSON.stringify(body)));

  /** What an actor must never see in any answer (unless it is in the URL or body they sent). */
  function secretsFor(actor: Actor): string[] {
    const w = world;
    const classData = [w.className, w.classCode, w.ids.learner, w.users.learner.email];
    if (actor === "guest" || actor === "otherLearner" || actor === "otherInstructor") return classData;
    if (actor === "learner") return [w.classCode, w.users.otherLearner.email, w.users.instructor.email];
    return [];
  }

  async function send(actor: Actor, row: AccessRow) {
    const url = fill(row.path);
    const baseURL = test.info().project.use.baseURL!;
    const headers: Record<string, string> = { accept: row.source.startsWith("app/api/") ? "application/json" : "text/html" };
    if (row.method !== "GET") headers.origin = new URL(baseURL).origin;
    const data = row.body === undefined ? undefined : fillBody(row.body);
    const go = () => world.ctx[actor].fetch(url, { method: row.method, data, headers, maxRedirects: 0, failOnStatusCode: false, timeout: 20_000 });
    // A kept-alive connection the server closed just as this request went out is reset before the
    // server reads anything; a browser sends such a request again, and so does this walk.
    const res = await go().catch((e: unknown) => {
      if (String(e).includes("ECONNRESET")) return go();
      throw e;
    });
    return { url, data, res };
  }

  for (const actor of ACTORS) {
    test(`every row, as ${actor}`, async () => {
      const problems: string[] = [];
      for (const row of ACCESS_TABLE) {
        const want = row.expect[actor];
        const { url, data, res } = await send(actor, row);
        const status = res.status();
        const label = `${row.method} ${url}`;
        if (want === "signin") {
          const location = res.headers()["location"] ?? "";
          if (status !== 307 || !/\/signin\?callbackUrl=/.test(location)) problems.push(`${label}: expected ${expectedCell(want)}, got ${status} ${location}`);
        } else if (status !== want) {
          problems.push(`${label}: expected ${want}, got ${status} ${(await res.text()).slice(0, 200)}`);
        }
        // API errors are JSON with a message (next-auth's own endpoints excepted).
        if (status >= 400 && row.source.startsWith("app/api/") && !row.source.includes("[...nextauth]")) {
          const body = (await res.json().catch(() => null)) as { error?: unknown } | null;
          if (typeof body?.error !== "string" || !body.error) problems.push(`${label}: ${status} without a JSON { error }`);
        }
        const text = status >= 300 && status < 400 ? "" : await res.text();
        const sent = url + JSON.stringify(data ?? "");
        for (const secret of secretsFor(actor)) if (!sent.includes(secret) && text.includes(secret)) problems.push(`${label}: the answer leaks "${secret}" to ${actor}`);

        if (row.after === "rejoin" && status < 300) await okJson(await world.ctx.learner.post("/api/classes/join", { data: { code: world.classCode } }));
        if (row.after === "resignin" && status < 300 && actor !== "guest") await signInApi(world.ctx[actor], world.users[actor as Exclude<Actor, "guest">]);
      }
      expect(problems, problems.join("\n")).toEqual([]);
    });
  }
});
