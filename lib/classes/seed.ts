/**
 * Bulk test data for a class: learners with chapters, lab milestones and quiz answers, written
 * with createMany in batches. Used by the benchmark seed (scripts/seed-bench-class.ts) and the
 * query-count test. Deterministic for a given size.
 */
import { randomUUID } from "node:crypto";
import { toActions } from "@/components/lab/session-lab/model";
import type { PrismaClient } from "@/prisma/generated/sqlite/client";
import type { CourseShape } from "./analytics";
import { LAB_MILESTONES } from "./analytics";
import { newJoinCode } from "./codes";

type Client = Pick<PrismaClient, "user" | "class" | "enrollment" | "chapterProgress" | "labMilestone" | "quizAttempt" | "quizAnswer">;

const BATCH = 500;
async function inBatches<T>(rows: T[], write: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += BATCH) await write(rows.slice(i, i + BATCH));
}

/** A small deterministic PRNG (mulberry32), so runs are comparable. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RUN = JSON.stringify({ servers: 3, actions: toActions(["n", "n", "n", "k1", "n", "n", "r1", "n"]) });

export async function seedClass(
  client: Client,
  opts: { ownerId: string; course: CourseShape; learners: number; name?: string; tag?: string; now?: Date; seed?: number },
) {
  const now = opts.now ?? new Date();
  const random = rng(opts.seed ?? 42);
  const tag = opts.tag ?? randomUUID().slice(0, 8);
  const klass = await client.class.create({ data: { name: opts.name ?? `Bench class ${tag}`, course: opts.course.slug, ownerId: opts.ownerId, joinCode: newJoinCode() } });
  const ago = (maxDays: number) => new Date(now.getTime() - Math.floor(random() * maxDays * 86_400_000));
  const users: { id: string; email: string; name: string; role: string }[] = [];
  const enrollments: { classId: string; userId: string; joinedAt: Date }[] = [];
  const chapters: { userId: string; course: string; module: string; chapter: string; visitedAt: Date; updatedAt: Date; completedAt: Date | null }[] = [];
  const milestones: { userId: string; lab: string; milestone: string; actions: string; createdAt: Date }[] = [];
  const attempts: { id: string; userId: string; quizId: string; number: number; startedAt: Date }[] = [];
  const answers: { attemptId: string; questionId: string; choiceIds: string; correct: boolean; first: boolean; firstKey: string | null; idempotencyKey: string; createdAt: Date }[] = [];
  for (let i = 0; i < opts.learners; i++) {
    const id = `u${tag}${i.toString(36).padStart(4, "0")}${randomUUID().slice(0, 8)}`;
    users.push({ id, email: `bench-${tag}-${i}@example.test`, name: `Learner ${i} ${tag}`, role: "learner" });
    const joinedAt = ago(40);
    enrollments.push({ classId: klass.id, userId: id, joinedAt });
    const reach = Math.floor(random() * (opts.course.chapters.length + 1));
    opts.course.chapters.slice(0, reach).forEach((c, k) => {
      const at = ago(30);
      chapters.push({ userId: id, course: opts.course.slug, module: c.module, chapter: c.slug, visitedAt: at, updatedAt: at, completedAt: k < reach - 1 || random() < 0.5 ? at : null });
    });
    const ms = Math.floor(random() * (LAB_MILESTONES.length + 1));
    for (const m of LAB_MILESTONES.slice(0, ms)) milestones.push({ userId: id, lab: "session-lab", milestone: m, actions: RUN, createdAt: ago(30) });
    for (const { quiz } of opts.course.quizzes) {
      if (random() < 0.15) continue; // some never open the quiz
      const attemptId = randomUUID();
      attempts.push({ id: attemptId, userId: id, quizId: quiz.id, number: 1, startedAt: ago(20) });
      const skill = random();
      for (const q of quiz.questions) {
        const right = q.choices.filter((c) => c.correct).map((c) => c.id).sort();
        const wrong = q.choices.filter((c) => !c.correct).map((c) => c.id);
        const correct = random() < 0.35 + skill * 0.6 || wrong.length === 0;
        const chosen = correct ? right : [wrong[Math.floor(random() * wrong.length)]!];
        const at = ago(20);
        answers.push({ attemptId, questionId: q.id, choiceIds: JSON.stringify(chosen), correct, first: true, firstKey: `${attemptId}:${q.id}`, idempotencyKey: randomUUID(), createdAt: at });
        if (!correct) answers.push({ attemptId, questionId: q.id, choiceIds: JSON.stringify(right), correct: true, first: false, firstKey: null, idempotencyKey: randomUUID(), createdAt: new Date(at.getTime() + 20_000) });
      }
    }
  }
  await inBatches(users, (b) => client.user.createMany({ data: b }));
  await inBatches(enrollments, (b) => client.enrollment.createMany({ data: b }));
  await inBatches(chapters, (b) => client.chapterProgress.createMany({ data: b }));
  await inBatches(milestones, (b) => client.labMilestone.createMany({ data: b }));
  await inBatches(attempts, (b) => client.quizAttempt.createMany({ data: b }));
  await inBatches(answers, (b) => client.quizAnswer.createMany({ data: b }));
  return { klass, counts: { users: users.length, chapters: chapters.length, milestones: milestones.length, attempts: attempts.length, answers: answers.length } };
}
