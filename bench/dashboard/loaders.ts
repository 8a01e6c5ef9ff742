// In-process timing of the dashboard's data work (no HTTP, no rendering) on the bench class:
// the former path (every progress/answer row loaded through Prisma, totals in JavaScript) against
// the current one (totals in SQL, lib/classes/summary.ts), alternating, several rounds, so a
// noisy shared machine hits both alike.
//   DATABASE_URL=file:./data/bench.db npx tsx scripts/seed-bench-class.ts      # once
//   npx tsx bench/dashboard/loaders.ts [--rounds 5] [--iterations 20] [--db file:./data/bench.db]
import { parseArgs } from "node:util";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { buildOverview, chapterFunnel, classAverages, overviewFromSummaries, queryOverview, questionAnalytics, scoreDistribution } from "../../lib/classes/analytics";
import { courseShape } from "../../lib/classes/course";
import { overviewCsv } from "../../lib/classes/exports";
import { firstAnswerCounts, learnerSummaries, quizSummaries } from "../../lib/classes/summary";
import { PrismaClient as PostgresClient } from "../../prisma/generated/postgres/client";
import { PrismaClient } from "../../prisma/generated/sqlite/client";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" }, iterations: { type: "string", default: "20" }, db: { type: "string", default: "file:./data/bench.db" } } });
const rounds = Math.min(Number(values.rounds), 50);
const iterations = Math.min(Number(values.iterations), 500);
const url = values.db!;
const client = /^postgres(ql)?:/.test(url)
  ? (new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as PrismaClient)
  : new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });

const owner = await client.user.findUnique({ where: { email: "bench-instructor@example.test" } });
const klass = owner && (await client.class.findFirst({ where: { ownerId: owner.id }, orderBy: { enrollments: { _count: "desc" } } }));
if (!klass) throw new Error("no bench class: run scripts/seed-bench-class.ts first");
const course = courseShape(klass.course)!;
const classId = klass.id;
const quizIds = course.quizzes.map((q) => q.quiz.id);
const enrolled = { user: { enrollments: { some: { classId } } } };
const now = new Date();
const query = { filter: "below-pass" as const, sort: "quiz" as const, dir: "desc" as const, page: 3, pageSize: 50, now };

async function rowsBefore() {
  const [enrollments, users, chapterRows, milestoneRows, attempts, answers] = await Promise.all([
    client.enrollment.findMany({ where: { classId }, select: { userId: true, joinedAt: true } }),
    client.user.findMany({ where: { enrollments: { some: { classId } } }, select: { id: true, name: true, email: true } }),
    client.chapterProgress.findMany({ where: { course: course.slug, ...enrolled }, select: { userId: true, module: true, chapter: true, visitedAt: true, completedAt: true, updatedAt: true } }),
    client.labMilestone.findMany({ where: enrolled, select: { userId: true, lab: true, milestone: true, createdAt: true } }),
    client.quizAttempt.findMany({ where: { quizId: { in: quizIds }, ...enrolled }, select: { id: true, userId: true, quizId: true, number: true, startedAt: true } }),
    client.quizAnswer.findMany({ where: { attempt: { quizId: { in: quizIds }, ...enrolled } }, select: { attemptId: true, questionId: true, correct: true, first: true, createdAt: true } }),
  ]);
  const byId = new Map(users.map((u) => [u.id, u]));
  const learners = enrollments.flatMap((e) => {
    const u = byId.get(e.userId);
    return u ? [{ id: e.userId, name: u.name, email: u.email, joinedAt: e.joinedAt }] : [];
  });
  return buildOverview(course, learners, chapterRows, milestoneRows, attempts, answers);
}
async function rowsAfter() {
  const [learners, quizzes] = await Promise.all([learnerSummaries(client, classId, course), quizSummaries(client, classId, course)]);
  return overviewFromSummaries(course, learners, quizzes);
}
const overview = (rows: Awaited<ReturnType<typeof rowsAfter>>) => ({
  result: queryOverview(rows, query),
  funnel: chapterFunnel(course, rows),
  dist: course.quizzes.map(({ quiz }, i) => scoreDistribution(i, rows, quiz.questions.length)),
  averages: classAverages(rows),
});
const csv = (rows: Awaited<ReturnType<typeof rowsAfter>>) =>
  overviewCsv(course, queryOverview(rows, { filter: "all", sort: "name", dir: "asc", page: 1, pageSize: rows.length, now }).rows);

const cases: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
  ["overview (filtered, sorted, page 3)", async () => overview(await rowsBefore()), async () => overview(await rowsAfter())],
  [
    "question analytics",
    () =>
      Promise.all(
        course.quizzes.map(async ({ quiz }) =>
          questionAnalytics(
            quiz,
            (await client.quizAnswer.findMany({ where: { first: true, attempt: { number: 1, quizId: quiz.id, ...enrolled } }, select: { questionId: true, choiceIds: true, correct: true } })).map((a) => ({
              questionId: a.questionId,
              correct: a.correct,
              choiceIds: JSON.parse(a.choiceIds) as string[],
            })),
          ),
        ),
      ),
    async () => {
      const counts = await firstAnswerCounts(client, classId, course);
      return course.quizzes.map(({ quiz }) =>
        questionAnalytics(quiz, counts.filter((c) => c.quizId === quiz.id).map((c) => ({ questionId: c.questionId, correct: c.correct, choiceIds: JSON.parse(c.choiceIds) as string[], count: c.count }))),
      );
    },
  ],
  ["overview CSV", async () => csv(await rowsBefore()), async () => csv(await rowsAfter())],
];

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
async function time(fn: () => Promise<unknown>) {
  const out: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

const results = new Map<string, { before: number[]; after: number[] }>();
for (const [name, before, after] of cases) {
  await before();
  await after(); // warm up
  results.set(name, { before: [], after: [] });
}
for (let r = 0; r < rounds; r++) {
  for (const [name, before, after] of cases) {
    const slot = results.get(name)!;
    slot.before.push(...(await time(before)));
    slot.after.push(...(await time(after)));
  }
}
const learners = await client.enrollment.count({ where: { classId } });
console.log(`\nclass ${classId}: ${learners} learners; ${url.replace(/\/\/[^@]*@/, "//")}; ${rounds} rounds × ${iterations} iterations each, alternating; load average ${(await import("node:os")).loadavg().map((l) => l.toFixed(1)).join(" ")}\n`);
console.log("| loader (data work only) | before p50 | before p95 | after p50 | after p95 | p50 ratio |");
console.log("| --- | --- | --- | --- | --- | --- |");
for (const [name, { before, after }] of results)
  console.log(`| ${name} | ${pct(before, 50).toFixed(0)} ms | ${pct(before, 95).toFixed(0)} ms | ${pct(after, 50).toFixed(1)} ms | **${pct(after, 95).toFixed(1)} ms** | ${(pct(before, 50) / pct(after, 50)).toFixed(0)}× |`);
await client.$disconnect();
