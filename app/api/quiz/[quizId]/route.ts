import { getCurrentUser } from "@/lib/auth/current-user";
import { findQuiz } from "@/lib/content/load";
import { HttpError, json, route, validationError } from "@/lib/http/api";
import { quizState } from "@/lib/quiz/service";
import { QuizIdSchema } from "@/lib/validations/quiz";

export const runtime = "nodejs";

/** The signed-in learner's answers so far (only questions they have answered are explained). */
export const GET = route(async (_request, ctx) => {
  const parsed = QuizIdSchema.safeParse((await ctx.params).quizId);
  if (!parsed.success) throw validationError(parsed.error, "the quiz id is not valid");
  // Unknown quizzes are 404 for everyone, guests included (not a `{ signedIn: false }` that looks like a quiz).
  if (!findQuiz(parsed.data)) throw new HttpError(404, `There is no quiz "${parsed.data}".`, [{ path: "quizId", message: "unknown quiz" }]);
  const user = await getCurrentUser();
  if (!user) return json(200, { signedIn: false });
  return json(200, { signedIn: true, ...(await quizState(user.id, parsed.data)) });
});
