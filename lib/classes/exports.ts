/** The two CSV exports' columns (pure: unit-tested). */
import type { CourseShape, OverviewRow } from "./analytics";
import { LAB_MILESTONES } from "./analytics";
import { csvFields, csvHeader, toCsv } from "./csv";

export function overviewCsv(course: CourseShape, rows: OverviewRow[]): string {
  const header = [
    "name",
    "email",
    "joined_at",
    "completion_percent",
    "chapters_completed",
    "chapters_total",
    ...course.chapters.map((c) => `chapter: ${c.title}`),
    ...LAB_MILESTONES.map((m) => `milestone: ${m}`),
    ...course.quizzes.flatMap(({ quiz }) => [`quiz ${quiz.id}: score_percent`, `quiz ${quiz.id}: answered`, `quiz ${quiz.id}: passed`]),
    "last_activity",
  ];
  const body = rows.map((r) => [
    r.name,
    r.email,
    r.joinedAt,
    r.percent,
    r.completed,
    r.chapters.length,
    ...r.chapters,
    ...LAB_MILESTONES.map((m) => (r.milestones.includes(m) ? "yes" : "no")),
    ...r.quizzes.flatMap((q) => [q.answered ? Math.round(q.score * 100) : "", `${q.answered}/${q.total}`, q.passed ? "yes" : "no"]),
    r.lastActivity ?? "",
  ]);
  return toCsv(header, body);
}

export interface ExportAnswer {
  questionId: string;
  choiceIds: string[];
  correct: boolean;
  first: boolean;
  createdAt: Date;
  attempt: { number: number; quizId: string; user: { name: string; email: string } };
}

export const ANSWERS_HEADER = ["name", "email", "quiz", "attempt", "question", "prompt", "choice_ids", "choices", "correct", "counted", "answered_at"];

/**
 * One line per answer. A class's export repeats a few hundred learners and a few dozen
 * question/choice combinations over thousands of rows, so those cells are quoted once and reused
 * (the 1,000-learner bench class: 13.8k rows, 1,000 learners, 46 combinations). The output is
 * byte-for-byte `toCsv(ANSWERS_HEADER, rows)` (exports.test.ts).
 */
export function answersCsv(course: CourseShape, answers: ExportAnswer[]): string {
  const memo = new Map<string, string>();
  const cells = (key: string, make: () => unknown[]) => {
    let text = memo.get(key);
    if (text === undefined) memo.set(key, (text = csvFields(make())));
    return text;
  };
  const out = [csvHeader(ANSWERS_HEADER)];
  for (const a of answers) {
    const { user, quizId, number } = a.attempt;
    const choiceIds = a.choiceIds.join(";");
    const person = cells(`p\u0000${user.name}\u0000${user.email}\u0000${quizId}`, () => [user.name, user.email, quizId]);
    const asked = cells(`q\u0000${quizId}\u0000${a.questionId}\u0000${choiceIds}`, () => {
      const question = course.quizzes.find((q) => q.quiz.id === quizId)?.quiz.questions.find((q) => q.id === a.questionId);
      return [a.questionId, question?.prompt ?? "", choiceIds, a.choiceIds.map((id) => question?.choices.find((c) => c.id === id)?.text ?? id).join(" | ")];
    });
    out.push(`${person},${number},${asked},${a.correct ? "yes" : "no"},${a.first ? "yes" : "no"},${a.createdAt.toISOString()}\r\n`);
  }
  return out.join("");
}
