import "server-only";
import { findChapter, findCourse, findModule, type ModuleEntry } from "@/lib/content/load";
import { db } from "@/lib/db";
import { upsertWithRetry } from "@/lib/db-race";
import { HttpError } from "@/lib/http/api";
import { quizState, retakeQuiz } from "@/lib/quiz/service";

export function chapterOr404(course: string, module: string, chapter: string) {
  const found = findChapter(course, module, chapter);
  if (!found) throw new HttpError(404, `There is no chapter ${course}/${module}/${chapter}.`, [{ path: "chapter", message: "unknown chapter" }]);
  return found;
}

/** Visiting is recorded once (the first time); completing can be set and unset. Both are upserts: retries are harmless. */
export async function recordChapter(userId: string, ref: { course: string; module: string; chapter: string }, event: "visited" | "completed" | "uncompleted") {
  chapterOr404(ref.course, ref.module, ref.chapter);
  const key = { userId_course_module_chapter: { userId, ...ref } };
  const completedAt = event === "completed" ? new Date() : event === "uncompleted" ? null : undefined;
  const upsert = () =>
    db.chapterProgress.upsert({
      where: key,
      create: { userId, ...ref, completedAt: completedAt ?? null },
      // Keep the first completion time when "completed" is sent twice.
      update: event === "visited" ? { updatedAt: new Date() } : event === "completed" ? {} : { completedAt: null },
    });
  // The end-of-chapter "visited" and a "completed" click may race to insert: the loser updates.
  const row = await upsertWithRetry(upsert);
  if (event === "completed" && !row.completedAt) return db.chapterProgress.update({ where: key, data: { completedAt: new Date() } });
  return row;
}

export interface ModuleProgress {
  course: string;
  module: string;
  chapters: { slug: string; href: string; title: string; visited: boolean; completed: boolean }[];
  completed: number;
  total: number;
  percent: number;
  resume: { href: string; title: string } | null;
  quiz: { id: string; attempt: number; score: number; answered: number; total: number; passed: boolean } | null;
}

export async function moduleProgress(userId: string, courseSlug: string, mod: ModuleEntry): Promise<ModuleProgress> {
  const rows = await db.chapterProgress.findMany({ where: { userId, course: courseSlug, module: mod.slug } });
  const bySlug = new Map(rows.map((r) => [r.chapter, r]));
  const chapters = mod.chapters.map((c) => ({
    slug: c.slug,
    href: c.href,
    title: c.meta.title,
    visited: bySlug.has(c.slug),
    completed: !!bySlug.get(c.slug)?.completedAt,
  }));
  const completed = chapters.filter((c) => c.completed).length;
  // Resume at the most recent chapter the learner touched, or the first one not completed.
  const latest = [...rows].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())[0];
  const target = latest ? chapters.find((c) => c.slug === latest.chapter && !c.completed) ?? chapters.find((c) => !c.completed) : undefined;
  let quiz: ModuleProgress["quiz"] = null;
  if (mod.quiz) {
    const s = await quizState(userId, mod.quiz.quiz.id);
    quiz = { id: mod.quiz.quiz.id, attempt: s.attempt, score: s.score.score, answered: s.score.answered, total: s.score.total, passed: s.score.passed };
  }
  return {
    course: courseSlug,
    module: mod.slug,
    chapters,
    completed,
    total: chapters.length,
    percent: chapters.length ? Math.round((completed / chapters.length) * 100) : 0,
    resume: rows.length && target ? { href: target.href, title: target.title } : null,
    quiz,
  };
}

export async function courseProgress(userId: string, courseSlug: string) {
  const course = findCourse(courseSlug);
  if (!course) throw new HttpError(404, `There is no course "${courseSlug}".`, [{ path: "course", message: "unknown course" }]);
  const modules = course.modules.filter((m) => m.meta.status === "published");
  return { course: courseSlug, modules: await Promise.all(modules.map((m) => moduleProgress(userId, courseSlug, m))) };
}

/** Clears a module's chapter progress and starts a fresh quiz attempt (earlier attempts stay on record). */
export async function resetModule(userId: string, courseSlug: string, moduleSlug: string) {
  const found = findModule(courseSlug, moduleSlug);
  if (!found) throw new HttpError(404, `There is no module ${courseSlug}/${moduleSlug}.`, [{ path: "module", message: "unknown module" }]);
  await db.chapterProgress.deleteMany({ where: { userId, course: courseSlug, module: moduleSlug } });
  if (found.mod.quiz) await retakeQuiz(userId, found.mod.quiz.quiz.id);
  return moduleProgress(userId, courseSlug, found.mod);
}
