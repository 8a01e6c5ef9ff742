import Link from "next/link";
import { ChapterDoneMark } from "@/components/progress/chapter-marks";
import { ModuleProgressBar } from "@/components/progress/module-progress-bar";
import type { ModuleEntry } from "@/lib/content/load";

export function ChapterNav({ course, mod, currentSlug }: { course: string; mod: ModuleEntry; currentSlug: string }) {
  return (
    <nav aria-label="Chapters in this module" className="chapter-nav">
      <p className="chapter-nav__title">
        <Link href={mod.href}>{mod.meta.title}</Link>
      </p>
      <ModuleProgressBar course={course} module={mod.slug} />
      <ol role="list">
        {mod.chapters.map((ch, i) => (
          <li key={ch.slug}>
            <Link href={ch.href} aria-current={ch.slug === currentSlug ? "page" : undefined}>
              <span className="chapter-nav__num" aria-hidden="true">
                {i + 1}
              </span>
              <span className="chapter-nav__label">{ch.meta.title}</span>
              <ChapterDoneMark course={course} module={mod.slug} chapter={ch.slug} />
            </Link>
          </li>
        ))}
      </ol>
    </nav>
  );
}
