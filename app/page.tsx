import Link from "next/link";
import { getCatalog } from "@/lib/content/load";
import { moduleMinutes } from "@/lib/content/stats";
import { site } from "@/config/site";

export default function HomePage() {
  const { courses } = getCatalog();
  return (
    <main className="page page--wide">
      <section className="hero">
        <h1>Learn how real systems behave, by making them fail.</h1>
        <p className="lead">{site.description}</p>
      </section>
      <h2 className="section-title">Courses</h2>
      <ul className="course-list" role="list">
        {courses.map((course) => (
          <li key={course.slug} className="card course-card">
            <h3 className="course-card__title">
              <Link href={course.href}>{course.meta.title}</Link>
            </h3>
            <p>{course.meta.summary}</p>
            <ol className="module-list" role="list">
              {course.modules.map((mod, i) => (
                <li key={mod.slug} className="module-row">
                  <span className="module-row__num" aria-hidden="true">
                    {String(i + 1).padStart(2, "0")}
                  </span>
                  <span className="module-row__body">
                    {mod.meta.status === "upcoming" ? (
                      <span className="module-row__title">
                        {mod.meta.title} <span className="badge">Coming soon</span>
                      </span>
                    ) : (
                      <Link className="module-row__title" href={mod.href}>
                        {mod.meta.title}
                      </Link>
                    )}
                    <span className="muted small">
                      {mod.meta.status === "upcoming"
                        ? mod.meta.summary
                        : `${mod.chapters.length} chapters · about ${moduleMinutes(mod)} min`}
                    </span>
                  </span>
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ul>
    </main>
  );
}
