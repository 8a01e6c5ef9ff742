import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { AutoRefresh } from "@/components/dashboard/auto-refresh";
import { ChapterFunnel, ScoreHistogram } from "@/components/dashboard/charts";
import { Ago, ClassHeader } from "@/components/dashboard/class-header";
import { RemoveLearnerButton } from "@/components/dashboard/remove-learner";
import { FILTERS, LAB_MILESTONES, MILESTONE_LABEL, SORTS, type OverviewFilter, type OverviewSort } from "@/lib/classes/analytics";
import { dashboardViewer, orNotFound } from "@/lib/classes/page-access";
import { loadOverview, type OverviewQuery } from "@/lib/classes/service";

export const metadata: Metadata = { title: "Class overview" };
export const dynamic = "force-dynamic";

const QuerySchema = z.object({
  filter: z.enum(Object.keys(FILTERS) as [OverviewFilter, ...OverviewFilter[]]).catch("all"),
  sort: z.enum(Object.keys(SORTS) as [OverviewSort, ...OverviewSort[]]).catch("name"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
  q: z.string().max(100).catch(""),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

type Search = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function ClassOverviewPage({ params, searchParams }: { params: Promise<{ classId: string }>; searchParams: Promise<Search> }) {
  const { classId } = await params;
  const raw = await searchParams;
  const user = await dashboardViewer(`/dashboard/classes/${classId}`);
  const query: OverviewQuery = QuerySchema.parse({
    filter: first(raw.filter),
    sort: first(raw.sort),
    dir: first(raw.dir),
    q: first(raw.q) ?? "",
    page: first(raw.page),
  });
  const now = new Date();
  const data = await orNotFound(loadOverview(user, classId, query, undefined, now));
  const { klass, course, result, averages } = data;
  const base = `/dashboard/classes/${klass.id}`;
  const href = (over: Partial<OverviewQuery>) => {
    const p = new URLSearchParams();
    const merged = { ...query, ...over };
    if (merged.filter !== "all") p.set("filter", merged.filter);
    if (merged.sort !== "name") p.set("sort", merged.sort);
    if (merged.dir !== "asc") p.set("dir", merged.dir);
    if (merged.q) p.set("q", merged.q);
    if (merged.page > 1) p.set("page", String(merged.page));
    const s = p.toString();
    return s ? `${base}?${s}` : base;
  };
  const sortLink = (key: OverviewSort, label: string) => {
    const active = query.sort === key;
    const nextDir = active && query.dir === "asc" ? "desc" : active ? "asc" : key === "name" ? "asc" : "desc";
    return (
      <Link href={href({ sort: key, dir: nextDir, page: 1 })} className="dash-sort">
        {label}
        {active ? <span aria-hidden="true">{query.dir === "asc" ? " ▲" : " ▼"}</span> : null}
      </Link>
    );
  };
  const ariaSort = (key: OverviewSort) => (query.sort === key ? (query.dir === "asc" ? "ascending" : "descending") : undefined);
  const quizzes = course.quizzes;

  return (
    <main className="page dash dash--wide">
      <ClassHeader klass={klass} courseTitle={course.title} current="overview" learners={data.learners} />
      <AutoRefresh at={now.toISOString()} />

      <section aria-labelledby="summary-title" className="dash-section">
        <h2 id="summary-title" className="visually-hidden">
          Summary
        </h2>
        <dl className="dash-stats">
          <div>
            <dt>Learners</dt>
            <dd>{data.learners}</dd>
          </div>
          <div>
            <dt>Average completion</dt>
            <dd>{Math.round(averages.percent)}%</dd>
          </div>
          <div>
            <dt>Average quiz score</dt>
            <dd>{averages.quizScore === null ? "—" : `${Math.round(averages.quizScore * 100)}%`}</dd>
          </div>
          <div>
            <dt>Lab milestones (avg)</dt>
            <dd>
              {averages.milestones.toFixed(1)} / {LAB_MILESTONES.length}
            </dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="learners-title" className="dash-section">
        <h2 id="learners-title">Learners</h2>
        <form method="get" action={base} className="dash-filters">
          <div className="field">
            <label htmlFor="f-filter">Show</label>
            <select id="f-filter" name="filter" defaultValue={query.filter} className="dash-select">
              {Object.entries(FILTERS).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-q">Name or email</label>
            <input id="f-q" name="q" type="search" defaultValue={query.q} maxLength={100} />
          </div>
          <div className="field">
            <label htmlFor="f-sort">Sort by</label>
            <select id="f-sort" name="sort" defaultValue={query.sort} className="dash-select">
              {Object.entries(SORTS).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-dir">Order</label>
            <select id="f-dir" name="dir" defaultValue={query.dir} className="dash-select">
              <option value="asc">Ascending</option>
              <option value="desc">Descending</option>
            </select>
          </div>
          <div className="dash-filters__go">
            <button type="submit" className="button">
              Apply
            </button>
          </div>
        </form>
        <p className="small muted" role="status">
          {result.total === data.learners ? `${result.total} learners` : `${result.total} of ${data.learners} learners match`}
          {result.pages > 1 ? ` · page ${result.page} of ${result.pages}` : ""}
        </p>
        {result.total === 0 ? (
          <p className="card">
            {data.learners === 0 ? (
              <>
                Nobody has joined yet. Share the join code <code className="dash-code">{klass.joinCode}</code> or the link{" "}
                <code>/join?code={klass.joinCode}</code>.
              </>
            ) : (
              "No learner matches this filter."
            )}
          </p>
        ) : (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Learners table">
            <table className="dash-table dash-overview" data-testid="overview-table">
              <caption className="visually-hidden">Learners by chapter, lab milestone and quiz score</caption>
              <thead>
                <tr>
                  <th scope="col" aria-sort={ariaSort("name")}>
                    {sortLink("name", "Learner")}
                  </th>
                  <th scope="col" aria-sort={ariaSort("progress")}>
                    {sortLink("progress", "Chapters")}
                  </th>
                  <th scope="col" aria-sort={ariaSort("milestones")}>
                    {sortLink("milestones", "Lab")}
                  </th>
                  {quizzes.map((q, i) => (
                    <th scope="col" key={q.quiz.id} aria-sort={i === 0 ? ariaSort("quiz") : undefined}>
                      {i === 0 ? sortLink("quiz", quizzes.length > 1 ? `Quiz: ${q.quiz.title}` : "Quiz") : `Quiz: ${q.quiz.title}`}
                    </th>
                  ))}
                  <th scope="col" aria-sort={ariaSort("activity")}>
                    {sortLink("activity", "Last activity")}
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Manage</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((r) => {
                  const visited = r.chapters.filter((c) => c === "visited").length;
                  return (
                    <tr key={r.userId} data-learner={r.email}>
                      <th scope="row">
                        <Link href={`${base}/learners/${r.userId}`}>{r.name}</Link>
                        <span className="dash-email small muted">{r.email}</span>
                      </th>
                      <td>
                        <span className="dash-pct" data-testid="completion">
                          {r.percent}%
                        </span>
                        <span className="dash-marks" aria-hidden="true">
                          {r.chapters.map((c, i) => (
                            <span key={i} className={`dash-mark dash-mark--${c}`} title={`${course.chapters[i]?.title}: ${c === "none" ? "not opened" : c}`} />
                          ))}
                        </span>
                        <span className="visually-hidden">
                          {r.completed} of {r.chapters.length} chapters completed, {visited} more opened
                        </span>
                      </td>
                      <td>
                        <span className="dash-marks" aria-hidden="true">
                          {LAB_MILESTONES.map((m) => (
                            <span
                              key={m}
                              className={`dash-dot${r.milestones.includes(m) ? " dash-dot--on" : ""}`}
                              title={`${MILESTONE_LABEL[m as keyof typeof MILESTONE_LABEL]}${r.milestones.includes(m) ? "" : " (not yet)"}`}
                            />
                          ))}
                        </span>{" "}
                        <span className="small">
                          {r.milestones.length}/{LAB_MILESTONES.length}
                          <span className="visually-hidden"> lab milestones</span>
                        </span>
                      </td>
                      {r.quizzes.map((q, i) => (
                        <td key={q.quizId} data-testid={i === 0 ? "quiz" : undefined}>
                          {q.answered === 0 ? (
                            <span className="muted">not started</span>
                          ) : (
                            <>
                              {Math.round(q.score * 100)}%{" "}
                              <span className="small muted">
                                ({q.correct}/{q.total}
                                {q.answered < q.total ? `, ${q.answered} answered` : ""})
                              </span>
                              {q.passed ? <span className="badge dash-badge--ok">passed</span> : q.belowPass ? <span className="badge dash-badge--bad">below pass</span> : null}
                            </>
                          )}
                        </td>
                      ))}
                      <td>
                        <Ago at={r.lastActivity} now={now} />
                      </td>
                      <td>
                        <RemoveLearnerButton classId={klass.id} userId={r.userId} name={r.name} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {result.pages > 1 ? (
          <nav aria-label="Pages" className="dash-pager">
            {result.page > 1 ? <Link href={href({ page: result.page - 1 })}>← Previous</Link> : <span />}
            <span className="small muted">
              Page {result.page} of {result.pages}
            </span>
            {result.page < result.pages ? <Link href={href({ page: result.page + 1 })}>Next →</Link> : <span />}
          </nav>
        ) : null}
      </section>

      <section aria-labelledby="charts-title" className="dash-section">
        <h2 id="charts-title">At a glance</h2>
        <div className="dash-charts">
          <ChapterFunnel steps={data.funnel} learners={data.learners} id="funnel" />
          {data.distributions.map((d, i) => (
            <ScoreHistogram key={d.quiz.id} buckets={d.buckets} title={d.quiz.title} passMark={d.quiz.passMark} id={`hist-${i}`} />
          ))}
        </div>
      </section>
    </main>
  );
}
