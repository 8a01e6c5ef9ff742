/**
 * The instructor dashboard's numbers, as pure functions over rows the service loaded once per
 * page (see service.ts). No database, no clock (pass `now`): unit-tested in analytics.test.ts.
 */
import type { Quiz } from "@/lib/content/schema";
import { scoreAttempt } from "@/lib/quiz/grade";
import { MILESTONES } from "@/lib/sim/types";
import type { LearnerSummary, QuizSummary } from "./summary";

export const MILESTONE_LABEL: Record<(typeof MILESTONES)[number], string> = {
  "memory-failed": "Saw in-memory sessions fail",
  "sticky-failed-after-kill": "Saw sticky sessions fail after a kill",
  "external-survived-kill": "Saw an external store / JWT survive a kill",
};
export const LAB_MILESTONES: readonly string[] = MILESTONES;
export const INACTIVE_DAYS = 7;

export interface CourseShape {
  slug: string;
  title: string;
  chapters: { module: string; slug: string; title: string; href: string }[];
  quizzes: { module: string; quiz: Quiz }[];
  /** The chapter that hosts the session lab (for replay links), if any. */
  labHref: string | null;
}
export interface LearnerRef {
  id: string;
  name: string;
  email: string;
  joinedAt: Date;
}
export interface ChapterRow {
  userId: string;
  module: string;
  chapter: string;
  visitedAt: Date;
  completedAt: Date | null;
  updatedAt: Date;
}
export interface MilestoneRow {
  userId: string;
  lab: string;
  milestone: string;
  createdAt: Date;
}
export interface AttemptRow {
  id: string;
  userId: string;
  quizId: string;
  number: number;
  startedAt: Date;
}
export interface AnswerRow {
  attemptId: string;
  questionId: string;
  correct: boolean;
  first: boolean;
  createdAt: Date;
}

export type ChapterState = "none" | "visited" | "completed";
export interface QuizCell {
  quizId: string;
  attempt: number;
  answered: number;
  correct: number;
  total: number;
  score: number;
  passed: boolean;
  /** Below the pass mark on the current attempt, having answered at least one question. */
  belowPass: boolean;
}
export interface OverviewRow {
  userId: string;
  name: string;
  email: string;
  joinedAt: Date;
  chapters: ChapterState[];
  completed: number;
  percent: number;
  milestones: string[];
  quizzes: QuizCell[];
  /** Mean score of the quizzes the learner has started (0..1), null when none. */
  quizScore: number | null;
  lastActivity: Date | null;
  started: boolean;
}

const chapterKey = (module: string, chapter: string) => `${module}/${chapter}`;
const later = (a: Date | null, b: Date) => (a === null || b > a ? b : a);

/** One row per learner, from the class's rows loaded in bulk. */
export function buildOverview(
  course: CourseShape,
  learners: LearnerRef[],
  chapterRows: ChapterRow[],
  milestoneRows: MilestoneRow[],
  attempts: AttemptRow[],
  answers: AnswerRow[],
): OverviewRow[] {
  const chapterIndex = new Map(course.chapters.map((c, i) => [chapterKey(c.module, c.slug), i]));
  const rows = new Map<string, OverviewRow>();
  for (const l of learners) {
    rows.set(l.id, {
      userId: l.id,
      name: l.name,
      email: l.email,
      joinedAt: l.joinedAt,
      chapters: course.chapters.map(() => "none"),
      completed: 0,
      percent: 0,
      milestones: [],
      quizzes: [],
      quizScore: null,
      lastActivity: null,
      started: false,
    });
  }
  for (const r of chapterRows) {
    const row = rows.get(r.userId);
    const i = chapterIndex.get(chapterKey(r.module, r.chapter));
    if (!row) continue;
    row.lastActivity = later(row.lastActivity, r.completedAt && r.completedAt > r.updatedAt ? r.completedAt : r.updatedAt);
    row.started = true;
    if (i === undefined) continue; // a chapter removed from the course since
    row.chapters[i] = r.completedAt ? "completed" : "visited";
  }
  for (const m of milestoneRows) {
    const row = rows.get(m.userId);
    if (!row) continue;
    row.lastActivity = later(row.lastActivity, m.createdAt);
    row.started = true;
    if (LAB_MILESTONES.includes(m.milestone) && !row.milestones.includes(m.milestone)) row.milestones.push(m.milestone);
  }
  // The current attempt per learner and quiz is the one with the highest number.
  const current = new Map<string, AttemptRow>();
  const attemptById = new Map<string, AttemptRow>();
  for (const a of attempts) {
    attemptById.set(a.id, a);
    const k = `${a.userId}\0${a.quizId}`;
    const prev = current.get(k);
    if (!prev || a.number > prev.number) current.set(k, a);
  }
  const firsts = new Map<string, Map<string, boolean>>(); // attemptId -> questionId -> correct
  for (const ans of answers) {
    const attempt = attemptById.get(ans.attemptId);
    if (!attempt) continue;
    const row = rows.get(attempt.userId);
    if (!row) continue;
    row.lastActivity = later(row.lastActivity, ans.createdAt);
    row.started = true;
    if (!ans.first) continue;
    let m = firsts.get(ans.attemptId);
    if (!m) firsts.set(ans.attemptId, (m = new Map()));
    m.set(ans.questionId, ans.correct);
  }
  const total = course.chapters.length;
  for (const row of rows.values()) {
    row.completed = row.chapters.filter((c) => c === "completed").length;
    row.percent = total ? Math.round((row.completed / total) * 100) : 0;
    row.milestones.sort((a, b) => LAB_MILESTONES.indexOf(a) - LAB_MILESTONES.indexOf(b));
    const started: number[] = [];
    row.quizzes = course.quizzes.map(({ quiz }) => {
      const attempt = current.get(`${row.userId}\0${quiz.id}`);
      const s = scoreAttempt(quiz, (attempt && firsts.get(attempt.id)) ?? new Map());
      if (s.answered > 0) started.push(s.score);
      return {
        quizId: quiz.id,
        attempt: attempt?.number ?? 0,
        answered: s.answered,
        correct: s.correct,
        total: s.total,
        score: s.score,
        passed: s.passed,
        belowPass: s.answered > 0 && s.score < quiz.passMark,
      };
    });
    row.quizScore = started.length ? started.reduce((a, b) => a + b, 0) / started.length : null;
  }
  return [...rows.values()];
}

const CHAPTER_STATES: readonly ChapterState[] = ["none", "visited", "completed"];

/**
 * The same rows as buildOverview, from the per-learner totals the database computed
 * (summary.ts): used by the dashboard, so a class's raw rows never reach JavaScript.
 */
export function overviewFromSummaries(course: CourseShape, learners: LearnerSummary[], quizzes: QuizSummary[]): OverviewRow[] {
  const current = new Map(quizzes.map((q) => [`${q.userId}\0${q.quizId}`, q]));
  const total = course.chapters.length;
  return learners.map((l) => {
    const chapters = course.chapters.map((_, i) => CHAPTER_STATES[l.chapters[i] ?? 0] ?? "none");
    const completed = chapters.filter((c) => c === "completed").length;
    const started: number[] = [];
    const cells = course.quizzes.map(({ quiz }): QuizCell => {
      const q = current.get(`${l.userId}\0${quiz.id}`);
      const s = scoreFromCounts(quiz, q?.answered ?? 0, q?.correct ?? 0);
      if (s.answered > 0) started.push(s.score);
      return { quizId: quiz.id, attempt: q?.attempt ?? 0, ...s, belowPass: s.answered > 0 && s.score < quiz.passMark };
    });
    return {
      userId: l.userId,
      name: l.name,
      email: l.email,
      joinedAt: l.joinedAt,
      chapters,
      completed,
      percent: total ? Math.round((completed / total) * 100) : 0,
      milestones: LAB_MILESTONES.filter((_, i) => l.milestones[i]),
      quizzes: cells,
      quizScore: started.length ? started.reduce((a, b) => a + b, 0) / started.length : null,
      lastActivity: l.lastActivity,
      started: l.activityRows > 0,
    };
  });
}

/** scoreAttempt's numbers from counts (first answers only; answered/correct count the quiz's own questions). */
function scoreFromCounts(quiz: Quiz, answered: number, correct: number) {
  const total = quiz.questions.length;
  const score = total ? correct / total : 0;
  return { answered, correct, total, score, passed: answered === total && score >= quiz.passMark };
}

// ---------------------------------------------------------------------------
// Filter, sort, page
// ---------------------------------------------------------------------------

export const FILTERS = {
  all: "Everyone",
  "not-started": "Not started",
  "below-pass": "Quiz below pass mark",
  inactive: `Inactive for ${INACTIVE_DAYS} days`,
  completed: "Completed every chapter",
} as const;
export type OverviewFilter = keyof typeof FILTERS;
export const SORTS = {
  name: "Name",
  progress: "Completion",
  quiz: "Quiz score",
  milestones: "Lab milestones",
  activity: "Last activity",
  joined: "Joined",
} as const;
export type OverviewSort = keyof typeof SORTS;
export type SortDir = "asc" | "desc";

export function matchesFilter(row: OverviewRow, filter: OverviewFilter, now: Date): boolean {
  switch (filter) {
    case "all":
      return true;
    case "not-started":
      return !row.started;
    case "below-pass":
      return row.quizzes.some((q) => q.belowPass);
    case "inactive":
      return row.lastActivity === null || now.getTime() - row.lastActivity.getTime() > INACTIVE_DAYS * 86_400_000;
    case "completed":
      return row.chapters.length > 0 && row.completed === row.chapters.length;
  }
}

function sortValue(row: OverviewRow, sort: OverviewSort): string | number | null {
  switch (sort) {
    case "name":
      return row.name.toLocaleLowerCase();
    case "progress":
      return row.percent;
    case "quiz":
      return row.quizScore;
    case "milestones":
      return row.milestones.length;
    case "activity":
      return row.lastActivity?.getTime() ?? null;
    case "joined":
      return row.joinedAt.getTime();
  }
}

/** Filters, sorts (missing values last in either direction, then by name) and pages. */
export function queryOverview(
  rows: OverviewRow[],
  opts: { filter: OverviewFilter; sort: OverviewSort; dir: SortDir; q?: string; page: number; pageSize: number; now: Date },
) {
  const q = opts.q?.trim().toLocaleLowerCase() ?? "";
  const filtered = rows.filter(
    (r) => matchesFilter(r, opts.filter, opts.now) && (!q || r.name.toLocaleLowerCase().includes(q) || r.email.toLowerCase().includes(q)),
  );
  const sign = opts.dir === "asc" ? 1 : -1;
  const keyed = filtered.map((r) => ({ r, v: sortValue(r, opts.sort), n: r.name.toLocaleLowerCase() }));
  keyed.sort((a, b) => {
    if (a.v === null && b.v !== null) return 1;
    if (b.v === null && a.v !== null) return -1;
    if (a.v !== null && b.v !== null && a.v !== b.v) return (a.v < b.v ? -1 : 1) * sign;
    return a.n < b.n ? -1 : a.n > b.n ? 1 : a.r.userId < b.r.userId ? -1 : 1;
  });
  const pages = Math.max(1, Math.ceil(keyed.length / opts.pageSize));
  const page = Math.min(Math.max(1, opts.page), pages);
  return {
    total: keyed.length,
    page,
    pages,
    rows: keyed.slice((page - 1) * opts.pageSize, page * opts.pageSize).map((k) => k.r),
  };
}

// ---------------------------------------------------------------------------
// Charts and averages
// ---------------------------------------------------------------------------

export interface FunnelStep {
  title: string;
  visited: number;
  completed: number;
}
/** Completion by chapter, in course order: how many learners opened and completed each. */
export function chapterFunnel(course: CourseShape, rows: OverviewRow[]): FunnelStep[] {
  return course.chapters.map((c, i) => ({
    title: c.title,
    visited: rows.filter((r) => r.chapters[i] !== "none").length,
    completed: rows.filter((r) => r.chapters[i] === "completed").length,
  }));
}

/** Per quiz: how many learners (who answered at least one question) have k correct answers, k = 0..total. */
export function scoreDistribution(quizIndex: number, rows: OverviewRow[], total: number): number[] {
  const buckets = Array.from({ length: total + 1 }, () => 0);
  for (const r of rows) {
    const q = r.quizzes[quizIndex];
    if (!q || q.answered === 0) continue;
    buckets[Math.min(q.correct, total)]! += 1;
  }
  return buckets;
}

export interface ClassAverages {
  learners: number;
  percent: number;
  quizScore: number | null;
  milestones: number;
}
export function classAverages(rows: OverviewRow[]): ClassAverages {
  const n = rows.length;
  const scored = rows.filter((r) => r.quizScore !== null);
  return {
    learners: n,
    percent: n ? rows.reduce((a, r) => a + r.percent, 0) / n : 0,
    quizScore: scored.length ? scored.reduce((a, r) => a + (r.quizScore ?? 0), 0) / scored.length : null,
    milestones: n ? rows.reduce((a, r) => a + r.milestones.length, 0) / n : 0,
  };
}

// ---------------------------------------------------------------------------
// Question and lab analytics
// ---------------------------------------------------------------------------

export interface FirstAnswer {
  questionId: string;
  choiceIds: string[];
  correct: boolean;
  /** How many learners gave this same answer (default 1): the database counts identical answers. */
  count?: number;
}
export interface QuestionStats {
  id: string;
  prompt: string;
  type: "single" | "multiple";
  answered: number;
  rightFirst: number;
  /** 0..1, null when nobody answered. */
  share: number | null;
  choices: { id: string; text: string; correct: boolean; picks: number }[];
  commonWrong: { id: string; text: string; explanation: string; picks: number } | null;
  /** Most of those who answered got it wrong the first time. */
  flagged: boolean;
}

/** `answers`: each learner's first answer to each question, on their first attempt. */
export function questionAnalytics(quiz: Quiz, answers: FirstAnswer[]): QuestionStats[] {
  return quiz.questions.map((q) => {
    const mine = answers.filter((a) => a.questionId === q.id);
    const picks = new Map<string, number>();
    const wrongPicks = new Map<string, number>();
    const correctIds = new Set(q.choices.filter((c) => c.correct).map((c) => c.id));
    let answered = 0;
    let rightFirst = 0;
    for (const a of mine) {
      const n = a.count ?? 1;
      answered += n;
      if (a.correct) rightFirst += n;
      for (const id of new Set(a.choiceIds)) {
        picks.set(id, (picks.get(id) ?? 0) + n);
        if (!a.correct && !correctIds.has(id)) wrongPicks.set(id, (wrongPicks.get(id) ?? 0) + n);
      }
    }
    let commonWrong: QuestionStats["commonWrong"] = null;
    for (const c of q.choices) {
      const n = wrongPicks.get(c.id) ?? 0;
      if (n > 0 && (!commonWrong || n > commonWrong.picks)) commonWrong = { id: c.id, text: c.text, explanation: c.explanation, picks: n };
    }
    return {
      id: q.id,
      prompt: q.prompt,
      type: q.type,
      answered,
      rightFirst,
      share: answered ? rightFirst / answered : null,
      choices: q.choices.map((c) => ({ id: c.id, text: c.text, correct: c.correct, picks: picks.get(c.id) ?? 0 })),
      commonWrong,
      flagged: answered > 0 && answered - rightFirst > answered / 2,
    };
  });
}

export function labReach(counts: { milestone: string; count: number }[]): { milestone: string; label: string; count: number }[] {
  return MILESTONES.map((m) => ({ milestone: m, label: MILESTONE_LABEL[m], count: counts.find((c) => c.milestone === m)?.count ?? 0 }));
}

// ---------------------------------------------------------------------------
// Learner timeline
// ---------------------------------------------------------------------------

export type TimelineEvent =
  | { at: Date; kind: "joined" }
  | { at: Date; kind: "visited" | "completed"; chapter: string; href: string }
  | { at: Date; kind: "milestone"; milestone: string; label: string; replayHref: string | null }
  | {
      at: Date;
      kind: "answer";
      quiz: string;
      attempt: number;
      questionId: string;
      prompt: string;
      choices: string[];
      correct: boolean;
      first: boolean;
    };

export interface LearnerAnswerRow extends AnswerRow {
  choiceIds: string[];
}

export function learnerTimeline(
  course: CourseShape,
  joinedAt: Date,
  chapterRows: ChapterRow[],
  milestones: (MilestoneRow & { replayHref: string | null })[],
  attempts: AttemptRow[],
  answers: LearnerAnswerRow[],
): TimelineEvent[] {
  const events: TimelineEvent[] = [{ at: joinedAt, kind: "joined" }];
  for (const r of chapterRows) {
    const c = course.chapters.find((x) => x.module === r.module && x.slug === r.chapter);
    const chapter = c?.title ?? `${r.module}/${r.chapter}`;
    const href = c?.href ?? "#";
    events.push({ at: r.visitedAt, kind: "visited", chapter, href });
    if (r.completedAt) events.push({ at: r.completedAt < r.visitedAt ? r.visitedAt : r.completedAt, kind: "completed", chapter, href });
  }
  for (const m of milestones) {
    const label = (MILESTONE_LABEL as Record<string, string>)[m.milestone] ?? m.milestone;
    events.push({ at: m.createdAt, kind: "milestone", milestone: m.milestone, label, replayHref: m.replayHref });
  }
  const attemptById = new Map(attempts.map((a) => [a.id, a]));
  for (const a of answers) {
    const attempt = attemptById.get(a.attemptId);
    const quiz = course.quizzes.find((q) => q.quiz.id === attempt?.quizId)?.quiz;
    const question = quiz?.questions.find((q) => q.id === a.questionId);
    events.push({
      at: a.createdAt,
      kind: "answer",
      quiz: quiz?.title ?? attempt?.quizId ?? "quiz",
      attempt: attempt?.number ?? 0,
      questionId: a.questionId,
      prompt: question?.prompt ?? a.questionId,
      choices: a.choiceIds.map((id) => question?.choices.find((c) => c.id === id)?.text ?? id),
      correct: a.correct,
      first: a.first,
    });
  }
  // Stable sort: at the same instant, "opened" stays before "completed".
  return events.sort((a, b) => a.at.getTime() - b.at.getTime());
}
