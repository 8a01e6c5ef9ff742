import Link from "next/link";
import type { ModuleEntry } from "@/lib/content/load";

export function ChapterNav({ mod, currentSlug }: { mod: ModuleEntry; currentSlug: string }) {
  return (
    <nav aria-label="Chapters in this module" className="chapter-nav">
      <p className="chapter-nav__title">
        <Link href={mod.href}>{mod.meta.title}</Link>
      </p>
      <ol role="list">
        {mod.chapters.map((ch, i) => (
          <li key={ch.slug}>
            <Link href={ch.href} aria-current={ch.slug === currentSlug ? "page" : undefined}>
              <span className="chapter-nav__num" aria-hidden="true">
                {i + 1}
              </span>
              {ch.meta.title}
            </Link>
          </li>
        ))}
      </ol>
    </nav>
  );
}
