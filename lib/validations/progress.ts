import { z } from "zod";
import { SlugSchema } from "@/lib/content/schema";

export const ChapterEventSchema = z
  .object({
    course: SlugSchema,
    module: SlugSchema,
    chapter: SlugSchema,
    event: z.enum(["visited", "completed", "uncompleted"]),
  })
  .strict();

export const CourseQuerySchema = z.object({ course: SlugSchema }).strict();
export const ModuleRefSchema = z.object({ course: SlugSchema, module: SlugSchema }).strict();
