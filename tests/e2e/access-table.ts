/**
 * Lectern's access-control table: every page and every API route (each method), and what each
 * kind of visitor gets. This module is the single source: docs/security/access-control.md
 * embeds the table rendered from it (`renderAccessTable()`), and tests/e2e/security-access.spec.ts
 * checks that the doc matches, that every app/**\/page.tsx and every exported method of every
 * app/api/**\/route.ts has a row, and walks every row for every actor against a running server.
 *
 * Regenerate the doc's table after editing this file:
 *   UPDATE_ACCESS_DOC=1 npx playwright test tests/e2e/security-access.spec.ts --project=desktop -g "doc"
 */

export const ACTORS = ["guest", "learner", "otherLearner", "otherInstructor", "instructor", "admin"] as const;
export type Actor = (typeof ACTORS)[number];

export const ACTOR_TITLES: Record<Actor, string> = {
  guest: "Guest",
  learner: "Learner",
  otherLearner: "Another learner",
  otherInstructor: "Instructor of another class",
  instructor: "The class's instructor",
  admin: "Admin",
};

/** A status code, or "signin": a redirect (307) to /signin?callbackUrl=<the page>. */
export type Expected = number | "signin";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";

export interface AccessRow {
  method: Method;
  /** The URL, with {placeholders} filled in by the test (see PLACEHOLDERS). */
  path: string;
  /** The file that serves it (pages: app/**\/page.tsx; API: app/api/**\/route.ts). */
  source: string;
  /** A JSON body (placeholders are filled in string values too). */
  body?: unknown;
  expect: Record<Actor, Expected>;
  note: string;
  /** What the test does after the request, so the following rows see the same world. */
  after?: "rejoin" | "resignin";
}

/** The placeholders the test fills in. */
export const PLACEHOLDERS: Record<string, string> = {
  "{course}": "a published course (scaling-web-apps)",
  "{module}": "a published module of it (statelessness)",
  "{chapter}": "a chapter of that module",
  "{quizId}": "that module's quiz",
  "{questionId}": "a question of that quiz",
  "{classId}": "the class: owned by *the class's instructor*, *learner* is enrolled",
  "{joinCode}": "the join code of another class (owned by *the instructor of another class*)",
  "{learnerId}": "*learner*'s user id",
  "{otherLearnerId}": "*another learner*'s user id (not in the class)",
  "{victimId}": "a third learner's user id (the target of an admin action)",
  "{unknownId}": "a well-formed id that exists nowhere (a guessed id)",
  "{usedKey}": "an idempotency key *learner* already used for an answer",
  "{freshKey}": "a new random idempotency key",
  "{email}": "a new unique email address",
};

const all = (s: Expected): Record<Actor, Expected> => ({ guest: s, learner: s, otherLearner: s, otherInstructor: s, instructor: s, admin: s });
/** guest, learner, another learner, instructor of another class, the class's instructor, admin */
const by = (guest: Expected, learner: Expected, otherLearner: Expected, otherInstructor: Expected, instructor: Expected, admin: Expected): Record<Actor, Expected> => ({
  guest,
  learner,
  otherLearner,
  otherInstructor,
  instructor,
  admin,
});
const signedIn = (s: Expected) => by(401, s, s, s, s, s);

const P = {
  home: "app/page.tsx",
  signin: "app/signin/page.tsx",
  signup: "app/signup/page.tsx",
  join: "app/join/page.tsx",
  account: "app/account/page.tsx",
  gallery: "app/gallery/page.tsx",
  course: "app/learn/[course]/page.tsx",
  module: "app/learn/[course]/[module]/page.tsx",
  chapter: "app/learn/[course]/[module]/[chapter]/page.tsx",
  dashboard: "app/dashboard/page.tsx",
  klass: "app/dashboard/classes/[classId]/page.tsx",
  questions: "app/dashboard/classes/[classId]/questions/page.tsx",
  learner: "app/dashboard/classes/[classId]/learners/[userId]/page.tsx",
};
const A = (p: string) => `app/api/${p}/route.ts`;

const SIM_BODY = { strategy: "memory", servers: 3, actions: [{ type: "login", user: "alice" }, { type: "request" }] };
const LAB_BODY = { lab: "session-lab", servers: 3, actions: [{ type: "login", user: "alice" }, { type: "request" }] };

export const ACCESS_TABLE: AccessRow[] = [
  // ---------------------------------------------------------------- pages
  { method: "GET", path: "/", source: P.home, expect: all(200), note: "public" },
  { method: "GET", path: "/signin", source: P.signin, expect: all(200), note: "public" },
  { method: "GET", path: "/signup", source: P.signup, expect: all(200), note: "public" },
  { method: "GET", path: "/join", source: P.join, expect: all(200), note: "guests see a sign-in prompt; learners see only their own classes" },
  { method: "GET", path: "/account", source: P.account, expect: by("signin", 200, 200, 200, 200, 200), note: "the caller's own account only" },
  { method: "GET", path: "/gallery", source: P.gallery, expect: by(404, 404, 404, 200, 200, 200), note: "authors' component gallery: staff only in production" },
  { method: "GET", path: "/learn/{course}", source: P.course, expect: all(200), note: "public" },
  { method: "GET", path: "/learn/{course}/{module}", source: P.module, expect: all(200), note: "public (published modules)" },
  { method: "GET", path: "/learn/{course}/authentication", source: P.module, expect: all(404), note: "an upcoming module has no page" },
  { method: "GET", path: "/learn/{course}/{module}/{chapter}", source: P.chapter, expect: all(200), note: "public" },
  { method: "GET", path: "/learn/{course}/{module}/no-such-chapter", source: P.chapter, expect: all(404), note: "unknown chapter" },
  { method: "GET", path: "/dashboard", source: P.dashboard, expect: by("signin", 404, 404, 200, 200, 200), note: "staff only; lists only the viewer's own classes (admin: all)" },
  { method: "GET", path: "/dashboard/classes/{classId}", source: P.klass, expect: by("signin", 404, 404, 404, 200, 200), note: "404, not 403: a class id reveals nothing" },
  { method: "GET", path: "/dashboard/classes/{unknownId}", source: P.klass, expect: by("signin", 404, 404, 404, 404, 404), note: "a guessed class id" },
  { method: "GET", path: "/dashboard/classes/{classId}/questions", source: P.questions, expect: by("signin", 404, 404, 404, 200, 200), note: "as the class page" },
  { method: "GET", path: "/dashboard/classes/{classId}/learners/{learnerId}", source: P.learner, expect: by("signin", 404, 404, 404, 200, 200), note: "a learner never sees their own dashboard row either" },
  {
    method: "GET",
    path: "/dashboard/classes/{classId}/learners/{otherLearnerId}",
    source: P.learner,
    expect: by("signin", 404, 404, 404, 404, 404),
    note: "a user who is not in the class: nobody sees them through it",
  },

  // ---------------------------------------------------------------- account and auth
  { method: "GET", path: "/api/account/me", source: A("account/me"), expect: signedIn(200), note: "the caller's own account" },
  { method: "GET", path: "/api/account/sign-out-everywhere", source: A("account/sign-out-everywhere"), expect: all(405), note: "" },
  { method: "POST", path: "/api/auth/signup", source: A("auth/signup"), body: { name: "New Learner", email: "{email}", password: "a-long-password-1" }, expect: all(201), note: "open sign-up; always makes a learner" },
  { method: "GET", path: "/api/auth/signup", source: A("auth/signup"), expect: all(405), note: "" },
  { method: "GET", path: "/api/auth/session", source: A("auth/[...nextauth]"), expect: all(200), note: "next-auth: the caller's own session (empty for guests)" },
  { method: "GET", path: "/api/auth/csrf", source: A("auth/[...nextauth]"), expect: all(200), note: "next-auth" },
  { method: "GET", path: "/api/auth/providers", source: A("auth/[...nextauth]"), expect: all(200), note: "next-auth" },
  {
    method: "POST",
    path: "/api/auth/callback/credentials",
    source: A("auth/[...nextauth]"),
    body: { email: "nobody@example.test", password: "whatever-password" },
    expect: all(302),
    note: "next-auth: without its CSRF token, a redirect back to sign-in; nothing is checked or written",
  },
  {
    method: "POST",
    path: "/api/admin/users/{victimId}/revoke-sessions",
    source: A("admin/users/[id]/revoke-sessions"),
    expect: by(401, 403, 403, 403, 403, 200),
    note: "admins only",
  },
  { method: "POST", path: "/api/admin/users/{unknownId}/revoke-sessions", source: A("admin/users/[id]/revoke-sessions"), expect: by(401, 403, 403, 403, 403, 404), note: "" },
  { method: "GET", path: "/api/admin/users/{victimId}/revoke-sessions", source: A("admin/users/[id]/revoke-sessions"), expect: all(405), note: "" },

  // ---------------------------------------------------------------- progress and quiz (always the caller's own rows)
  { method: "GET", path: "/api/progress?course={course}", source: A("progress"), expect: all(200), note: "the caller's own progress; guests get `{signedIn: false}`" },
  { method: "GET", path: "/api/progress?course=no-such-course", source: A("progress"), expect: all(404), note: "unknown course: 404 for guests too" },
  {
    method: "POST",
    path: "/api/progress/chapter",
    source: A("progress/chapter"),
    body: { course: "{course}", module: "{module}", chapter: "{chapter}", event: "visited" },
    expect: signedIn(200),
    note: "writes the caller's own row",
  },
  { method: "GET", path: "/api/progress/chapter", source: A("progress/chapter"), expect: all(405), note: "" },
  { method: "POST", path: "/api/progress/reset", source: A("progress/reset"), body: { course: "{course}", module: "{module}" }, expect: signedIn(200), note: "the caller's own rows" },
  { method: "GET", path: "/api/progress/reset", source: A("progress/reset"), expect: all(405), note: "" },
  { method: "GET", path: "/api/quiz/{quizId}", source: A("quiz/[quizId]"), expect: all(200), note: "the caller's own answers; guests get `{signedIn: false}`" },
  { method: "GET", path: "/api/quiz/no-such-quiz", source: A("quiz/[quizId]"), expect: all(404), note: "unknown quiz: 404 for guests too" },
  {
    method: "POST",
    path: "/api/quiz/{quizId}/answer",
    source: A("quiz/[quizId]/answer"),
    body: { questionId: "{questionId}", choiceIds: ["a"], idempotencyKey: "{freshKey}" },
    expect: all(200),
    note: "graded for everyone; saved for the signed-in caller only",
  },
  {
    method: "POST",
    path: "/api/quiz/{quizId}/answer",
    source: A("quiz/[quizId]/answer"),
    body: { questionId: "{questionId}", choiceIds: ["a"], idempotencyKey: "{usedKey}" },
    expect: by(200, 200, 409, 409, 409, 409),
    note: "someone else's idempotency key: refused, never replays their answer (guests are graded, not saved)",
  },
  { method: "GET", path: "/api/quiz/{quizId}/answer", source: A("quiz/[quizId]/answer"), expect: all(405), note: "" },
  { method: "POST", path: "/api/quiz/{quizId}/retake", source: A("quiz/[quizId]/retake"), expect: signedIn(200), note: "the caller's own attempt" },
  { method: "GET", path: "/api/quiz/{quizId}/retake", source: A("quiz/[quizId]/retake"), expect: all(405), note: "" },
  { method: "POST", path: "/api/lab/milestones", source: A("lab/milestones"), body: LAB_BODY, expect: all(200), note: "replayed on the server; saved for the signed-in caller only" },
  { method: "GET", path: "/api/lab/milestones", source: A("lab/milestones"), expect: all(405), note: "" },

  // ---------------------------------------------------------------- the lab (stateless)
  { method: "POST", path: "/api/sim", source: A("sim"), body: SIM_BODY, expect: all(200), note: "stateless: public" },
  { method: "OPTIONS", path: "/api/sim", source: A("sim"), expect: all(204), note: "" },
  { method: "GET", path: "/api/sim", source: A("sim"), expect: all(405), note: "" },
  { method: "PUT", path: "/api/sim", source: A("sim"), expect: all(405), note: "" },
  { method: "PATCH", path: "/api/sim", source: A("sim"), expect: all(405), note: "" },
  { method: "DELETE", path: "/api/sim", source: A("sim"), expect: all(405), note: "" },
  { method: "POST", path: "/api/jwt/verify", source: A("jwt/verify"), body: { token: "a.b.c" }, expect: all(200), note: "stateless: public (answers valid/invalid and why)" },
  { method: "OPTIONS", path: "/api/jwt/verify", source: A("jwt/verify"), expect: all(204), note: "" },
  { method: "GET", path: "/api/jwt/verify", source: A("jwt/verify"), expect: all(405), note: "" },
  { method: "PUT", path: "/api/jwt/verify", source: A("jwt/verify"), expect: all(405), note: "" },
  { method: "PATCH", path: "/api/jwt/verify", source: A("jwt/verify"), expect: all(405), note: "" },
  { method: "DELETE", path: "/api/jwt/verify", source: A("jwt/verify"), expect: all(405), note: "" },
  { method: "GET", path: "/api/health", source: A("health"), expect: all(200), note: "liveness; names the instance only" },
  { method: "GET", path: "/api/dev/content-events", source: A("dev/content-events"), expect: all(404), note: "`npm run dev` only" },

  // ---------------------------------------------------------------- classes
  { method: "GET", path: "/api/classes", source: A("classes"), expect: by(401, 403, 403, 200, 200, 200), note: "the caller's own classes (admin: all)" },
  { method: "POST", path: "/api/classes", source: A("classes"), body: { name: "Access check", course: "{course}" }, expect: by(401, 403, 403, 201, 201, 201), note: "staff only; the new class is the caller's" },
  { method: "PUT", path: "/api/classes", source: A("classes"), expect: all(405), note: "" },
  { method: "POST", path: "/api/classes/join", source: A("classes/join"), body: { code: "{joinCode}" }, expect: signedIn(200), note: "anyone signed in who has the code" },
  { method: "GET", path: "/api/classes/join", source: A("classes/join"), expect: all(405), note: "" },
  {
    method: "POST",
    path: "/api/classes/{classId}/leave",
    source: A("classes/[classId]/leave"),
    expect: by(401, 200, 404, 404, 404, 404),
    note: "only a member leaves (themselves); the test re-joins after",
    after: "rejoin",
  },
  { method: "GET", path: "/api/classes/{classId}/leave", source: A("classes/[classId]/leave"), expect: all(405), note: "" },
  {
    method: "DELETE",
    path: "/api/classes/{classId}/learners/{otherLearnerId}",
    source: A("classes/[classId]/learners/[userId]"),
    expect: by(401, 403, 403, 404, 404, 404),
    note: "removing someone who is not in the class",
  },
  {
    method: "DELETE",
    path: "/api/classes/{classId}/learners/{learnerId}",
    source: A("classes/[classId]/learners/[userId]"),
    expect: by(401, 403, 403, 404, 200, 200),
    note: "the class's instructor or an admin removes a member; the test re-joins after",
    after: "rejoin",
  },
  { method: "GET", path: "/api/classes/{classId}/learners/{learnerId}", source: A("classes/[classId]/learners/[userId]"), expect: all(405), note: "" },
  {
    method: "GET",
    path: "/api/classes/{classId}/export/overview.csv",
    source: A("classes/[classId]/export/overview.csv"),
    expect: by(401, 403, 403, 404, 200, 200),
    note: "the class's instructor or an admin",
  },
  { method: "GET", path: "/api/classes/{unknownId}/export/overview.csv", source: A("classes/[classId]/export/overview.csv"), expect: by(401, 403, 403, 404, 404, 404), note: "a guessed class id" },
  { method: "POST", path: "/api/classes/{classId}/export/overview.csv", source: A("classes/[classId]/export/overview.csv"), expect: all(405), note: "" },
  {
    method: "GET",
    path: "/api/classes/{classId}/export/answers.csv",
    source: A("classes/[classId]/export/answers.csv"),
    expect: by(401, 403, 403, 404, 200, 200),
    note: "the class's instructor or an admin",
  },
  { method: "POST", path: "/api/classes/{classId}/export/answers.csv", source: A("classes/[classId]/export/answers.csv"), expect: all(405), note: "" },

  // Last: it signs the caller out of every browser (the test signs them in again).
  {
    method: "POST",
    path: "/api/account/sign-out-everywhere",
    source: A("account/sign-out-everywhere"),
    expect: signedIn(200),
    note: "the caller's own sessions only",
    after: "resignin",
  },
];

export function expectedCell(e: Expected): string {
  return e === "signin" ? "307 → /signin" : String(e);
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

/** The markdown table embedded in docs/security/access-control.md. */
export function renderAccessTable(rows: AccessRow[] = ACCESS_TABLE): string {
  const head = ["Method", "Path", ...ACTORS.map((a) => ACTOR_TITLES[a]), "Notes"];
  const lines = [`| ${head.join(" | ")} |`, `|${head.map(() => " --- ").join("|")}|`];
  for (const r of rows) {
    lines.push(`| ${[r.method, `\`${r.path}\``, ...ACTORS.map((a) => expectedCell(r.expect[a])), cell(r.note)].join(" | ")} |`);
  }
  return lines.join("\n");
}

/** The placeholder legend, also embedded in the doc. */
export function renderPlaceholders(): string {
  return Object.entries(PLACEHOLDERS)
    .map(([k, v]) => `- \`${k}\`: ${v}`)
    .join("\n");
}

export const DOC_PATH = "docs/security/access-control.md";
export const TABLE_START = "<!-- access-table:start (generated from tests/e2e/access-table.ts) -->";
export const TABLE_END = "<!-- access-table:end -->";
