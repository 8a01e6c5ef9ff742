import { describe, expect, it } from "vitest";
import type { Quiz } from "@/lib/content/schema";
import type { CourseShape } from "./analytics";
import { neutralise, toCsv } from "./csv";
import { ANSWERS_HEADER, answersCsv, type ExportAnswer } from "./exports";

describe("CSV", () => {
  it("neutralises formula-like text cells and quotes per RFC 4180", () => {
    expect(neutralise("=1+1")).toBe("'=1+1");
    expect(neutralise("+33 1")).toBe("'+33 1");
    expect(neutralise("-x")).toBe("'-x");
    expect(neutralise("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(neutralise("plain")).toBe("plain");
    expect(neutralise(42)).toBe(42);
    const csv = toCsv(["name", "n"], [['Zoë "Z", =HYPERLINK("x")', 3], ["line\nbreak", 0]]);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv).toContain('"Zoë ""Z"", =HYPERLINK(""x"")",3\r\n');
    expect(csv).toContain('"line\nbreak",0\r\n');
    expect(toCsv(["a"], [["=cmd"]])).toContain("'=cmd");
  });
});

describe("answers export", () => {
  // The straightforward writer, kept as the oracle for the memoised one.
  function oracle(course: CourseShape, answers: ExportAnswer[]): string {
    return toCsv(
      ANSWERS_HEADER,
      answers.map((a) => {
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
      }),
    );
  }
  const quiz = (id: string) =>
    ({
      id,
      questions: [
        { id: "q1", prompt: 'Where, "exactly", does it live?', choices: [{ id: "a", text: "=memory" }, { id: "b", text: "a store, shared" }] },
        { id: "q2", prompt: "-plain", choices: [{ id: "a", text: "yes\nno" }, { id: "c", text: "@JWT" }] },
      ],
    }) as unknown as Quiz;
  const course = { slug: "c", title: "C", chapters: [], labHref: null, quizzes: [{ module: "m", quiz: quiz("quiz-1") }, { module: "n", quiz: quiz("quiz-2") }] } as CourseShape;

  it("writes exactly what the plain writer writes, for repeated and odd learners, questions and choices", () => {
    const people = [
      { name: '=Zoë "Zed", Ng', email: "zoe@example.test" },
      { name: "Bob", email: "bob@example.test" },
      { name: "Bob", email: "bob2@example.test" },
      { name: " padded ", email: "+33@example.test" },
    ];
    const answers: ExportAnswer[] = [];
    for (let i = 0; i < 200; i++) {
      const user = people[i % people.length]!;
      answers.push({
        questionId: ["q1", "q2", "q-gone"][i % 3]!,
        choiceIds: [["a"], ["b"], ["a", "c"], [], ["zz"]][i % 5]!,
        correct: i % 2 === 0,
        first: i % 3 !== 0,
        createdAt: new Date(Date.UTC(2026, 11, 3, 10, 0, i)),
        attempt: { number: 1 + (i % 4), quizId: i % 7 === 0 ? "quiz-2" : i % 11 === 0 ? "quiz-gone" : "quiz-1", user },
      });
    }
    const csv = answersCsv(course, answers);
    expect(csv).toBe(oracle(course, answers));
    expect(csv.split("\r\n")[1]).toBe(`"'=Zoë ""Zed"", Ng",zoe@example.test,quiz-2,1,q1,"Where, ""exactly"", does it live?",a,'=memory,yes,no,2026-12-03T10:00:00.000Z`);
    expect(answersCsv(course, [])).toBe(oracle(course, []));
  });
});
