import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { findCourse, getCatalog } from "@/lib/content/load";
import { moduleMinutes } from "@/lib/content/stats";
import { Breadcrumbs } from "@/components/course/breadcrumbs";
import { ContinueCourse } from "@/components/progress/continue-course";

type Params = { course: string };

export function generateStaticParams(): Params[] {
  return getCatalog().courses.map((c) => ({ course: c.slug }));
}
export const dynamicParams = false;

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const course = findCourse((await params).course);
  return course ? { title: course.meta.title, description: course.meta.summary } : {};
}

export default async function CoursePage({ params }: { params: Promise<Params> }) {
  const course = findCourse((await params).course);
  if (!course) notFound();
  return (
    <main className="page">
      <Breadcrumbs items={[{ href: "/", label: "Courses" }]} current={course.meta.title} />
      <h1>{course.meta.title}</h1>
      <p className="lead">{course.meta.summary}</p>
      <ContinueCourse course={course.slug} />
      <ol className="module-cards" role="list">
        {course.modules.map((mod, i) => (
          <li key={mod.slug} className={`card module-card${mod.meta.status === "upcoming" ? " module-card--upcoming" : ""}`}>
            <p className="eyebrow">Module {i + 1}</p>
            <h2 className="module-card__title">
              {mod.meta.status === "upcoming" ? mod.meta.title : <Link href={mod.href}>{mod.meta.title}</Link>}
              {mod.meta.status === "upcoming" && <span className="badge">Coming soon</span>}
            </h2>
            <p>{mod.meta.summary}</p>
            {mod.meta.status === "published" && (
              <p className="muted small">
                {mod.chapters.length} chapters · about {moduleMinutes(mod)} min
              </p>
            )}
          </li>
        ))}
      </ol>
    </main>
  );
}
