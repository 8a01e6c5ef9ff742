import { z } from "zod";
import { SlugSchema } from "@/lib/content/schema";

export const QuizIdSchema = SlugSchema;

export const QuizAnswerSchema = z
  .object({
    questionId: SlugSchema,
    choiceIds: z.array(SlugSchema).min(1, "pick at least one choice").max(20),
    /** A fresh random id per answer (the browser makes one per click); a retry sends the same one. */
    idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "send 8-64 letters, digits, _ or -"),
  })
  .strict();
