"use client";

import { useCourseProgress } from "./use-progress";

/** "Continue where you left off" on the course page, for a signed-in learner with progress. */
export function ContinueCourse({ course }: { course: string }) {
  const { data } = useCourseProgress(course);
  if (!data?.signedIn) return null;
  const mod = data.modules.find((m) => m.resume);
  if (!mod?.resume) return null;
  return (
    <p className="card continue">
      <span className="eyebrow">Continue where you left off</span>
      <a className="button button--primary" href={mod.resume.href}>
        {mod.resume.title}
      </a>
    </p>
  );
}
