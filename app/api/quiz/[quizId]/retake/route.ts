import { requireUser } from "@/lib/auth/current-user";
import { json, methodNotAllowed, route, validationError } from "@/lib/http/api";
import { retakeQuiz } from "@/lib/quiz/service";
import { QuizIdSchema } from "@/lib/validations/quiz";

export const runtime = "nodejs";

export const POST = route(async (_request, ctx) => {
  const quizId = QuizIdSchema.safeParse((await ctx.params).quizId);
  if (!quizId.success) throw validationError(quizId.error, "the quiz id is not valid");
  const user = await requireUser();
  return json(200, await retakeQuiz(user.id, quizId.data));
});
export const GET = methodNotAllowed("POST");
