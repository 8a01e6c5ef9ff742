import Link from "next/link";
import type { CourseEntry, ModuleEntry } from "@/lib/content/load";

/** The next module in the course: a link when it is published, a "coming soon" card when not. */
export function UpNext({ course, mod }: { course: CourseEntry; mod: ModuleEntry }) {
  const next = course.modules[course.modules.indexOf(mod) + 1];
  if (!next)
    return (
      <p className="card up-next">
        This is the last module of {course.meta.title} for now. <Link href={course.href}>Back to the course</Link>.
      </p>
    );
  const upcoming = next.meta.status === "upcoming";
  return (
    <section className={`card up-next${upcoming ? " up-next--upcoming" : ""}`} aria-labelledby="up-next-title">
      <p className="eyebrow">Next module{upcoming && <span className="badge">Coming soon</span>}</p>
      <h3 id="up-next-title" className="up-next__title">
        {upcoming ? next.meta.title : <Link href={next.href}>{next.meta.title}</Link>}
      </h3>
      <p>{next.meta.summary}</p>
      {upcoming && <p className="muted small">This module is being written. It will appear in the course when it is ready.</p>}
    </section>
  );
}
