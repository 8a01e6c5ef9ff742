import "server-only";
import { findQuiz } from "@/lib/content/load";
import { db } from "@/lib/db";
import { HttpError } from "@/lib/http/api";
import { gradeAnswer, scoreAttempt, UnknownChoiceError, type GradedAnswer, type QuizScore } from "./grade";

function quizOr404(quizId: string) {
  const found = findQuiz(quizId);
  if (!found) throw new HttpError(404, `There is no quiz "${quizId}".`, [{ path: "quizId", message: "unknown quiz" }]);
  return found;
}

async function currentAttempt(userId: string, quizId: string) {
  const latest = await db.quizAttempt.findFirst({ where: { userId, quizId }, orderBy: { number: "desc" } });
  if (latest) return latest;
  try {
    return await db.quizAttempt.create({ data: { userId, quizId, number: 1 } });
  } catch {
    // Another request created it at the same moment: use theirs.
    return db.quizAttempt.findFirstOrThrow({ where: { userId, quizId }, orderBy: { number: "desc" } });
  }
}

export interface AnswerResult extends GradedAnswer {
  /** True when this was the answer that counts (the first to this question in this attempt). */
  counted: boolean;
  /** False for guests: graded and explained, not saved. */
  saved: boolean;
  score?: QuizScore;
}

export async function answerQuestion(input: {
  userId: string | null;
  quizId: string;
  questionId: string;
  choiceIds: string[];
  idempotencyKey: string;
}): Promise<AnswerResult> {
  const { quiz } = quizOr404(input.quizId);
  const question = quiz.questions.find((q) => q.id === input.questionId);
  if (!question) throw new HttpError(404, `Quiz "${quiz.id}" has no question "${input.questionId}".`, [{ path: "questionId", message: "unknown question" }]);
  let graded: GradedAnswer;
  try {
    graded = gradeAnswer(question, input.choiceIds);
  } catch (e) {
    if (e instanceof UnknownChoiceError) throw new HttpError(400, `Problem with choiceIds: ${e.message}.`, [{ path: "choiceIds", message: e.message }]);
    throw e;
  }
  if (!input.userId) return { ...graded, counted: false, saved: false };
  const userId = input.userId;

  // A retry of a request we already acknowledged: answer exactly as before, write nothing.
  const replay = await db.quizAnswer.findUnique({ where: { idempotencyKey: input.idempotencyKey }, include: { attempt: true } });
  if (replay) {
    if (replay.attempt.userId !== userId || replay.questionId !== question.id)
      throw new HttpError(409, "This idempotency key was already used for another answer; send a new key for each new answer.", [
        { path: "idempotencyKey", message: "already used" },
      ]);
    const again = gradeAnswer(question, JSON.parse(replay.choiceIds) as string[]);
    return { ...again, counted: replay.first, saved: true, score: await attemptScore(replay.attemptId, quiz.id) };
  }

  const attempt = await currentAttempt(userId, quiz.id);
  const data = {
    attemptId: attempt.id,
    questionId: question.id,
    choiceIds: JSON.stringify(graded.chosen),
    correct: graded.correct,
    idempotencyKey: input.idempotencyKey,
  };
  let counted = true;
  try {
    await db.quizAnswer.create({ data: { ...data, first: true, firstKey: `${attempt.id}:${question.id}` } });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const dup = await db.quizAnswer.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
    if (dup) return answerQuestion(input); // a concurrent retry of the same request won the race
    counted = false;
    try {
      await db.quizAnswer.create({ data: { ...data, first: false } });
    } catch (e2) {
      if (!isUniqueViolation(e2)) throw e2;
      return answerQuestion(input);
    }
  }
  return { ...graded, counted, saved: true, score: await attemptScore(attempt.id, quiz.id) };
}

function isUniqueViolation(e: unknown) {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";
}

async function attemptScore(attemptId: string, quizId: string): Promise<QuizScore> {
  const { quiz } = quizOr404(quizId);
  const firsts = await db.quizAnswer.findMany({ where: { attemptId, first: true }, select: { questionId: true, correct: true } });
  const score = scoreAttempt(quiz, new Map(firsts.map((a) => [a.questionId, a.correct])));
  if (score.complete) await db.quizAttempt.updateMany({ where: { id: attemptId, completedAt: null }, data: { completedAt: new Date() } });
  return score;
}

/** The learner's current attempt: each answered question's graded answer (first one), and the score. */
export async function quizState(userId: string, quizId: string) {
  const { quiz } = quizOr404(quizId);
  const attempt = await db.quizAttempt.findFirst({ where: { userId, quizId }, orderBy: { number: "desc" } });
  if (!attempt) return { attempt: 0, answers: [], score: scoreAttempt(quiz, new Map()) };
  const rows = await db.quizAnswer.findMany({ where: { attemptId: attempt.id }, orderBy: { createdAt: "asc" } });
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) latest.set(r.questionId, r);
  const answers = [...latest.values()].flatMap((r) => {
    const q = quiz.questions.find((x) => x.id === r.questionId);
    if (!q) return []; // the question was removed from the quiz since
    const firstRow = rows.find((x) => x.questionId === r.questionId && x.first);
    return [{ ...gradeAnswer(q, JSON.parse(r.choiceIds) as string[]), counted: r.first, firstCorrect: firstRow?.correct ?? r.correct }];
  });
  const firsts = new Map(rows.filter((r) => r.first).map((r) => [r.questionId, r.correct]));
  return { attempt: attempt.number, answers, score: scoreAttempt(quiz, firsts) };
}

/** Starts a new attempt: the old one stays on record, the new one counts from now. */
export async function retakeQuiz(userId: string, quizId: string) {
  quizOr404(quizId);
  const latest = await db.quizAttempt.findFirst({ where: { userId, quizId }, orderBy: { number: "desc" } });
  const number = (latest?.number ?? 0) + 1;
  try {
    await db.quizAttempt.create({ data: { userId, quizId, number } });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e; // a double click: the attempt exists already
  }
  return { attempt: number };
}
