/**
 * The SQL totals (summary.ts) give exactly the rows the in-memory reference (buildOverview,
 * questionAnalytics over every first answer) gives on the same data, including the awkward
 * cases: a retaken quiz, later (non-first) answers, a chapter no longer in the course, another
 * course's chapter, a milestone in another lab, a learner of another class.
 *
 * Runs on SQLite (a temporary file). With DASHBOARD_PG_URL set to a PostgreSQL database it may
 * wipe, it runs the same checks there too:
 *   psql postgresql://postgres@127.0.0.1:5432/postgres -c 'CREATE DATABASE lectern_h1'
 *   DASHBOARD_PG_URL=postgresql://postgres@127.0.0.1:5432/lectern_h1 npx vitest run lib/classes/summary.test.ts
 */
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient as PostgresClient } from "@/prisma/generated/postgres/client";
import { PrismaClient } from "@/prisma/generated/sqlite/client";
import { buildOverview, overviewFromSummaries, questionAnalytics, type CourseShape } from "./analytics";
import { courseShape } from "./course";
import { seedClass } from "./seed";
import { answerRows, firstAnswerCounts, learnerSummaries, quizSummaries } from "./summary";

const course = courseShape("scaling-web-apps") as CourseShape;
const migrations = (dir: string) =>
  readdirSync(dir)
    .filter((d) => /^\d+_/.test(d))
    .sort()
    .map((d) => readFileSync(path.join(dir, d, "migration.sql"), "utf8"));

async function sqliteClient() {
  const file = path.join(os.tmpdir(), `lectern-summary-${process.pid}-${Date.now()}.db`);
  const raw = new Database(file);
  for (const sql of migrations("prisma/migrations")) raw.exec(sql);
  raw.close();
  const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}` }) });
  return { client, cleanup: async () => (await client.$disconnect(), rmSync(file, { force: true })) };
}

async function postgresClient(url: string) {
  const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as PrismaClient;
  await client.$executeRawUnsafe("DROP SCHEMA IF EXISTS public CASCADE");
  await client.$executeRawUnsafe("CREATE SCHEMA public");
  // Prisma's migrations are plain statements, one per `;` at a line end.
  for (const sql of migrations("prisma/postgres/migrations"))
    for (const statement of sql.split(/;\s*$/m).map((x) => x.replace(/^\s*--.*$/gm, "").trim()).filter(Boolean)) await client.$executeRawUnsafe(statement);
  return { client, cleanup: () => client.$disconnect() };
}

/** The reference: every raw row loaded and added up in JavaScript (the loaders' former path). */
async function reference(client: PrismaClient, classId: string) {
  const enrolled = { user: { enrollments: { some: { classId } } } };
  const quizIds = course.quizzes.map((q) => q.quiz.id);
  const [enrollments, chapterRows, milestoneRows, attempts, answers, firsts] = await Promise.all([
    client.enrollment.findMany({ where: { classId }, select: { userId: true, joinedAt: true, user: { select: { name: true, email: true } } } }),
    client.chapterProgress.findMany({ where: { course: course.slug, ...enrolled } }),
    client.labMilestone.findMany({ where: enrolled }),
    client.quizAttempt.findMany({ where: { quizId: { in: quizIds }, ...enrolled } }),
    client.quizAnswer.findMany({ where: { attempt: { quizId: { in: quizIds }, ...enrolled } } }),
    client.quizAnswer.findMany({ where: { first: true, attempt: { number: 1, quizId: { in: quizIds }, ...enrolled } }, include: { attempt: true } }),
  ]);
  const learners = enrollments.map((e) => ({ id: e.userId, name: e.user.name, email: e.user.email, joinedAt: e.joinedAt }));
  return {
    rows: buildOverview(course, learners, chapterRows, milestoneRows, attempts, answers),
    questions: course.quizzes.map(({ quiz }) =>
      questionAnalytics(
        quiz,
        firsts.filter((a) => a.attempt.quizId === quiz.id).map((a) => ({ questionId: a.questionId, correct: a.correct, choiceIds: JSON.parse(a.choiceIds) as string[] })),
      ),
    ),
  };
}

async function fromSql(client: PrismaClient, classId: string) {
  const [learners, quizzes, counts] = await Promise.all([
    learnerSummaries(client, classId, course),
    quizSummaries(client, classId, course),
    firstAnswerCounts(client, classId, course),
  ]);
  return {
    rows: overviewFromSummaries(course, learners, quizzes),
    questions: course.quizzes.map(({ quiz }) =>
      questionAnalytics(
        quiz,
        counts.filter((c) => c.quizId === quiz.id).map((c) => ({ questionId: c.questionId, correct: c.correct, choiceIds: JSON.parse(c.choiceIds) as string[], count: c.count })),
      ),
    ),
  };
}

const byUser = <T extends { userId: string }>(rows: T[]) => [...rows].sort((a, b) => (a.userId < b.userId ? -1 : 1));

/** Seeds a class and the edge cases; returns the class id. */
async function seed(client: PrismaClient) {
  const owner = await client.user.create({ data: { email: `owner-${randomUUID()}@example.test`, name: "Owner", role: "instructor" } });
  const { klass } = await seedClass(client, { ownerId: owner.id, course, learners: 60, tag: "t", seed: 7 });
  await seedClass(client, { ownerId: owner.id, course, learners: 5, tag: "o", seed: 8 }); // another class: never counted
  const quiz = course.quizzes[0]!.quiz;
  const [q1, q2] = quiz.questions;
  const enrolled = await client.enrollment.findMany({ where: { classId: klass.id }, take: 4, orderBy: { userId: "asc" } });
  const [a, b, c, d] = enrolled.map((e) => e.userId) as [string, string, string, string];
  const at = new Date(Date.UTC(2026, 10, 30, 12));
  // a retakes the quiz: attempt 2 with one right first answer, one wrong then right.
  const prev = await client.quizAttempt.findFirst({ where: { userId: a, quizId: quiz.id }, orderBy: { number: "desc" } });
  const retake = await client.quizAttempt.create({ data: { userId: a, quizId: quiz.id, number: (prev?.number ?? 0) + 1, startedAt: at } });
  const right = (q: typeof q1) => JSON.stringify(q!.choices.filter((x) => x.correct).map((x) => x.id).sort());
  const wrong = (q: typeof q1) => JSON.stringify([q!.choices.find((x) => !x.correct)!.id]);
  await client.quizAnswer.createMany({
    data: [
      { attemptId: retake.id, questionId: q1!.id, choiceIds: right(q1), correct: true, first: true, firstKey: `${retake.id}:${q1!.id}`, idempotencyKey: randomUUID(), createdAt: at },
      { attemptId: retake.id, questionId: q2!.id, choiceIds: wrong(q2), correct: false, first: true, firstKey: `${retake.id}:${q2!.id}`, idempotencyKey: randomUUID(), createdAt: at },
      { attemptId: retake.id, questionId: q2!.id, choiceIds: right(q2), correct: true, first: false, idempotencyKey: randomUUID(), createdAt: new Date(at.getTime() + 60_000) },
      // an answer to a question the quiz no longer has
      { attemptId: retake.id, questionId: "removed-question", choiceIds: '["x"]', correct: true, first: true, firstKey: `${retake.id}:removed`, idempotencyKey: randomUUID(), createdAt: at },
    ],
  });
  // b: a chapter removed from the course (counts as activity, not as a chapter), another course's chapter (ignored).
  await client.chapterProgress.createMany({
    data: [
      { userId: b, course: course.slug, module: "old-module", chapter: "gone", visitedAt: at, updatedAt: at, completedAt: new Date(at.getTime() + 3_600_000) },
      { userId: c, course: "another-course", module: "m", chapter: "x", visitedAt: new Date(at.getTime() + 86_400_000), updatedAt: new Date(at.getTime() + 86_400_000) },
    ],
  });
  // d: a milestone in another lab counts; an unknown milestone only as activity.
  await client.labMilestone.createMany({
    data: [
      { userId: d, lab: "other-lab", milestone: "memory-failed", actions: "[]", createdAt: new Date(at.getTime() + 7_200_000) },
      { userId: d, lab: "session-lab", milestone: "not-a-milestone", actions: "[]", createdAt: at },
    ],
  });
  // A learner with no activity at all, and one with an opened (empty) attempt only.
  for (const [i, name] of ["Idle", "Opened quiz"].entries()) {
    const u = await client.user.create({ data: { email: `edge-${i}-${randomUUID()}@example.test`, name } });
    await client.enrollment.create({ data: { classId: klass.id, userId: u.id } });
    if (i === 1) await client.quizAttempt.create({ data: { userId: u.id, quizId: quiz.id, number: 1 } });
  }
  return klass.id;
}

const targets: [string, () => Promise<{ client: PrismaClient; cleanup: () => Promise<unknown> }>][] = [["SQLite", sqliteClient]];
if (process.env.DASHBOARD_PG_URL) targets.push(["PostgreSQL", () => postgresClient(process.env.DASHBOARD_PG_URL!)]);

for (const [name, open] of targets) {
  describe(`SQL totals on ${name}`, () => {
    let client: PrismaClient;
    let cleanup: () => Promise<unknown> = async () => undefined;
    let classId = "";
    beforeAll(async () => {
      ({ client, cleanup } = await open());
      classId = await seed(client);
    }, 60_000);
    afterAll(() => cleanup());

    it("overview rows equal the in-memory reference", async () => {
      const [ref, sql] = await Promise.all([reference(client, classId), fromSql(client, classId)]);
      expect(sql.rows).toHaveLength(62);
      expect(byUser(sql.rows)).toEqual(byUser(ref.rows));
      // the edge cases are really there
      expect(sql.rows.some((r) => r.quizzes[0]!.attempt >= 2)).toBe(true);
      expect(sql.rows.filter((r) => !r.started).map((r) => r.name).sort()).toEqual(["Idle", "Opened quiz"]);
      expect(sql.rows.every((r) => r.lastActivity === null || r.lastActivity instanceof Date)).toBe(true);
    });

    it("question analytics equal the reference", async () => {
      const [ref, sql] = await Promise.all([reference(client, classId), fromSql(client, classId)]);
      expect(sql.questions).toEqual(ref.questions);
      expect(sql.questions[0]!.reduce((n, q) => n + q.answered, 0)).toBeGreaterThan(0);
    });

    it("answer rows for the CSV equal the reference, oldest first", async () => {
      const quizIds = course.quizzes.map((q) => q.quiz.id);
      const enrolled = { user: { enrollments: { some: { classId } } } };
      const ref = await client.quizAnswer.findMany({
        where: { attempt: { quizId: { in: quizIds }, ...enrolled } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        include: { attempt: { include: { user: true } } },
      });
      const rows = await answerRows(client, classId, course);
      expect(rows.length).toBeGreaterThan(100);
      expect(rows).toEqual(
        ref.map((a) => ({
          name: a.attempt.user.name,
          email: a.attempt.user.email,
          quizId: a.attempt.quizId,
          attempt: a.attempt.number,
          questionId: a.questionId,
          choiceIds: a.choiceIds,
          correct: a.correct,
          first: a.first,
          createdAt: a.createdAt,
        })),
      );
      expect(rows.some((r) => !r.first) && rows.some((r) => !r.correct)).toBe(true);
    });

    it("an empty class gives no rows", async () => {
      expect(await learnerSummaries(client, "no-such-class", course)).toEqual([]);
      expect(await quizSummaries(client, "no-such-class", course)).toEqual([]);
      expect(await firstAnswerCounts(client, "no-such-class", course)).toEqual([]);
      expect(await answerRows(client, "no-such-class", course)).toEqual([]);
    });
  });
}
