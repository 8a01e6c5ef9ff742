import { describe, expect, it } from "vitest";
import type { Quiz } from "@/lib/content/schema";
import {
  buildOverview,
  chapterFunnel,
  classAverages,
  labReach,
  learnerTimeline,
  queryOverview,
  questionAnalytics,
  scoreDistribution,
  type CourseShape,
} from "./analytics";

const quiz: Quiz = {
  id: "q",
  title: "Quiz",
  passMark: 0.5,
  questions: [
    {
      id: "q1",
      type: "single",
      prompt: "One?",
      teaches: "a",
      choices: [
        { id: "a", text: "A", correct: true, explanation: "A is right" },
        { id: "b", text: "B", correct: false, explanation: "B is the trap" },
        { id: "c", text: "C", correct: false, explanation: "C is wrong" },
      ],
    },
    {
      id: "q2",
      type: "multiple",
      prompt: "Two?",
      teaches: "b",
      choices: [
        { id: "x", text: "X", correct: true, explanation: "x" },
        { id: "y", text: "Y", correct: true, explanation: "y" },
        { id: "z", text: "Z", correct: false, explanation: "z" },
      ],
    },
  ],
} as unknown as Quiz;

const course: CourseShape = {
  slug: "c",
  title: "Course",
  chapters: [
    { module: "m", slug: "a", title: "Chapter A", href: "/learn/c/m/a" },
    { module: "m", slug: "b", title: "Chapter B", href: "/learn/c/m/b" },
  ],
  quizzes: [{ module: "m", quiz }],
  labHref: "/learn/c/m/b",
};
const t = (min: number) => new Date(Date.UTC(2026, 0, 10, 12, min));
const now = t(0);
const learners = [
  { id: "u1", name: "Ada", email: "ada@x", joinedAt: t(-100) },
  { id: "u2", name: "bob", email: "bob@x", joinedAt: t(-90) },
  { id: "u3", name: "Cy", email: "cy@x", joinedAt: t(-80) },
];
const chapters = [
  { userId: "u1", module: "m", chapter: "a", visitedAt: t(-50), completedAt: t(-49), updatedAt: t(-50) },
  { userId: "u1", module: "m", chapter: "b", visitedAt: t(-40), completedAt: t(-39), updatedAt: t(-40) },
  { userId: "u2", module: "m", chapter: "a", visitedAt: new Date(now.getTime() - 9 * 86_400_000), completedAt: null, updatedAt: new Date(now.getTime() - 9 * 86_400_000) },
  { userId: "zz", module: "m", chapter: "a", visitedAt: t(-1), completedAt: null, updatedAt: t(-1) }, // not in the class
];
const milestones = [
  { userId: "u1", lab: "session-lab", milestone: "memory-failed", createdAt: t(-30) },
  { userId: "u1", lab: "session-lab", milestone: "external-survived-kill", createdAt: t(-29) },
];
const attempts = [
  { id: "a1", userId: "u1", quizId: "q", number: 1, startedAt: t(-20) },
  { id: "a2", userId: "u2", quizId: "q", number: 1, startedAt: t(-20) },
  { id: "a3", userId: "u2", quizId: "q", number: 2, startedAt: t(-10) },
];
const answers = [
  { attemptId: "a1", questionId: "q1", correct: true, first: true, createdAt: t(-20) },
  { attemptId: "a1", questionId: "q2", correct: false, first: true, createdAt: t(-19) },
  { attemptId: "a1", questionId: "q2", correct: true, first: false, createdAt: t(-18) },
  { attemptId: "a2", questionId: "q1", correct: false, first: true, createdAt: new Date(now.getTime() - 8 * 86_400_000) },
];

describe("buildOverview", () => {
  const rows = buildOverview(course, learners, chapters, milestones, attempts, answers);
  const [ada, bob, cy] = rows;
  it("counts chapters, milestones and the current attempt's score per learner", () => {
    expect(ada).toMatchObject({ chapters: ["completed", "completed"], completed: 2, percent: 100, milestones: ["memory-failed", "external-survived-kill"] });
    expect(ada?.quizzes[0]).toMatchObject({ answered: 2, correct: 1, score: 0.5, passed: true, belowPass: false });
    expect(ada?.lastActivity).toEqual(t(-18));
    // bob retook the quiz: the new attempt has no answers yet
    expect(bob?.quizzes[0]).toMatchObject({ attempt: 2, answered: 0, belowPass: false });
    expect(bob?.quizScore).toBeNull();
    expect(cy).toMatchObject({ started: false, percent: 0, lastActivity: null });
    expect(rows).toHaveLength(3); // "zz" is not in the class
  });
  it("filters, sorts with missing values last, and pages", () => {
    const q = (o: Partial<Parameters<typeof queryOverview>[1]>) => queryOverview(rows, { filter: "all", sort: "name", dir: "asc", page: 1, pageSize: 2, now, ...o });
    expect(q({}).rows.map((r) => r.name)).toEqual(["Ada", "bob"]);
    expect(q({ page: 2 })).toMatchObject({ page: 2, pages: 2, total: 3 });
    expect(q({ page: 99 }).page).toBe(2);
    expect(q({ filter: "not-started" }).rows.map((r) => r.userId)).toEqual(["u3"]);
    expect(q({ filter: "inactive", pageSize: 10 }).rows.map((r) => r.userId)).toEqual(["u2", "u3"]);
    expect(q({ filter: "completed" }).rows.map((r) => r.userId)).toEqual(["u1"]);
    expect(q({ sort: "activity", dir: "desc", pageSize: 10 }).rows.map((r) => r.userId)).toEqual(["u1", "u2", "u3"]);
    expect(q({ sort: "activity", dir: "asc", pageSize: 10 }).rows.map((r) => r.userId)).toEqual(["u2", "u1", "u3"]);
    expect(q({ q: "BOB" }).rows.map((r) => r.userId)).toEqual(["u2"]);
  });
  it("flags quiz below the pass mark only for learners who started", () => {
    const low = buildOverview(course, learners, [], [], [attempts[0]!], [{ ...answers[0]!, correct: false }]);
    expect(queryOverview(low, { filter: "below-pass", sort: "name", dir: "asc", page: 1, pageSize: 10, now }).rows.map((r) => r.userId)).toEqual(["u1"]);
  });
  it("draws the funnel, the score distribution and the averages", () => {
    expect(chapterFunnel(course, rows)).toEqual([
      { title: "Chapter A", visited: 2, completed: 1 },
      { title: "Chapter B", visited: 1, completed: 1 },
    ]);
    expect(scoreDistribution(0, rows, 2)).toEqual([0, 1, 0]);
    expect(classAverages(rows)).toMatchObject({ learners: 3, quizScore: 0.5 });
    expect(classAverages(rows).percent).toBeCloseTo(100 / 3);
    expect(classAverages([])).toMatchObject({ learners: 0, percent: 0, quizScore: null });
  });
});

describe("questionAnalytics", () => {
  const stats = questionAnalytics(quiz, [
    { questionId: "q1", choiceIds: ["b"], correct: false },
    { questionId: "q1", choiceIds: ["b"], correct: false },
    { questionId: "q1", choiceIds: ["c"], correct: false },
    { questionId: "q1", choiceIds: ["a"], correct: true },
    { questionId: "q2", choiceIds: ["x", "y"], correct: true },
    { questionId: "q2", choiceIds: ["x"], correct: false },
  ]);
  it("counts right-first share, picks, the most common wrong choice and flags", () => {
    expect(stats[0]).toMatchObject({ answered: 4, rightFirst: 1, share: 0.25, flagged: true });
    expect(stats[0]?.choices.map((c) => c.picks)).toEqual([1, 2, 1]);
    expect(stats[0]?.commonWrong).toEqual({ id: "b", text: "B", explanation: "B is the trap", picks: 2 });
    // half wrong is not "most"; a wrong answer with only right picks has no wrong choice
    expect(stats[1]).toMatchObject({ answered: 2, share: 0.5, flagged: false, commonWrong: null });
  });
  it("handles nobody answering", () => {
    expect(questionAnalytics(quiz, [])[0]).toMatchObject({ answered: 0, share: null, flagged: false, commonWrong: null });
  });
});

describe("labReach and learnerTimeline", () => {
  it("lists every milestone in order, with zero for the unreached", () => {
    expect(labReach([{ milestone: "external-survived-kill", count: 4 }]).map((m) => m.count)).toEqual([0, 0, 4]);
  });
  it("orders one learner's events in time", () => {
    const events = learnerTimeline(
      course,
      t(-100),
      chapters.filter((c) => c.userId === "u1"),
      milestones.map((m) => ({ ...m, replayHref: "/x?lab=n" })),
      attempts,
      answers.filter((a) => a.attemptId === "a1").map((a) => ({ ...a, choiceIds: a.questionId === "q1" ? ["a"] : ["x"] })),
    );
    expect(events.map((e) => e.kind)).toEqual(["joined", "visited", "completed", "visited", "completed", "milestone", "milestone", "answer", "answer", "answer"]);
    expect(events.at(-1)).toMatchObject({ kind: "answer", prompt: "Two?", choices: ["X"], first: false, attempt: 1 });
  });
});
