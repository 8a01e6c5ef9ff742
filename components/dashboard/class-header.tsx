import Link from "next/link";
import { JoinLink } from "./join-link";

export function ClassHeader({
  klass,
  courseTitle,
  current,
  learners,
}: {
  klass: { id: string; name: string; joinCode: string; course: string };
  courseTitle: string;
  current: "overview" | "questions" | "learner";
  learners?: number;
}) {
  const base = `/dashboard/classes/${klass.id}`;
  return (
    <header className="dash-head">
      <nav aria-label="Breadcrumbs" className="dash-crumbs small">
        <Link href="/dashboard">Dashboard</Link> <span aria-hidden="true">/</span> <span>{klass.name}</span>
      </nav>
      <h1>{klass.name}</h1>
      <p className="muted dash-head__meta">
        <span>
          Course: <Link href={`/learn/${klass.course}`}>{courseTitle}</Link>
        </span>
        {learners !== undefined ? (
          <span>
            {learners} learner{learners === 1 ? "" : "s"}
          </span>
        ) : null}
        <span>
          Join code <code className="dash-code" data-testid="join-code">{klass.joinCode}</code>
        </span>
        <span>
          Join link: <JoinLink code={klass.joinCode} />
        </span>
      </p>
      <nav aria-label="Class views" className="dash-tabs">
        <Link href={base} aria-current={current === "overview" ? "page" : undefined}>
          Overview
        </Link>
        <Link href={`${base}/questions`} aria-current={current === "questions" ? "page" : undefined}>
          Question analytics
        </Link>
        <a href={`/api/classes/${klass.id}/export/overview.csv`} download>
          Overview CSV
        </a>
        <a href={`/api/classes/${klass.id}/export/answers.csv`} download>
          Answers CSV
        </a>
      </nav>
    </header>
  );
}

const UNITS: [number, string][] = [
  [86_400_000, "day"],
  [3_600_000, "hour"],
  [60_000, "minute"],
];
/** "3 hours ago", computed on the server at render time. */
export function Ago({ at, now }: { at: Date | null; now: Date }) {
  if (!at) return <span className="muted">never</span>;
  const ms = now.getTime() - at.getTime();
  let text = "just now";
  for (const [size, unit] of UNITS) {
    if (ms >= size) {
      const n = Math.floor(ms / size);
      text = `${n} ${unit}${n === 1 ? "" : "s"} ago`;
      break;
    }
  }
  return (
    <time dateTime={at.toISOString()} title={at.toISOString().replace("T", " ").slice(0, 16) + " UTC"}>
      {text}
    </time>
  );
}
