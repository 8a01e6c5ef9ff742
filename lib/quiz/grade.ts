import type { Quiz, QuizQuestion } from "@/lib/content/schema";

/** What the browser may see before answering: no `correct`, no explanations. */
export interface PublicQuestion {
  id: string;
  type: "single" | "multiple";
  prompt: string;
  choices: { id: string; text: string }[];
}
export interface PublicQuiz {
  id: string;
  title: string;
  passMark: number;
  questions: PublicQuestion[];
}

export function toPublicQuiz(quiz: Quiz): PublicQuiz {
  return {
    id: quiz.id,
    title: quiz.title,
    passMark: quiz.passMark,
    questions: quiz.questions.map((q) => ({ id: q.id, type: q.type, prompt: q.prompt, choices: q.choices.map((c) => ({ id: c.id, text: c.text })) })),
  };
}

export interface GradedAnswer {
  questionId: string;
  correct: boolean;
  /** The learner's choices, sorted. */
  chosen: string[];
  /** The right choices: revealed once the learner has answered. */
  correctChoiceIds: string[];
  /** An explanation for every choice the learner picked and every right choice. */
  explanations: { choiceId: string; correct: boolean; text: string }[];
}

export class UnknownChoiceError extends Error {}

/** Grades one answer. Single choice: exactly one pick. Multiple choice: all right picks and no wrong one. */
export function gradeAnswer(question: QuizQuestion, choiceIds: string[]): GradedAnswer {
  const chosen = [...new Set(choiceIds)].sort();
  const known = new Set(question.choices.map((c) => c.id));
  const unknown = chosen.filter((id) => !known.has(id));
  if (unknown.length) throw new UnknownChoiceError(`question "${question.id}" has no choice ${unknown.map((u) => `"${u}"`).join(", ")}`);
  if (chosen.length === 0) throw new UnknownChoiceError("pick at least one choice");
  if (question.type === "single" && chosen.length !== 1) throw new UnknownChoiceError("this question takes exactly one choice");
  const right = question.choices.filter((c) => c.correct).map((c) => c.id).sort();
  const correct = right.length === chosen.length && right.every((id, i) => id === chosen[i]);
  const shown = new Set([...chosen, ...right]);
  return {
    questionId: question.id,
    correct,
    chosen,
    correctChoiceIds: right,
    explanations: question.choices.filter((c) => shown.has(c.id)).map((c) => ({ choiceId: c.id, correct: c.correct, text: c.explanation })),
  };
}

export interface QuizScore {
  answered: number;
  correct: number;
  total: number;
  score: number; // 0..1, first answers only
  passed: boolean;
  complete: boolean;
  /** Questions whose first answer was wrong (or unanswered), to review. */
  review: string[];
}

/** Scores an attempt from each question's FIRST answer; later retries never change the score. */
export function scoreAttempt(quiz: Quiz, firstAnswers: Map<string, boolean>): QuizScore {
  const total = quiz.questions.length;
  const correct = quiz.questions.filter((q) => firstAnswers.get(q.id) === true).length;
  const answered = quiz.questions.filter((q) => firstAnswers.has(q.id)).length;
  const score = total ? correct / total : 0;
  return {
    answered,
    correct,
    total,
    score,
    passed: answered === total && score >= quiz.passMark,
    complete: answered === total,
    review: quiz.questions.filter((q) => firstAnswers.get(q.id) !== true).map((q) => q.id),
  };
}
