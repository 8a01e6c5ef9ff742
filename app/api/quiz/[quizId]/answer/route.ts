import { getCurrentUser } from "@/lib/auth/current-user";
import { json, methodNotAllowed, readJsonBody, route, validationError } from "@/lib/http/api";
import { answerQuestion } from "@/lib/quiz/service";
import { QuizAnswerSchema, QuizIdSchema } from "@/lib/validations/quiz";

export const runtime = "nodejs";

/** Grades an answer on the server and explains it. Signed-in answers are saved (idempotently); guests' are not. */
export const POST = route(async (request, ctx) => {
  const quizId = QuizIdSchema.safeParse((await ctx.params).quizId);
  if (!quizId.success) throw validationError(quizId.error, "the quiz id is not valid");
  const body = await readJsonBody(request, QuizAnswerSchema, '{"questionId": "...", "choiceIds": ["a"], "idempotencyKey": "random-id-123"}');
  const user = await getCurrentUser();
  return json(200, await answerQuestion({ userId: user?.id ?? null, quizId: quizId.data, ...body }));
});
export const GET = methodNotAllowed("POST");
