import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/course/breadcrumbs";
import { ChapterDoneMark } from "@/components/progress/chapter-marks";
import { ModuleProgressBar } from "@/components/progress/module-progress-bar";
import { findModule, getCatalog } from "@/lib/content/load";
import { moduleMinutes } from "@/lib/content/stats";

type Params = { course: string; module: string };

export function generateStaticParams(): Params[] {
  return getCatalog().courses.flatMap((c) =>
    c.modules.filter((m) => m.meta.status === "published").map((m) => ({ course: c.slug, module: m.slug })),
  );
}
export const dynamicParams = false;

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const p = await params;
  const found = findModule(p.course, p.module);
  return found ? { title: found.mod.meta.title, description: found.mod.meta.summary } : {};
}

export default async function ModulePage({ params }: { params: Promise<Params> }) {
  const p = await params;
  const found = findModule(p.course, p.module);
  if (!found || found.mod.meta.status !== "published") notFound();
  const { course, mod } = found;
  const first = mod.chapters[0];
  return (
    <main className="page">
      <Breadcrumbs items={[{ href: "/", label: "Courses" }, { href: course.href, label: course.meta.title }]} current={mod.meta.title} />
      <p className="eyebrow">
        Module {course.modules.indexOf(mod) + 1} · about {moduleMinutes(mod)} min
      </p>
      <h1>{mod.meta.title}</h1>
      <p className="lead">{mod.meta.summary}</p>
      <ModuleProgressBar course={course.slug} module={mod.slug} showActions />
      <section className="card objectives" aria-labelledby="objectives-title">
        <h2 id="objectives-title">By the end you will be able to</h2>
        <ul>
          {mod.meta.objectives.map((o) => (
            <li key={o}>{o}</li>
          ))}
        </ul>
      </section>
      {first && (
        <p>
          <Link className="button button--primary" href={first.href}>
            Start with “{first.meta.title}”
          </Link>
        </p>
      )}
      <h2>Chapters</h2>
      <ol className="chapter-list" role="list">
        {mod.chapters.map((ch, i) => (
          <li key={ch.slug} className="chapter-row">
            <span className="chapter-row__num" aria-hidden="true">
              {i + 1}
            </span>
            <span className="chapter-row__body">
              <Link href={ch.href} className="chapter-row__title">
                {ch.meta.title}
                <ChapterDoneMark course={course.slug} module={mod.slug} chapter={ch.slug} />
              </Link>
              <span className="muted small">
                {ch.meta.summary} · {ch.meta.minutes} min
              </span>
            </span>
          </li>
        ))}
      </ol>
    </main>
  );
}
