/**
 * The quiz service on a real SQLite file: the first answer to a question counts, later ones are
 * saved but do not; a retried request (same idempotency key) is answered as before and writes
 * nothing; two tabs answering at once still leave exactly one counted answer.
 */
import { randomUUID } from "node:crypto";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { migratedSqliteFile } from "@/tests/unit/sqlite-file";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findQuiz } from "@/lib/content/load";
import { HttpError } from "@/lib/http/api";
import { PrismaClient } from "@/prisma/generated/sqlite/client";
import { answerQuestion, retakeQuiz } from "./service";

const QUIZ = "statelessness-quiz";
const testDb = migratedSqliteFile("quiz");
const file = testDb.file;
let client: PrismaClient;

const quiz = findQuiz(QUIZ)!.quiz;
const [q1, q2] = quiz.questions;
const right = (q: typeof q1) => q!.choices.filter((c) => c.correct).map((c) => c.id);
const wrong = (q: typeof q1) => [q!.choices.find((c) => !c.correct)!.id];

beforeAll(async () => {
  client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}` }) });
});
afterAll(async () => {
  await client?.$disconnect();
  testDb.remove();
});

async function learner() {
  const id = `u-${randomUUID()}`;
  await client.user.create({ data: { id, email: `${id}@example.test`, name: id, role: "learner" } });
  return id;
}
const answer = (userId: string | null, questionId: string, choiceIds: string[], idempotencyKey = randomUUID()) =>
  answerQuestion({ userId, quizId: QUIZ, questionId, choiceIds, idempotencyKey }, client);
const rows = (userId: string) => client.quizAnswer.findMany({ where: { attempt: { userId } }, orderBy: { createdAt: "asc" } });

describe("answerQuestion", () => {
  it("counts the first answer to a question; a later right answer is saved but does not change the score", async () => {
    const u = await learner();
    const first = await answer(u, q1!.id, wrong(q1));
    expect(first).toMatchObject({ correct: false, counted: true, saved: true });
    expect(first.score).toMatchObject({ answered: 1, correct: 0 });
    const second = await answer(u, q1!.id, right(q1));
    expect(second).toMatchObject({ correct: true, counted: false, saved: true });
    expect(second.score).toMatchObject({ answered: 1, correct: 0 });
    const saved = await rows(u);
    expect(saved.map((r) => [r.first, r.correct, r.firstKey !== null])).toEqual([
      [true, false, true],
      [false, true, false],
    ]);
  });

  it("answers a retried request exactly as before and writes nothing", async () => {
    const u = await learner();
    const key = randomUUID();
    const once = await answer(u, q2!.id, right(q2), key);
    const again = await answer(u, q2!.id, right(q2), key);
    expect(again).toEqual(once);
    expect(await rows(u)).toHaveLength(1);
  });

  it("refuses an idempotency key already used for another question or by another learner (409)", async () => {
    const [u, v] = [await learner(), await learner()];
    const key = randomUUID();
    await answer(u, q1!.id, right(q1), key);
    for (const p of [answer(u, q2!.id, right(q2), key), answer(v, q1!.id, right(q1), key)]) {
      const e = await p.then(
        () => null,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(HttpError);
      expect((e as HttpError).status).toBe(409);
    }
    expect(await rows(v)).toHaveLength(0);
  });

  it("keeps exactly one counted answer when two tabs answer the same question at once", async () => {
    const u = await learner();
    const results = await Promise.all([answer(u, q1!.id, right(q1)), answer(u, q1!.id, wrong(q1)), answer(u, q1!.id, right(q1))]);
    expect(results.filter((r) => r.counted)).toHaveLength(1);
    const saved = await rows(u);
    expect(saved).toHaveLength(3);
    expect(saved.filter((r) => r.first)).toHaveLength(1);
  });

  it("grades and explains a guest's answer without saving it", async () => {
    const before = await client.quizAnswer.count();
    const r = await answer(null, q1!.id, right(q1));
    expect(r).toMatchObject({ correct: true, saved: false, counted: false });
    expect(r.explanations.length).toBeGreaterThan(0);
    expect(r.correctChoiceIds).toEqual(right(q1));
    expect(await client.quizAnswer.count()).toBe(before);
  });

  it("a retake starts a new attempt once: a double click or a retried request opens no second one", async () => {
    const u = await learner();
    await answer(u, q1!.id, wrong(q1));
    const retakes = [await retakeQuiz(u, QUIZ, client), await retakeQuiz(u, QUIZ, client)];
    expect(retakes).toEqual([{ attempt: 2 }, { attempt: 2 }]);
    // In the new attempt the first answer counts again.
    expect(await answer(u, q1!.id, right(q1))).toMatchObject({ counted: true, score: { answered: 1, correct: 1 } });
    expect(await retakeQuiz(u, QUIZ, client)).toEqual({ attempt: 3 });
    expect(await client.quizAttempt.count({ where: { userId: u } })).toBe(3);
  });
});
