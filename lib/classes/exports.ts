/** The two CSV exports' columns (pure: unit-tested). */
import type { CourseShape, OverviewRow } from "./analytics";
import { LAB_MILESTONES } from "./analytics";
import { toCsv } from "./csv";

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

export function answersCsv(course: CourseShape, answers: ExportAnswer[]): string {
  const header = ["name", "email", "quiz", "attempt", "question", "prompt", "choice_ids", "choices", "correct", "counted", "answered_at"];
  const body = answers.map((a) => {
    const question = course.quizzes.find((q) => q.quiz.id === a.attempt.quizId)?.quiz.questions.find((q) => q.id === a.questionId);
    return [
      a.attempt.user.name,
      a.attempt.user.email,
      a.attempt.quizId,
      a.attempt.number,
      a.questionId,
      question?.prompt ?? "",
      a.choiceIds.join(";"),
      a.choiceIds.map((id) => question?.choices.find((c) => c.id === id)?.text ?? id).join(" | "),
      a.correct ? "yes" : "no",
      a.first ? "yes" : "no",
      a.createdAt,
    ];
  });
  return toCsv(header, body);
}
