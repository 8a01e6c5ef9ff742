"use client";

import { useCourseProgress } from "./use-progress";

/** A ✓ next to completed chapters in the sidebar (with a text equivalent for screen readers). */
export function ChapterDoneMark({ course, module, chapter }: { course: string; module: string; chapter: string }) {
  const { data } = useCourseProgress(course);
  if (!data?.signedIn) return null;
  const done = data.modules.find((m) => m.module === module)?.chapters.find((c) => c.slug === chapter)?.completed;
  if (!done) return null;
  return (
    <span className="done-mark">
      <span aria-hidden="true">✓</span>
      <span className="visually-hidden"> (completed)</span>
    </span>
  );
}
