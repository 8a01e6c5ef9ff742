/**
 * Dashboard charts as plain SVG, server-rendered. Each has a caption that says what it shows
 * and a data table (in a <details>) with the same numbers, for screen readers and for copying.
 */
import type { FunnelStep } from "@/lib/classes/analytics";

const pct = (n: number, d: number) => (d ? Math.round((n / d) * 100) : 0);

export function ChapterFunnel({ steps, learners, id }: { steps: FunnelStep[]; learners: number; id: string }) {
  return (
    <figure className="dash-chart" aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`}>
        <strong>Completion by chapter</strong>
        <span className="muted small"> — of {learners} learner{learners === 1 ? "" : "s"}: opened (light) and completed (dark)</span>
      </figcaption>
      <ol className="dash-funnel">
        {steps.map((s, i) => (
          <li key={i}>
            <span className="dash-funnel__label">
              <span className="dash-funnel__title">
                {i + 1}. {s.title}
              </span>
              <span className="dash-funnel__num">
                {s.completed} completed · {s.visited} opened
              </span>
            </span>
            <svg className="dash-funnel__bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false">
              <rect x="0" y="0" width="100" height="8" className="dash-svg-track" />
              <rect x="0" y="0" width={pct(s.visited, learners)} height="8" className="dash-svg-soft" />
              <rect x="0" y="0" width={pct(s.completed, learners)} height="8" className="dash-svg-main" />
            </svg>
          </li>
        ))}
      </ol>
      <details className="dash-data">
        <summary>Data table</summary>
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Completion by chapter, data">
          <table className="dash-table">
            <thead>
              <tr>
                <th scope="col">Chapter</th>
                <th scope="col">Opened</th>
                <th scope="col">Completed</th>
                <th scope="col">Completed %</th>
              </tr>
            </thead>
            <tbody>
              {steps.map((s, i) => (
                <tr key={i}>
                  <th scope="row">{s.title}</th>
                  <td>{s.visited}</td>
                  <td>{s.completed}</td>
                  <td>{pct(s.completed, learners)}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

export function ScoreHistogram({ buckets, title, passMark, id }: { buckets: number[]; title: string; passMark: number; id: string }) {
  const total = buckets.length - 1;
  const max = Math.max(1, ...buckets);
  const people = buckets.reduce((a, b) => a + b, 0);
  const W = 40;
  const H = 130;
  const width = buckets.length * W;
  const passAt = Math.ceil(passMark * total - 1e-9);
  const summary = people
    ? `${people} learner${people === 1 ? "" : "s"} answered. ` + buckets.map((n, k) => `${k} of ${total} right: ${n}`).join("; ") + "."
    : "Nobody has answered yet.";
  return (
    <figure className="dash-chart" aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`}>
        <strong>Quiz scores: {title}</strong>
        <span className="muted small">
          {" "}
          — learners by right first answers (current attempt); pass mark {passAt} of {total}
        </span>
      </figcaption>
      <svg className="dash-hist" viewBox={`0 0 ${width} ${H + 40}`} role="img" aria-labelledby={`${id}-t ${id}-d`}>
        <title id={`${id}-t`}>Distribution of quiz scores</title>
        <desc id={`${id}-d`}>{summary}</desc>
        {buckets.map((n, k) => {
          const h = Math.round((n / max) * (H - 16));
          return (
            <g key={k}>
              <rect x={k * W + 6} y={H - h} width={W - 12} height={h} className={k >= passAt ? "dash-svg-ok" : "dash-svg-main"} />
              <text x={k * W + W / 2} y={H - h - 4} textAnchor="middle" className="dash-svg-text">
                {n}
              </text>
              <text x={k * W + W / 2} y={H + 18} textAnchor="middle" className="dash-svg-text dash-svg-muted">
                {k}
              </text>
            </g>
          );
        })}
        <line x1="0" x2={width} y1={H} y2={H} className="dash-svg-axis" />
        <text x={width / 2} y={H + 38} textAnchor="middle" className="dash-svg-text dash-svg-muted">
          right answers (of {total})
        </text>
      </svg>
      <details className="dash-data">
        <summary>Data table</summary>
        <div className="table-scroll" tabIndex={0} role="region" aria-label={`Quiz scores, ${title}, data`}>
          <table className="dash-table">
            <thead>
              <tr>
                <th scope="col">Right answers</th>
                <th scope="col">Learners</th>
              </tr>
            </thead>
            <tbody>
              {buckets.map((n, k) => (
                <tr key={k}>
                  <th scope="row">
                    {k} of {total}
                  </th>
                  <td>{n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

/** A horizontal bar (0..1) for tables; the number next to it carries the meaning. */
export function Bar({ value, tone = "main" }: { value: number; tone?: "main" | "ok" | "bad" }) {
  const w = Math.max(0, Math.min(100, Math.round(value * 100)));
  return (
    <svg className="dash-bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <rect x="0" y="0" width="100" height="6" className="dash-svg-track" />
      <rect x="0" y="0" width={w} height="6" className={`dash-svg-${tone}`} />
    </svg>
  );
}
