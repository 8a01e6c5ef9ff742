import { z } from "zod";

/** Slugs come from folder and file names: lower-case words joined by hyphens. */
export const SlugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "use lower-case letters, digits and single hyphens");

export const CourseMetaSchema = z
  .object({
    title: z.string().trim().min(1, "a course needs a title"),
    summary: z.string().trim().min(1, "a course needs a one-sentence summary"),
    order: z.number().int().min(0),
  })
  .strict();
export type CourseMeta = z.infer<typeof CourseMetaSchema>;

export const ModuleMetaSchema = z
  .object({
    title: z.string().trim().min(1, "a module needs a title"),
    summary: z.string().trim().min(1, "a module needs a summary"),
    order: z.number().int().min(0),
    status: z.enum(["published", "upcoming"]).default("published"),
    objectives: z.array(z.string().trim().min(1)).min(1, "list at least one learning objective"),
  })
  .strict();
export type ModuleMeta = z.infer<typeof ModuleMetaSchema>;

export const ChapterFrontMatterSchema = z
  .object({
    title: z.string().trim().min(1, "a chapter needs a title"),
    summary: z.string().trim().min(1, "a chapter needs a one-sentence summary"),
    order: z.number().int().min(0, "order is a whole number, 0 or more"),
    minutes: z.number().int().min(1, "minutes is the estimated reading time in whole minutes").max(240),
    objectives: z.array(z.string().trim().min(1)).min(1, "list at least one learning objective"),
    draft: z.boolean().optional().default(false),
  })
  .strict();
export type ChapterFrontMatter = z.infer<typeof ChapterFrontMatterSchema>;

const ChoiceSchema = z
  .object({
    id: SlugSchema,
    text: z.string().trim().min(1, "a choice needs text"),
    correct: z.boolean(),
    explanation: z.string().trim().min(1, "every choice needs an explanation"),
  })
  .strict();

const QuestionSchema = z
  .object({
    id: SlugSchema,
    type: z.enum(["single", "multiple"]),
    prompt: z.string().trim().min(1, "a question needs a prompt"),
    teaches: SlugSchema.optional(),
    choices: z.array(ChoiceSchema).min(2, "a question needs at least two choices"),
  })
  .strict()
  // Runs even when another field of the question is wrong, so that every problem is listed at once.
  .superRefine((question, ctx) => {
    const q = (question ?? {}) as Partial<typeof question>;
    if (!Array.isArray(q.choices) || typeof q.type !== "string") return;
    const choices = q.choices as Partial<(typeof question.choices)[number]>[];
    const right = choices.flatMap((c, i) => (c?.correct === true ? [i] : []));
    if (right.length === 0 && !choices.some((c) => typeof c?.correct !== "boolean"))
      ctx.addIssue({
        code: "custom",
        path: ["type"],
        message: `question "${q.id}" is ${q.type === "single" ? "single" : "multiple"}-choice but no choice is marked correct: true`,
        params: { hint: q.type === "single" ? "mark exactly one choice correct: true" : "mark at least one choice correct: true" },
      });
    if (q.type === "single")
      for (const i of right.slice(1))
        ctx.addIssue({
          code: "custom",
          path: ["choices", i, "correct"],
          message: `question "${q.id}" is single-choice but choice "${choices[i]?.id}" is a second correct choice (after "${choices[right[0]!]?.id}")`,
          params: { hint: "mark exactly one choice correct: true, or make it type: multiple" },
        });
    const seen = new Set<string>();
    choices.forEach((c, i) => {
      if (typeof c?.id !== "string") return;
      if (seen.has(c.id))
        ctx.addIssue({
          code: "custom",
          path: ["choices", i, "id"],
          message: `question "${q.id}": choice id "${c.id}" is used twice`,
          params: { hint: "give each choice of a question its own id (a, b, c, …)" },
        });
      seen.add(c.id);
    });
  }, { when: () => true });

export const QuizSchema = z
  .object({
    id: SlugSchema,
    title: z.string().trim().min(1, "a quiz needs a title"),
    passMark: z.number().min(0).max(1).default(0.8),
    questions: z.array(QuestionSchema).min(1, "a quiz needs at least one question"),
  })
  .strict()
  .superRefine((quiz, ctx) => {
    if (!Array.isArray(quiz?.questions)) return;
    const seen = new Set<string>();
    quiz.questions.forEach((q, i) => {
      if (typeof q?.id !== "string") return;
      if (seen.has(q.id))
        ctx.addIssue({
          code: "custom",
          path: ["questions", i, "id"],
          message: `question id "${q.id}" is used twice in quiz "${quiz.id}"`,
          params: { hint: "give every question its own id; keep ids stable once published (learners' answers are stored under them)" },
        });
      seen.add(q.id);
    });
  }, { when: () => true });
export type Quiz = z.infer<typeof QuizSchema>;
export type QuizQuestion = Quiz["questions"][number];
