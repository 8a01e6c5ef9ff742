import "server-only";
import { findQuiz } from "@/lib/content/load";
import { db } from "@/lib/db";
import type { PrismaClient } from "@/prisma/generated/sqlite/client";
import { HttpError } from "@/lib/http/api";
import { gradeAnswer, scoreAttempt, UnknownChoiceError, type GradedAnswer, type QuizScore } from "./grade";

/** The client is a parameter so the unit tests can run the service on their own database file. */
type DbClient = Pick<PrismaClient, "quizAttempt" | "quizAnswer">;

function quizOr404(quizId: string) {
  const found = findQuiz(quizId);
  if (!found) throw new HttpError(404, `There is no quiz "${quizId}".`, [{ path: "quizId", message: "unknown quiz" }]);
  return found;
}

async function currentAttempt(userId: string, quizId: string, client: DbClient) {
  const latest = await client.quizAttempt.findFirst({ where: { userId, quizId }, orderBy: { number: "desc" } });
  if (latest) return latest;
  try {
    return await client.quizAttempt.create({ data: { userId, quizId, number: 1 } });
  } catch {
    // Another request created it at the same moment: use theirs.
    return client.quizAttempt.findFirstOrThrow({ where: { userId, quizId }, orderBy: { number: "desc" } });
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
}, client: DbClient = db): Promise<AnswerResult> {
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

  const attempt = await currentAttempt(userId, quiz.id, client);
  const firstKey = `${attempt.id}:${question.id}`;
  // One lookup answers both questions: is this a retry of a request we already acknowledged
  // (same idempotency key), and has this question been answered in this attempt already?
  const known = await client.quizAnswer.findMany({
    where: { OR: [{ idempotencyKey: input.idempotencyKey }, { firstKey }] },
  });
  const replay = known.find((a) => a.idempotencyKey === input.idempotencyKey);
  if (replay) {
    // Answer exactly as before, write nothing.
    const owner =
      replay.attemptId === attempt.id
        ? userId
        : (await client.quizAttempt.findUnique({ where: { id: replay.attemptId }, select: { userId: true } }))?.userId;
    if (owner !== userId || replay.questionId !== question.id)
      throw new HttpError(409, "This idempotency key was already used for another answer; send a new key for each new answer.", [
        { path: "idempotencyKey", message: "already used" },
      ]);
    const again = gradeAnswer(question, JSON.parse(replay.choiceIds) as string[]);
    return { ...again, counted: replay.first, saved: true, score: await attemptScore(replay.attemptId, quiz.id, client) };
  }

  const counted = !known.some((a) => a.firstKey === firstKey);
  try {
    await client.quizAnswer.create({
      data: {
        attemptId: attempt.id,
        questionId: question.id,
        choiceIds: JSON.stringify(graded.chosen),
        correct: graded.correct,
        idempotencyKey: input.idempotencyKey,
        first: counted,
        firstKey: counted ? firstKey : null,
      },
    });
  } catch (e) {
    // Lost a race: another tab's first answer to this question, or a concurrent retry of this very
    // request, was written between the lookup and the insert. Look again; the unique keys decide.
    if (isUniqueViolation(e)) return answerQuestion(input, client);
    throw e;
  }
  return { ...graded, counted, saved: true, score: await attemptScore(attempt.id, quiz.id, client) };
}

function isUniqueViolation(e: unknown) {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";
}

async function attemptScore(attemptId: string, quizId: string, client: DbClient): Promise<QuizScore> {
  const { quiz } = quizOr404(quizId);
  const firsts = await client.quizAnswer.findMany({ where: { attemptId, first: true }, select: { questionId: true, correct: true } });
  const score = scoreAttempt(quiz, new Map(firsts.map((a) => [a.questionId, a.correct])));
  if (score.complete) await client.quizAttempt.updateMany({ where: { id: attemptId, completedAt: null }, data: { completedAt: new Date() } });
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

/**
 * Starts a new attempt: the old one stays on record, the new one counts from now. Idempotent by
 * state: while the latest attempt has no answers it is already a fresh start, so a double click,
 * a retried request or a reset right after a retake return it instead of opening another.
 */
export async function retakeQuiz(userId: string, quizId: string, client: DbClient = db) {
  quizOr404(quizId);
  const latest = await client.quizAttempt.findFirst({
    where: { userId, quizId },
    orderBy: { number: "desc" },
    select: { number: true, _count: { select: { answers: true } } },
  });
  if (latest && latest._count.answers === 0) return { attempt: latest.number };
  const number = (latest?.number ?? 0) + 1;
  try {
    await client.quizAttempt.create({ data: { userId, quizId, number } });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e; // two requests at once: the attempt exists already
  }
  return { attempt: number };
}
