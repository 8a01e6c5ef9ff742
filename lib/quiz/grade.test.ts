import { describe, expect, it } from "vitest";
import { QuizSchema, type Quiz } from "@/lib/content/schema";
import { gradeAnswer, scoreAttempt, toPublicQuiz, UnknownChoiceError } from "./grade";

const quiz: Quiz = QuizSchema.parse({
  id: "q",
  title: "Quiz",
  questions: [
    {
      id: "one",
      type: "single",
      prompt: "Pick b",
      choices: [
        { id: "a", text: "A", correct: false, explanation: "A is wrong because…" },
        { id: "b", text: "B", correct: true, explanation: "B is right because…" },
        { id: "c", text: "C", correct: false, explanation: "C is wrong because…" },
      ],
    },
    {
      id: "two",
      type: "multiple",
      prompt: "Pick a and c",
      choices: [
        { id: "a", text: "A", correct: true, explanation: "A belongs" },
        { id: "b", text: "B", correct: false, explanation: "B does not" },
        { id: "c", text: "C", correct: true, explanation: "C belongs" },
      ],
    },
  ],
});
const [one, two] = quiz.questions as [Quiz["questions"][0], Quiz["questions"][0]];

describe("grading", () => {
  it("single choice: right and wrong, with the chosen and the right explanations only", () => {
    expect(gradeAnswer(one, ["b"])).toMatchObject({ correct: true, correctChoiceIds: ["b"], explanations: [{ choiceId: "b", correct: true }] });
    const wrong = gradeAnswer(one, ["a"]);
    expect(wrong.correct).toBe(false);
    expect(wrong.explanations.map((e) => e.choiceId)).toEqual(["a", "b"]); // never "c": retry to read it
  });

  it("multiple choice needs every right choice and no wrong one", () => {
    expect(gradeAnswer(two, ["c", "a"]).correct).toBe(true);
    expect(gradeAnswer(two, ["a"]).correct).toBe(false);
    expect(gradeAnswer(two, ["a", "b", "c"]).correct).toBe(false);
    expect(gradeAnswer(two, ["a", "a", "c"]).chosen).toEqual(["a", "c"]);
  });

  it("refuses unknown choices, empty answers and two picks on a single-choice question", () => {
    expect(() => gradeAnswer(one, ["z"])).toThrow(UnknownChoiceError);
    expect(() => gradeAnswer(one, [])).toThrow(UnknownChoiceError);
    expect(() => gradeAnswer(one, ["a", "b"])).toThrow(/exactly one/);
  });

  it("the public quiz carries no answer key and no explanation", () => {
    const pub = JSON.stringify(toPublicQuiz(quiz));
    expect(pub).not.toContain("correct");
    expect(pub).not.toContain("because");
    expect(pub).not.toContain("belongs");
  });
});

describe("scoring", () => {
  it("counts first answers only and applies the pass mark (80% by default)", () => {
    expect(scoreAttempt(quiz, new Map([["one", true]]))).toMatchObject({ answered: 1, correct: 1, complete: false, passed: false });
    const s = scoreAttempt(quiz, new Map([["one", true], ["two", false]]));
    expect(s).toMatchObject({ answered: 2, correct: 1, score: 0.5, complete: true, passed: false, review: ["two"] });
    expect(scoreAttempt(quiz, new Map([["one", true], ["two", true]])).passed).toBe(true);
  });
});
