import { findQuiz } from "@/lib/content/load";
import { toPublicQuiz } from "@/lib/quiz/grade";
import { QuizClientLazy } from "./quiz-client-lazy";

/**
 * Server side of the quiz: only prompts and choice texts go to the browser. The answer key and
 * the explanations stay on the server until the learner answers (POST /api/quiz/<id>/answer).
 */
export function QuizIsland({ id }: { id: string }) {
  const found = findQuiz(id);
  if (!found) throw new Error(`Unknown quiz "${id}"`);
  const chapters = new Map(found.mod.chapters.map((c) => [c.slug, c]));
  const teaches = Object.fromEntries(
    found.quiz.questions.flatMap((q) => {
      const ch = q.teaches ? chapters.get(q.teaches) : undefined;
      return ch ? [[q.id, { href: ch.href, title: ch.meta.title }]] : [];
    }),
  );
  return <QuizClientLazy quiz={toPublicQuiz(found.quiz)} teaches={teaches} />;
}
