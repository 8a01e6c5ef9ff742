import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/course/breadcrumbs";
import { ChapterNav } from "@/components/course/chapter-nav";
import { ReadingProgress } from "@/components/course/reading-progress";
import { ChapterProgress } from "@/components/progress/chapter-progress";
import { TableOfContents } from "@/components/course/table-of-contents";
import { mdxComponentsFor } from "@/components/mdx/mdx-components";
import { findChapter, getCatalog } from "@/lib/content/load";
import { loadChapterComponent } from "@/lib/content/render";

type Params = { course: string; module: string; chapter: string };

export function generateStaticParams(): Params[] {
  return getCatalog().courses.flatMap((c) =>
    c.modules.flatMap((m) => m.chapters.map((ch) => ({ course: c.slug, module: m.slug, chapter: ch.slug }))),
  );
}
// Only the chapters that exist: an unknown slug is answered with the prerendered 404 page, never
// rendered on demand (an on-demand 404 would be cached with the nonce of its first request, and
// every later visitor's browser would refuse its scripts). `next dev` calls generateStaticParams
// on every request, so a chapter added while writing still shows at once (tests/e2e/authoring.spec.ts).
export const dynamicParams = false;

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const p = await params;
  const found = findChapter(p.course, p.module, p.chapter);
  return found ? { title: found.chapter.meta.title, description: found.chapter.meta.summary } : {};
}

export default async function ChapterPage({ params }: { params: Promise<Params> }) {
  const p = await params;
  const found = findChapter(p.course, p.module, p.chapter);
  if (!found) notFound();
  const { course, mod, chapter, prev, next, index } = found;
  const { Content, headings } = await loadChapterComponent(chapter);

  return (
    <div className="chapter-layout">
      <ReadingProgress />
      <div className="chapter-layout__nav">
        <ChapterNav course={course.slug} mod={mod} currentSlug={chapter.slug} />
      </div>
      <main className="chapter-layout__main">
        <article className="chapter" aria-labelledby="chapter-title">
          <Breadcrumbs
            items={[
              { href: "/", label: "Courses" },
              { href: course.href, label: course.meta.title },
              { href: mod.href, label: mod.meta.title },
            ]}
            current={chapter.meta.title}
          />
          <header className="chapter__header">
            <p className="eyebrow">
              Chapter {index + 1} of {mod.chapters.length} · {chapter.meta.minutes} min read
              {chapter.meta.draft && <span className="badge badge--warn">Draft</span>}
            </p>
            <h1 id="chapter-title">{chapter.meta.title}</h1>
            <p className="lead">{chapter.meta.summary}</p>
            <details className="objectives-inline">
              <summary>What you will learn</summary>
              <ul>
                {chapter.meta.objectives.map((o) => (
                  <li key={o}>{o}</li>
                ))}
              </ul>
            </details>
          </header>
          {headings.length > 0 && (
            <div className="toc-mobile">
              <TableOfContents headings={headings} variant="mobile" />
            </div>
          )}
          <div className="prose">
            <Content components={mdxComponentsFor({ course, mod, chapter })} />
          </div>
          <ChapterProgress course={course.slug} module={mod.slug} chapter={chapter.slug} />
          <nav className="pager" aria-label="Chapters">
            {prev ? (
              <Link className="pager__link pager__link--prev" href={prev.href} rel="prev">
                <span className="pager__dir">Previous</span>
                <span className="pager__title">{prev.meta.title}</span>
              </Link>
            ) : (
              <Link className="pager__link pager__link--prev" href={mod.href}>
                <span className="pager__dir">Back to</span>
                <span className="pager__title">Module overview</span>
              </Link>
            )}
            {next ? (
              <Link className="pager__link pager__link--next" href={next.href} rel="next">
                <span className="pager__dir">Next</span>
                <span className="pager__title">{next.meta.title}</span>
              </Link>
            ) : (
              <Link className="pager__link pager__link--next" href={course.href}>
                <span className="pager__dir">Finished the module</span>
                <span className="pager__title">Back to the course</span>
              </Link>
            )}
          </nav>
        </article>
      </main>
      {headings.length > 0 && (
        <div className="chapter-layout__toc">
          <TableOfContents headings={headings} variant="desktop" />
        </div>
      )}
    </div>
  );
}
