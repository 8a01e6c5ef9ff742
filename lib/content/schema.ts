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
  .superRefine((q, ctx) => {
    const right = q.choices.filter((c) => c.correct).length;
    if (q.type === "single" && right !== 1)
      ctx.addIssue({ code: "custom", path: ["choices"], message: `a single-choice question needs exactly one correct choice (found ${right})` });
    if (q.type === "multiple" && right < 1)
      ctx.addIssue({ code: "custom", path: ["choices"], message: "a multiple-choice question needs at least one correct choice" });
    const seen = new Set<string>();
    q.choices.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: "custom", path: ["choices", i, "id"], message: `choice id "${c.id}" is used twice` });
      seen.add(c.id);
    });
  });

export const QuizSchema = z
  .object({
    id: SlugSchema,
    title: z.string().trim().min(1),
    passMark: z.number().min(0).max(1).default(0.8),
    questions: z.array(QuestionSchema).min(1),
  })
  .strict()
  .superRefine((quiz, ctx) => {
    const seen = new Set<string>();
    quiz.questions.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: "custom", path: ["questions", i, "id"], message: `question id "${q.id}" is used twice` });
      seen.add(q.id);
    });
  });
export type Quiz = z.infer<typeof QuizSchema>;
export type QuizQuestion = Quiz["questions"][number];
