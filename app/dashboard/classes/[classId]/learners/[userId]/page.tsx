import type { Metadata } from "next";
import Link from "next/link";
import { Bar } from "@/components/dashboard/charts";
import { ClassHeader } from "@/components/dashboard/class-header";
import { LAB_MILESTONES, MILESTONE_LABEL } from "@/lib/classes/analytics";
import { dashboardViewer, orNotFound } from "@/lib/classes/page-access";
import { loadLearnerDetail } from "@/lib/classes/service";

export const metadata: Metadata = { title: "Learner" };
export const dynamic = "force-dynamic";

const fmt = (d: Date) => d.toISOString().replace("T", " ").slice(0, 16) + " UTC";
const label = (m: string) => (MILESTONE_LABEL as Record<string, string>)[m] ?? m;

export default async function LearnerPage({ params }: { params: Promise<{ classId: string; userId: string }> }) {
  const { classId, userId } = await params;
  const user = await dashboardViewer(`/dashboard/classes/${classId}/learners/${userId}`);
  const d = await orNotFound(loadLearnerDetail(user, classId, userId));
  const { row, averages } = d;
  const compare = [
    { what: "Chapters completed", mine: row.percent / 100, avg: averages.percent / 100, text: (v: number) => `${Math.round(v * 100)}%` },
    {
      what: "Quiz score",
      mine: row.quizScore,
      avg: averages.quizScore,
      text: (v: number) => `${Math.round(v * 100)}%`,
    },
    {
      what: "Lab milestones",
      mine: row.milestones.length / LAB_MILESTONES.length,
      avg: averages.milestones / LAB_MILESTONES.length,
      text: (v: number) => `${(v * LAB_MILESTONES.length).toFixed(1).replace(/\.0$/, "")} of ${LAB_MILESTONES.length}`,
    },
  ];
  return (
    <main className="page dash dash--wide">
      <ClassHeader klass={d.klass} courseTitle={d.course.title} current="learner" />
      <section aria-labelledby="learner-title" className="dash-section">
        <h2 id="learner-title">{d.learner.name}</h2>
        <p className="muted">
          {d.learner.email} · joined {fmt(d.learner.joinedAt)}
        </p>
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Comparison table">
          <table className="dash-table dash-compare">
            <caption>Compared with the class average ({averages.learners} learners)</caption>
            <thead>
              <tr>
                <th scope="col">Measure</th>
                <th scope="col">This learner</th>
                <th scope="col">Class average</th>
              </tr>
            </thead>
            <tbody>
              {compare.map((c) => (
                <tr key={c.what}>
                  <th scope="row">{c.what}</th>
                  <td>
                    <span className="dash-inline-bar">
                      {c.mine === null ? "not started" : c.text(c.mine)} <Bar value={c.mine ?? 0} tone="ok" />
                    </span>
                  </td>
                  <td>
                    <span className="dash-inline-bar">
                      {c.avg === null ? "—" : c.text(c.avg)} <Bar value={c.avg ?? 0} />
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="runs-title" className="dash-section">
        <h2 id="runs-title">Lab runs</h2>
        {d.runs.length === 0 ? (
          <p className="muted">No lab milestone yet.</p>
        ) : (
          <ul className="dash-runs">
            {d.runs.map((r, i) => (
              <li key={i} className="card">
                <p>
                  Run {i + 1}, {fmt(r.at)}: reached {r.milestones.map(label).join("; ")}.
                </p>
                {r.href ? (
                  <Link className="button" href={r.href}>
                    Replay run {i + 1} in the lab
                  </Link>
                ) : (
                  <p className="small muted">This run used actions the lab page cannot replay.</p>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="timeline-title" className="dash-section">
        <h2 id="timeline-title">Timeline</h2>
        <ol className="dash-timeline" data-testid="timeline">
          {d.timeline.map((e, i) => (
            <li key={i} className={`dash-timeline__item dash-timeline__item--${e.kind}`}>
              <time dateTime={e.at.toISOString()}>{fmt(e.at)}</time>
              <div>
                {e.kind === "joined" ? <>Joined the class</> : null}
                {e.kind === "visited" ? (
                  <>
                    Opened <Link href={e.href}>{e.chapter}</Link>
                  </>
                ) : null}
                {e.kind === "completed" ? (
                  <>
                    Completed <Link href={e.href}>{e.chapter}</Link>
                  </>
                ) : null}
                {e.kind === "milestone" ? (
                  <>
                    Lab milestone: {e.label}
                    {e.replayHref ? (
                      <>
                        {" "}
                        (<Link href={e.replayHref}>replay</Link>)
                      </>
                    ) : null}
                  </>
                ) : null}
                {e.kind === "answer" ? (
                  <>
                    <span className={e.correct ? "dash-right" : "dash-wrong-mark"}>{e.correct ? "Right" : "Wrong"}</span>{" "}
                    {e.first ? "" : <span className="muted small">(retry, not counted) </span>}
                    <span className="small muted">
                      {e.quiz}, attempt {e.attempt}:
                    </span>{" "}
                    {e.prompt}
                    <br />
                    <span className="small">Answered: {e.choices.join("; ")}</span>
                  </>
                ) : null}
              </div>
            </li>
          ))}
        </ol>
      </section>
    </main>
  );
}
