import type { Metadata } from "next";
import { AutoRefresh } from "@/components/dashboard/auto-refresh";
import { Bar } from "@/components/dashboard/charts";
import { ClassHeader } from "@/components/dashboard/class-header";
import { dashboardViewer, orNotFound } from "@/lib/classes/page-access";
import { loadQuestionAnalytics } from "@/lib/classes/service";

export const metadata: Metadata = { title: "Question analytics" };
export const dynamic = "force-dynamic";

const pct = (v: number | null) => (v === null ? "—" : `${Math.round(v * 100)}%`);

export default async function QuestionsPage({ params }: { params: Promise<{ classId: string }> }) {
  const { classId } = await params;
  const user = await dashboardViewer(`/dashboard/classes/${classId}/questions`);
  const data = await orNotFound(loadQuestionAnalytics(user, classId));
  const now = new Date();
  return (
    <main className="page dash dash--wide">
      <ClassHeader klass={data.klass} courseTitle={data.course.title} current="questions" learners={data.learners} />
      <AutoRefresh at={now.toISOString()} />
      <p className="muted">
        Counted from each learner&apos;s <strong>first answer on their first attempt</strong>: what they knew before the explanations. Questions that
        most of the class missed are flagged.
      </p>
      {data.quizzes.map(({ quiz, questions }) => (
        <section key={quiz.id} aria-labelledby={`quiz-${quiz.id}`} className="dash-section">
          <h2 id={`quiz-${quiz.id}`}>{quiz.title}</h2>
          <ol className="dash-questions">
            {questions.map((q, n) => {
              const maxPicks = Math.max(1, ...q.choices.map((c) => c.picks));
              return (
                <li key={q.id} className={`card dash-question${q.flagged ? " dash-question--flagged" : ""}`} data-question={q.id}>
                  <div className="dash-question__head">
                    <h3>
                      <span className="muted">Q{n + 1}.</span> {q.prompt}
                    </h3>
                    {q.flagged ? <span className="badge dash-badge--bad">Most of the class misses this</span> : null}
                  </div>
                  <p className="dash-question__share">
                    <strong data-testid="share">{pct(q.share)}</strong> right on the first try{" "}
                    <span className="muted small">
                      ({q.rightFirst} of {q.answered} who answered{q.type === "multiple" ? "; several answers" : ""})
                    </span>
                    <Bar value={q.share ?? 0} tone={q.flagged ? "bad" : "ok"} />
                  </p>
                  <table className="dash-table dash-choices">
                    <caption className="visually-hidden">How often each choice was picked</caption>
                    <thead>
                      <tr>
                        <th scope="col">Choice</th>
                        <th scope="col" className="num">
                          Picked
                        </th>
                        <th scope="col" className="dash-choices__bar">
                          <span className="visually-hidden">Share</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {q.choices.map((c) => (
                        <tr key={c.id} data-choice={c.id}>
                          <th scope="row">
                            {c.correct ? <span className="dash-right">✓ right</span> : null} {c.text}
                          </th>
                          <td className="num">{c.picks}</td>
                          <td className="dash-choices__bar">
                            <Bar value={c.picks / maxPicks} tone={c.correct ? "ok" : "main"} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  {q.commonWrong ? (
                    <div className="dash-wrong">
                      <p>
                        <strong>Most common wrong choice</strong> ({q.commonWrong.picks} learner{q.commonWrong.picks === 1 ? "" : "s"}): {q.commonWrong.text}
                      </p>
                      <p className="muted">Its explanation: {q.commonWrong.explanation}</p>
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ol>
        </section>
      ))}
      <section aria-labelledby="lab-title" className="dash-section">
        <h2 id="lab-title">Lab milestones</h2>
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Lab milestones table">
          <table className="dash-table">
            <caption className="visually-hidden">How many learners reached each lab milestone</caption>
            <thead>
              <tr>
                <th scope="col">Milestone</th>
                <th scope="col" className="num">
                  Learners
                </th>
                <th scope="col">Share of the class</th>
              </tr>
            </thead>
            <tbody>
              {data.lab.map((m) => (
                <tr key={m.milestone} data-milestone={m.milestone}>
                  <th scope="row">{m.label}</th>
                  <td className="num">{m.count}</td>
                  <td>
                    <span className="dash-inline-bar">
                      {data.learners ? Math.round((m.count / data.learners) * 100) : 0}% <Bar value={data.learners ? m.count / data.learners : 0} />
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </main>
  );
}
