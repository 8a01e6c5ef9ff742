import { scanContent } from "@/lib/content/load";

/** Every page of the site, read from content/ the same way the app reads it (drafts excluded, as in production). */
export function sitePages() {
  const { courses } = scanContent(undefined, { drafts: false });
  const pages: { name: string; url: string; title: string }[] = [{ name: "home", url: "/", title: "Learn how real systems behave" }];
  const chapters: { url: string; title: string; file: string; course: string; module: string }[] = [];
  for (const c of courses) {
    pages.push({ name: `course-${c.slug}`, url: c.href, title: c.meta.title });
    for (const m of c.modules) {
      if (m.meta.status !== "published") continue;
      pages.push({ name: `module-${m.slug}`, url: m.href, title: m.meta.title });
      for (const ch of m.chapters) {
        pages.push({ name: `chapter-${m.slug}-${ch.slug}`, url: ch.href, title: ch.meta.title });
        chapters.push({ url: ch.href, title: ch.meta.title, file: ch.file, course: c.slug, module: m.slug });
      }
    }
  }
  return { courses, pages, chapters };
}
