"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { apiCall, newIdempotencyKey } from "@/lib/client/api";
import type { GradedAnswer, PublicQuiz, QuizScore } from "@/lib/quiz/grade";
import { refreshProgress } from "@/components/progress/use-progress";
import { useSessionState } from "@/components/auth/session-provider";

type Answer = GradedAnswer & { counted: boolean; firstCorrect?: boolean };
interface Props {
  quiz: PublicQuiz;
  /** Question id -> the chapter that teaches it, for "review" links. */
  teaches: Record<string, { href: string; title: string }>;
}

/** Quiz text is plain text with `code` spans (the only Markdown quiz.yaml supports). */
function Inline({ text }: { text: string }) {
  return (
    <>
      {text.split(/(`[^`]+`)/g).map((part, i) =>
        part.startsWith("`") && part.endsWith("`") && part.length > 2 ? <code key={i}>{part.slice(1, -1)}</code> : part,
      )}
    </>
  );
}

export function QuizClient({ quiz, teaches }: Props) {
  const { status } = useSessionState();
  const signedIn = status === "authenticated";
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [firsts, setFirsts] = useState<Record<string, boolean>>({});
  const [score, setScore] = useState<QuizScore | null>(null);
  const [announce, setAnnounce] = useState("");
  const [error, setError] = useState<{ questionId: string; message: string } | null>(null);

  // Restore a signed-in learner's answers (from any device).
  useEffect(() => {
    if (!signedIn) return;
    apiCall<{ signedIn: boolean; answers?: Answer[]; score?: QuizScore }>(`/api/quiz/${quiz.id}`)
      .then((s) => {
        if (!s.answers) return;
        setAnswers(Object.fromEntries(s.answers.map((a) => [a.questionId, a])));
        setFirsts(Object.fromEntries(s.answers.map((a) => [a.questionId, a.firstCorrect ?? a.correct])));
        setScore(s.score ?? null);
      })
      .catch(() => {});
  }, [signedIn, quiz.id]);

  async function submit(questionId: string, choiceIds: string[]) {
    setError(null);
    try {
      const res = await apiCall<Answer & { score?: QuizScore }>(`/api/quiz/${quiz.id}/answer`, {
        body: { questionId, choiceIds, idempotencyKey: newIdempotencyKey() },
      });
      setAnswers((a) => ({ ...a, [questionId]: res }));
      setFirsts((f) => (questionId in f ? f : { ...f, [questionId]: res.correct }));
      if (res.score) setScore(res.score);
      const n = quiz.questions.findIndex((q) => q.id === questionId) + 1;
      setAnnounce(`Question ${n}: ${res.correct ? "correct" : "not quite"}. ${res.explanations.find((e) => res.chosen.includes(e.choiceId))?.text ?? ""}`);
      if (signedIn) refreshProgress();
    } catch (e) {
      setError({ questionId, message: (e as Error).message });
    }
  }

  async function retake() {
    if (signedIn) {
      try {
        await apiCall(`/api/quiz/${quiz.id}/retake`, { body: {} });
      } catch (e) {
        setAnnounce((e as Error).message);
        return;
      }
      refreshProgress();
    }
    setAnswers({});
    setFirsts({});
    setScore(null);
    setAnnounce("New attempt started. Your first answer to each question counts.");
  }

  const answeredCount = Object.keys(firsts).length;
  const localScore: QuizScore = score ?? {
    answered: answeredCount,
    correct: Object.values(firsts).filter(Boolean).length,
    total: quiz.questions.length,
    score: Object.values(firsts).filter(Boolean).length / quiz.questions.length,
    passed: answeredCount === quiz.questions.length && Object.values(firsts).filter(Boolean).length / quiz.questions.length >= quiz.passMark,
    complete: answeredCount === quiz.questions.length,
    review: quiz.questions.filter((q) => firsts[q.id] !== true).map((q) => q.id),
  };

  return (
    <section className="quiz" aria-labelledby={`${quiz.id}-title`} id="quiz">
      <header className="quiz__header">
        <h2 id={`${quiz.id}-title`} className="quiz__title">
          {quiz.title}
        </h2>
        <p className="small muted">
          {quiz.questions.length} questions · your first answer to each counts · pass mark {Math.round(quiz.passMark * 100)}%
        </p>
        {status === "unauthenticated" && (
          <p className="callout callout--note small">
            You are answering as a guest: every answer is explained, but nothing is saved.{" "}
            <Link href={`/signin?callbackUrl=${encodeURIComponent(typeof window === "undefined" ? "/" : window.location.pathname + "#quiz")}`}>
              Sign in
            </Link>{" "}
            to keep your score.
          </p>
        )}
      </header>
      <p className="visually-hidden" aria-live="polite">
        {announce}
      </p>
      <ol className="quiz__questions" role="list">
        {quiz.questions.map((q, i) => (
          <Question
            key={q.id}
            n={i + 1}
            question={q}
            answer={answers[q.id]}
            firstCorrect={firsts[q.id]}
            error={error?.questionId === q.id ? error.message : null}
            onAnswer={(ids) => submit(q.id, ids)}
          />
        ))}
      </ol>
      <Results quiz={quiz} score={localScore} teaches={teaches} onRetake={retake} />
    </section>
  );
}

function Question({
  n,
  question,
  answer,
  firstCorrect,
  error,
  onAnswer,
}: {
  n: number;
  question: PublicQuiz["questions"][number];
  answer?: Answer;
  firstCorrect?: boolean;
  error: string | null;
  onAnswer: (ids: string[]) => Promise<void>;
}) {
  const [picked, setPicked] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const feedback = useRef<HTMLDivElement>(null);
  const legendId = `q-${question.id}`;
  const send = async (ids: string[]) => {
    setBusy(true);
    await onAnswer(ids);
    setBusy(false);
  };
  const explanation = (id: string) => answer?.explanations.find((e) => e.choiceId === id);

  return (
    <li className="quiz-q card" data-question={question.id}>
      <fieldset aria-describedby={answer ? `${legendId}-feedback` : undefined}>
        <legend id={legendId}>
          <span className="quiz-q__num">Question {n}</span>
          <span className="quiz-q__prompt">
            <Inline text={question.prompt} />
          </span>
          {question.type === "multiple" && <span className="quiz-q__hint">Choose all that apply, then check.</span>}
        </legend>
        <ul className="quiz-q__choices" role="list">
          {question.choices.map((c) => {
            const ex = explanation(c.id);
            const chosen = answer?.chosen.includes(c.id);
            const right = answer?.correctChoiceIds.includes(c.id);
            const state = answer ? (right ? "right" : chosen ? "wrong" : "") : "";
            return (
              <li key={c.id} className={`choice${state ? ` choice--${state}` : ""}${chosen ? " choice--chosen" : ""}`}>
                {question.type === "single" ? (
                  <button type="button" className="choice__button" aria-pressed={!!chosen} disabled={busy} onClick={() => send([c.id])}>
                    <span className="choice__text">
                      <Inline text={c.text} />
                    </span>
                  </button>
                ) : (
                  <label className="choice__button choice__button--check">
                    <input
                      type="checkbox"
                      checked={picked.includes(c.id)}
                      disabled={busy}
                      onChange={(e) => setPicked((p) => (e.target.checked ? [...p, c.id] : p.filter((x) => x !== c.id)))}
                    />
                    <span className="choice__text">
                      <Inline text={c.text} />
                    </span>
                  </label>
                )}
                {answer && (right || chosen) && (
                  <p className="choice__verdict">
                    <strong>{right ? (chosen ? "✓ Your choice — right." : "✓ A right answer.") : "✗ Your choice — not right."}</strong>{" "}
                    {ex && <Inline text={ex.text} />}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
        {question.type === "multiple" && (
          <button type="button" className="button button--primary" disabled={busy || picked.length === 0} onClick={() => send([...picked].sort())}>
            {answer ? "Check again" : "Check answer"}
          </button>
        )}
      </fieldset>
      <div ref={feedback} id={`${legendId}-feedback`} className="quiz-q__feedback">
        {error && (
          <p className="form__error" role="alert">
            {error}{" "}
            <button type="button" className="button" onClick={() => send(question.type === "multiple" ? picked : answer?.chosen ?? [])}>
              Retry
            </button>
          </p>
        )}
        {answer && (
          <p className={`verdict verdict--${answer.correct ? "ok" : "bad"}`}>
            <strong>{answer.correct ? "Correct." : "Not quite."}</strong>{" "}
            {firstCorrect === undefined || answer.counted
              ? "This answer counts for your score."
              : `Your first answer (${firstCorrect ? "correct" : "not correct"}) is the one that counts; try the others to read their explanations.`}
          </p>
        )}
      </div>
    </li>
  );
}

function Results({ quiz, score, teaches, onRetake }: { quiz: PublicQuiz; score: QuizScore; teaches: Props["teaches"]; onRetake: () => void }) {
  if (score.answered === 0) return null;
  const pct = Math.round(score.score * 100);
  const toReview = quiz.questions.filter((q) => score.review.includes(q.id));
  return (
    <section className="card quiz-results" aria-labelledby={`${quiz.id}-results`}>
      <h3 id={`${quiz.id}-results`}>{score.complete ? "Your result" : "So far"}</h3>
      <p className="quiz-results__score">
        <strong>
          {score.correct} of {score.total}
        </strong>{" "}
        right on the first try ({pct}%).{" "}
        {score.complete
          ? score.passed
            ? `Passed: the pass mark is ${Math.round(quiz.passMark * 100)}%.`
            : `Not passed yet: the pass mark is ${Math.round(quiz.passMark * 100)}%.`
          : `${score.total - score.answered} question${score.total - score.answered === 1 ? "" : "s"} left.`}
      </p>
      {score.complete && toReview.length > 0 && (
        <>
          <p>Worth reviewing:</p>
          <ul>
            {toReview.map((q) => {
              const t = teaches[q.id];
              return (
                <li key={q.id}>
                  {q.prompt.length > 90 ? `${q.prompt.slice(0, 90)}…` : q.prompt} {t && <Link href={t.href}>Review “{t.title}”</Link>}
                </li>
              );
            })}
          </ul>
        </>
      )}
      {score.complete && (
        <button type="button" className="button" onClick={onRetake}>
          Retake the quiz
        </button>
      )}
    </section>
  );
}
