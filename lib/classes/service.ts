import "server-only";
/**
 * The dashboard's database access. Every loader runs a bounded, constant number of queries,
 * whatever the class size: class-wide totals are aggregated in SQL (summary.ts: one row per
 * learner, never one query per learner), then filtered, sorted and paged in memory (analytics.ts).
 * Each takes the client as a parameter so a test can count the queries (query-count.test.ts).
 */
import type { CurrentUser } from "@/lib/auth/current-user";
import { getCatalog } from "@/lib/content/load";
import { db } from "@/lib/db";
import { HttpError } from "@/lib/http/api";
import type { PrismaClient } from "@/prisma/generated/sqlite/client";
import {
  chapterFunnel,
  classAverages,
  labReach,
  learnerTimeline,
  overviewFromSummaries,
  queryOverview,
  questionAnalytics,
  scoreDistribution,
  type CourseShape,
  type OverviewFilter,
  type OverviewSort,
  type SortDir,
} from "./analytics";
import { newJoinCode, normalizeJoinCode } from "./codes";
import { joinSucceeded, startJoinAttempt } from "./join-limit";
import { courseShape } from "./course";
import { replayHref } from "./replay";
import { answerRows, firstAnswerCounts, learnerSummaries, quizSummaries } from "./summary";

export { courseShape };

export type DbClient = Pick<PrismaClient, "user" | "class" | "enrollment" | "chapterProgress" | "labMilestone" | "quizAttempt" | "quizAnswer" | "loginAttempt" | "$queryRaw">;
type Viewer = Pick<CurrentUser, "id" | "role">;

export const SESSION_LAB = "session-lab";
export const PAGE_SIZE = 50;

export function canTeach(user: Viewer | null): boolean {
  return !!user && (user.role === "instructor" || user.role === "admin");
}

export function courseChoices() {
  return getCatalog().courses.map((c) => ({ slug: c.slug, title: c.meta.title }));
}

/** The class if this viewer may see it (its owner, or an admin); otherwise null, so callers answer 404. */
export async function visibleClass(viewer: Viewer | null, classId: string, client: DbClient = db) {
  if (!canTeach(viewer) || !viewer || classId.length > 64) return null;
  const klass = await client.class.findUnique({ where: { id: classId } });
  if (!klass || (viewer.role !== "admin" && klass.ownerId !== viewer.id)) return null;
  const course = courseShape(klass.course);
  if (!course) return null;
  return { klass, course };
}

async function classOr404(viewer: Viewer | null, classId: string, client: DbClient) {
  const found = await visibleClass(viewer, classId, client);
  if (!found) throw new HttpError(404, "There is no such class, or it is not yours.");
  return found;
}

export async function listClasses(viewer: Viewer, client: DbClient = db) {
  if (!canTeach(viewer)) return [];
  return client.class.findMany({
    where: viewer.role === "admin" ? {} : { ownerId: viewer.id },
    orderBy: { createdAt: "desc" },
    include: { _count: { select: { enrollments: true } }, owner: { select: { name: true } } },
  });
}

export async function createClass(viewer: Viewer, input: { name: string; course: string }, client: DbClient = db) {
  if (!canTeach(viewer)) throw new HttpError(403, "Only instructors and admins can create classes.");
  if (!courseShape(input.course))
    throw new HttpError(400, `There is no course "${input.course}".`, [{ path: "course", message: "unknown course" }]);
  for (let i = 0; i < 5; i++) {
    try {
      return await client.class.create({ data: { name: input.name, course: input.course, ownerId: viewer.id, joinCode: newJoinCode() } });
    } catch (e) {
      if ((e as { code?: string }).code !== "P2002") throw e; // a join code collision: draw again
    }
  }
  throw new HttpError(503, "Could not find a free join code; please try again.");
}

/** Joins with a code; wrong codes count against the account (join-limit.ts): 429 with Retry-After past the limit. */
export async function joinClass(userId: string, code: string, client: DbClient = db, now = new Date()) {
  const attempt = await startJoinAttempt(userId, client, now);
  const klass = await client.class.findUnique({ where: { joinCode: normalizeJoinCode(code) } });
  // A wrong code: the attempt stays counted as a failure.
  if (!klass) throw new HttpError(404, "No class has that code. Check it with your instructor.", [{ path: "code", message: "unknown code" }]);
  await joinSucceeded(attempt, client);
  await client.enrollment.upsert({ where: { classId_userId: { classId: klass.id, userId } }, create: { classId: klass.id, userId }, update: {} });
  const course = courseShape(klass.course);
  return { id: klass.id, name: klass.name, course: klass.course, courseTitle: course?.title ?? klass.course, href: `/learn/${klass.course}` };
}

export async function leaveClass(userId: string, classId: string, client: DbClient = db) {
  const { count } = await client.enrollment.deleteMany({ where: { classId, userId } });
  if (count === 0) throw new HttpError(404, "You are not in this class.");
  return { left: true };
}

/**
 * The class's instructor (or an admin) removes a learner: only the membership goes; the
 * learner's own progress, lab runs and answers stay theirs (they can join again with the code).
 */
export async function removeLearner(viewer: Viewer | null, classId: string, userId: string, client: DbClient = db) {
  await classOr404(viewer, classId, client);
  if (userId.length > 64) throw new HttpError(404, "This learner is not in the class.");
  const { count } = await client.enrollment.deleteMany({ where: { classId, userId } });
  if (count === 0) throw new HttpError(404, "This learner is not in the class.");
  return { removed: true };
}

/** The classes a learner is in (names only: a learner never sees anyone else's data). */
export async function learnerClasses(userId: string, client: DbClient = db) {
  const rows = await client.enrollment.findMany({
    where: { userId },
    orderBy: { joinedAt: "desc" },
    select: { joinedAt: true, class: { select: { id: true, name: true, course: true } } },
  });
  return rows.map((r) => ({ ...r.class, joinedAt: r.joinedAt, courseTitle: courseShape(r.class.course)?.title ?? r.class.course }));
}

// ---------------------------------------------------------------------------
// Overview
// ---------------------------------------------------------------------------

/**
 * Every learner's row, from two aggregate queries (summary.ts): the database adds up the
 * class's progress and answer rows, and only one small row per learner (and per learner and
 * quiz) reaches JavaScript. Filtering, sorting and paging then work on those rows.
 */
async function classRows(classId: string, course: CourseShape, client: DbClient) {
  const [learners, quizzes] = await Promise.all([learnerSummaries(client, classId, course), quizSummaries(client, classId, course)]);
  return overviewFromSummaries(course, learners, quizzes);
}

export interface OverviewQuery {
  filter: OverviewFilter;
  sort: OverviewSort;
  dir: SortDir;
  q: string;
  page: number;
}

export async function loadOverview(viewer: Viewer | null, classId: string, query: OverviewQuery, client: DbClient = db, now = new Date()) {
  const { klass, course } = await classOr404(viewer, classId, client);
  const rows = await classRows(classId, course, client);
  return {
    klass,
    course,
    learners: rows.length,
    result: queryOverview(rows, { ...query, pageSize: PAGE_SIZE, now }),
    funnel: chapterFunnel(course, rows),
    distributions: course.quizzes.map(({ quiz }, i) => ({ quiz, buckets: scoreDistribution(i, rows, quiz.questions.length) })),
    averages: classAverages(rows),
  };
}

export async function loadOverviewExport(viewer: Viewer | null, classId: string, client: DbClient = db) {
  const { klass, course } = await classOr404(viewer, classId, client);
  const rows = await classRows(classId, course, client);
  return { klass, course, rows: queryOverview(rows, { filter: "all", sort: "name", dir: "asc", page: 1, pageSize: Math.max(1, rows.length), now: new Date() }).rows };
}

// ---------------------------------------------------------------------------
// Question and lab analytics
// ---------------------------------------------------------------------------

export async function loadQuestionAnalytics(viewer: Viewer | null, classId: string, client: DbClient = db) {
  const { klass, course } = await classOr404(viewer, classId, client);
  const enrolled = { user: { enrollments: { some: { classId } } } };
  const [learners, counts, reached] = await Promise.all([
    client.enrollment.count({ where: { classId } }),
    // First answers on first attempts, counted per question and choice set in the database.
    firstAnswerCounts(client, classId, course),
    client.labMilestone.groupBy({ by: ["milestone"], where: { lab: SESSION_LAB, ...enrolled }, _count: { _all: true } }),
  ]);
  const quizzes = course.quizzes.map(({ quiz }) => ({
    quiz,
    questions: questionAnalytics(
      quiz,
      counts.filter((c) => c.quizId === quiz.id).map((c) => ({ questionId: c.questionId, correct: c.correct, choiceIds: parseChoices(c.choiceIds), count: c.count })),
    ),
  }));
  return { klass, course, learners, quizzes, lab: labReach(reached.map((r) => ({ milestone: r.milestone, count: r._count._all }))) };
}

function parseChoices(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------
// One learner
// ---------------------------------------------------------------------------

export async function loadLearnerDetail(viewer: Viewer | null, classId: string, userId: string, client: DbClient = db) {
  const { klass, course } = await classOr404(viewer, classId, client);
  if (userId.length > 64) throw new HttpError(404, "This learner is not in the class.");
  const enrollment = await client.enrollment.findUnique({
    where: { classId_userId: { classId, userId } },
    select: { joinedAt: true, user: { select: { id: true, name: true, email: true } } },
  });
  if (!enrollment) throw new HttpError(404, "This learner is not in the class.");
  const quizIds = course.quizzes.map((q) => q.quiz.id);
  const [rows, chapterRows, attempts, milestones, answers] = await Promise.all([
    classRows(classId, course, client),
    client.chapterProgress.findMany({
      where: { userId, course: course.slug },
      select: { userId: true, module: true, chapter: true, visitedAt: true, completedAt: true, updatedAt: true },
    }),
    client.quizAttempt.findMany({ where: { userId, quizId: { in: quizIds } }, select: { id: true, userId: true, quizId: true, number: true, startedAt: true } }),
    client.labMilestone.findMany({ where: { userId }, orderBy: { createdAt: "asc" } }),
    client.quizAnswer.findMany({
      where: { attempt: { userId, quizId: { in: quizIds } } },
      orderBy: { createdAt: "asc" },
      select: { attemptId: true, questionId: true, correct: true, first: true, createdAt: true, choiceIds: true },
    }),
  ]);
  const row = rows.find((r) => r.userId === userId);
  if (!row) throw new HttpError(404, "This learner is not in the class.");
  const withReplay = milestones.map((m) => ({ ...m, replayHref: m.lab === SESSION_LAB ? replayHref(course.labHref, m.actions) : null }));
  // Distinct runs: several milestones are often reached by the same log.
  const runs = new Map<string, { actions: string; href: string | null; milestones: string[]; at: Date }>();
  for (const m of withReplay) {
    const run = runs.get(m.actions);
    if (run) run.milestones.push(m.milestone);
    else runs.set(m.actions, { actions: m.actions, href: m.replayHref, milestones: [m.milestone], at: m.createdAt });
  }
  return {
    klass,
    course,
    learner: { ...enrollment.user, joinedAt: enrollment.joinedAt },
    row,
    averages: classAverages(rows),
    runs: [...runs.values()],
    timeline: learnerTimeline(
      course,
      enrollment.joinedAt,
      chapterRows,
      withReplay,
      attempts,
      answers.map((a) => ({ ...a, choiceIds: parseChoices(a.choiceIds) })),
    ),
  };
}

// ---------------------------------------------------------------------------
// Raw answers (CSV)
// ---------------------------------------------------------------------------

export async function loadAnswersExport(viewer: Viewer | null, classId: string, client: DbClient = db) {
  const { klass, course } = await classOr404(viewer, classId, client);
  const rows = await answerRows(client, classId, course);
  const answers = rows.map((r) => ({
    questionId: r.questionId,
    choiceIds: parseChoices(r.choiceIds),
    correct: r.correct,
    first: r.first,
    createdAt: r.createdAt,
    attempt: { number: r.attempt, quizId: r.quizId, user: { name: r.name, email: r.email } },
  }));
  return { klass, course, answers };
}
