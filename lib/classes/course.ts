import { getCatalog } from "@/lib/content/load";
import type { CourseShape } from "./analytics";

/** The course as the dashboard counts it: published modules, their chapters and quizzes. */
export function courseShape(slug: string): CourseShape | null {
  const course = getCatalog().courses.find((c) => c.slug === slug);
  if (!course) return null;
  const modules = course.modules.filter((m) => m.meta.status === "published");
  const chapters = modules.flatMap((m) => m.chapters.map((c) => ({ module: m.slug, slug: c.slug, title: c.meta.title, href: c.href, body: c.body })));
  return {
    slug: course.slug,
    title: course.meta.title,
    chapters: chapters.map(({ body: _body, ...c }) => c),
    quizzes: modules.flatMap((m) => (m.quiz ? [{ module: m.slug, quiz: m.quiz.quiz }] : [])),
    labHref: chapters.find((c) => /<SessionLab\b/.test(c.body))?.href ?? null,
  };
}

