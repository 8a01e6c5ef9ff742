import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { ContentError, relativeFile, type ContentProblem } from "./problems";
import {
  ChapterFrontMatterSchema,
  CourseMetaSchema,
  ModuleMetaSchema,
  QuizSchema,
  type ChapterFrontMatter,
  type CourseMeta,
  type ModuleMeta,
  type Quiz,
} from "./schema";
import { locateInFile, parseYamlWith, type YamlPath } from "./yaml-source";

export interface ChapterRef {
  slug: string;
  file: string;
  href: string;
  meta: ChapterFrontMatter;
  /** The MDX body with the front matter blanked out, so positions keep their line numbers. */
  body: string;
}
export interface ModuleEntry {
  slug: string;
  dir: string;
  href: string;
  meta: ModuleMeta;
  chapters: ChapterRef[];
  quiz?: { file: string; quiz: Quiz };
}
export interface CourseEntry {
  slug: string;
  dir: string;
  href: string;
  meta: CourseMeta;
  modules: ModuleEntry[];
}
export interface Catalog {
  courses: CourseEntry[];
  problems: ContentProblem[];
  /** Chapters left out because their front matter is broken; the checker still checks their body. */
  unlisted?: { file: string; body: string }[];
}

const PREFIX = /^\d+-/;
export const slugOf = (name: string) => name.replace(/\.mdx$/, "").replace(PREFIX, "");
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A folder or file name must give a URL slug: `01-the-logout-bug.mdx` -> `the-logout-bug`. */
function checkName(file: string, kind: "course folder" | "module folder" | "chapter file", problems: ContentProblem[]): boolean {
  const name = path.basename(file);
  const slug = slugOf(name);
  if (SLUG.test(slug)) return true;
  const suggestion = slug.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "my-page";
  const example = kind === "chapter file" ? `${/^\d+-/.exec(name)?.[0] ?? "03-"}${suggestion}.mdx` : kind === "module folder" ? `${/^\d+-/.exec(name)?.[0] ?? "02-"}${suggestion}` : suggestion;
  problems.push(problemAt(file, `${kind} name "${name}" does not make a valid URL slug ("${slug}")`, `rename it to lower-case words joined by hyphens, e.g. ${example}`));
  return false;
}

export function contentRoot(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), process.env.CONTENT_DIR ?? "content");
}

/** Drafts show in development (authors' preview) and never in production builds. */
export function showDrafts(): boolean {
  return process.env.NODE_ENV !== "production" || process.env.LECTERN_SHOW_DRAFTS === "1";
}

function problemAt(file: string, message: string, hint?: string, line = 1, column = 1): ContentProblem {
  return { file: relativeFile(file), line, column, message, hint };
}

/** Where a key sits in a chapter's front matter (one line below the opening `---`) or in a YAML file. */
function keyPosition(file: string, keyPath: YamlPath) {
  if (file.endsWith(".mdx")) {
    const split = splitFrontMatter(readFileSync(file, "utf8"));
    return split ? locateInFile(split.yaml, keyPath, 1) : { line: 1, column: 1 };
  }
  return locateInFile(readFileSync(file, "utf8"), keyPath);
}

/** Splits `---` front matter from an MDX file. */
export function splitFrontMatter(source: string): { yaml: string; body: string } | null {
  const m = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(source);
  if (!m) return null;
  const yaml = m[1] ?? "";
  const blank = "\n".repeat(m[0].split("\n").length - 1);
  return { yaml, body: blank + source.slice(m[0].length) };
}

function readYaml<T>(schema: Parameters<typeof parseYamlWith>[0], file: string, problems: ContentProblem[]): T | undefined {
  const { data, problems: found } = parseYamlWith(schema, readFileSync(file, "utf8"), file);
  problems.push(...found);
  return data as T | undefined;
}

function loadChapter(file: string, href: string, problems: ContentProblem[], unlisted: { file: string; body: string }[]): ChapterRef | undefined {
  const source = readFileSync(file, "utf8");
  const split = splitFrontMatter(source);
  if (!split) {
    problems.push(
      problemAt(file, "missing front matter", "start the file with a --- block holding title, summary, order, minutes and objectives"),
    );
    unlisted.push({ file, body: source });
    return undefined;
  }
  const { data, problems: found } = parseYamlWith(ChapterFrontMatterSchema, split.yaml, file, 1);
  problems.push(...found);
  if (!data) {
    unlisted.push({ file, body: split.body });
    return undefined;
  }
  return { slug: slugOf(path.basename(file)), file, href, meta: data, body: split.body };
}

function checkUnique<T>(
  items: T[],
  key: (t: T) => string | number,
  what: string,
  fileOf: (t: T) => string,
  problems: ContentProblem[],
  opts: { keyPath?: YamlPath; hint: string },
) {
  const seen = new Map<string | number, T>();
  for (const item of items) {
    const k = key(item);
    const prior = seen.get(k);
    if (prior) {
      const at = opts.keyPath ? keyPosition(fileOf(item), opts.keyPath) : { line: 1, column: 1 };
      problems.push(problemAt(fileOf(item), `${what} ${JSON.stringify(k)} is also used by ${relativeFile(fileOf(prior))}`, opts.hint, at.line, at.column));
    } else seen.set(k, item);
  }
}

function listDirs(dir: string) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith(".") && !d.name.startsWith("_"))
    .map((d) => d.name)
    .sort();
}

/** Reads and validates the whole content tree. Never throws for content problems: it lists them. */
export function scanContent(root = contentRoot(), opts: { drafts?: boolean } = {}): Catalog {
  const drafts = opts.drafts ?? showDrafts();
  const problems: ContentProblem[] = [];
  const courses: CourseEntry[] = [];
  const unlisted: { file: string; body: string }[] = [];
  if (!existsSync(root)) return { courses, problems: [problemAt(root, "content folder not found", "create it or set CONTENT_DIR")] };

  for (const courseDir of listDirs(root)) {
    const dir = path.join(root, courseDir);
    if (!checkName(dir, "course folder", problems)) continue;
    const metaFile = path.join(dir, "course.yaml");
    if (!existsSync(metaFile)) {
      problems.push(problemAt(dir, "a course folder needs a course.yaml", "add course.yaml with title, summary and order"));
      continue;
    }
    const meta = readYaml<CourseMeta>(CourseMetaSchema, metaFile, problems);
    if (!meta) continue;
    const course: CourseEntry = { slug: slugOf(courseDir), dir, href: `/learn/${slugOf(courseDir)}`, meta, modules: [] };

    for (const moduleDir of listDirs(dir)) {
      const mdir = path.join(dir, moduleDir);
      if (!checkName(mdir, "module folder", problems)) continue;
      const mfile = path.join(mdir, "module.yaml");
      if (!existsSync(mfile)) {
        problems.push(problemAt(mdir, "a module folder needs a module.yaml", "add module.yaml with title, summary, order, status and objectives"));
        continue;
      }
      const mmeta = readYaml<ModuleMeta>(ModuleMetaSchema, mfile, problems);
      if (!mmeta) continue;
      const mod: ModuleEntry = { slug: slugOf(moduleDir), dir: mdir, href: `${course.href}/${slugOf(moduleDir)}`, meta: mmeta, chapters: [] };
      for (const name of readdirSync(mdir).sort()) {
        const file = path.join(mdir, name);
        // A numbered Markdown file was surely meant as a chapter (a README.md is left alone).
        if (/^\d+-.*\.(md|markdown|mdown)$/i.test(name))
          problems.push(problemAt(file, `"${name}" is not read: chapters are .mdx files`, `rename it to ${name.replace(/\.[a-z]+$/i, ".mdx")}`));
        if (!name.endsWith(".mdx") || !checkName(file, "chapter file", problems)) continue;
        const ch = loadChapter(file, `${mod.href}/${slugOf(name)}`, problems, unlisted);
        if (ch && (drafts || !ch.meta.draft)) mod.chapters.push(ch);
      }
      checkUnique(mod.chapters, (c) => c.slug, "chapter slug", (c) => c.file, problems, {
        hint: "two file names give the same URL: rename one of them (the part after the number is the slug)",
      });
      checkUnique(mod.chapters, (c) => c.meta.order, "chapter order", (c) => c.file, problems, {
        keyPath: ["order"],
        hint: "give each chapter of a module a different order (1, 2, 3, …)",
      });
      mod.chapters.sort((a, b) => a.meta.order - b.meta.order);
      if (mmeta.status === "upcoming" && mod.chapters.length > 0)
        problems.push(problemAt(mfile, "an upcoming module must not have chapters", 'set status: published, or move the chapters out'));
      if (mmeta.status === "published" && mod.chapters.length === 0 && drafts === false)
        problems.push(problemAt(mfile, "a published module has no chapters", "add a chapter, or set status: upcoming"));
      const qfile = path.join(mdir, "quiz.yaml");
      if (existsSync(qfile)) {
        const quiz = readYaml<Quiz>(QuizSchema, qfile, problems);
        if (quiz) mod.quiz = { file: qfile, quiz };
      }
      course.modules.push(mod);
    }
    checkUnique(course.modules, (m) => m.slug, "module slug", (m) => m.dir, problems, {
      hint: "two folder names give the same URL: rename one of them (the part after the number is the slug)",
    });
    checkUnique(course.modules, (m) => m.meta.order, "module order", (m) => path.join(m.dir, "module.yaml"), problems, {
      keyPath: ["order"],
      hint: "give each module of a course a different order (1, 2, 3, …)",
    });
    course.modules.sort((a, b) => a.meta.order - b.meta.order);
    courses.push(course);
  }
  checkUnique(courses, (c) => c.slug, "course slug", (c) => c.dir, problems, { hint: "rename one of the course folders" });
  checkUnique(courses, (c) => c.meta.order, "course order", (c) => path.join(c.dir, "course.yaml"), problems, {
    keyPath: ["order"],
    hint: "give each course a different order (1, 2, 3, …)",
  });
  courses.sort((a, b) => a.meta.order - b.meta.order);
  return { courses, problems, unlisted };
}

let cached: { key: string; catalog: Catalog } | undefined;

/** A fingerprint of the content tree (names, sizes, mtimes): cheap, and lets dev pick up edits. */
export function contentFingerprint(root = contentRoot()): string {
  const parts: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        // An editor's atomic save can remove a file between the listing and the stat.
        const s = statSync(p, { throwIfNoEntry: false });
        if (s) parts.push(`${p}:${s.size}:${s.mtimeMs}`);
      }
    }
  };
  if (existsSync(root)) walk(root);
  return parts.join("|");
}

/**
 * The validated catalog, for the app. Throws a ContentError listing every problem, which fails
 * `next build` with file:line messages. Cached (shared, read-only data); dev re-checks the tree.
 */
export function getCatalog(): Catalog {
  const root = contentRoot();
  const key = process.env.NODE_ENV === "production" && cached ? cached.key : contentFingerprint(root);
  if (cached && cached.key === key) return cached.catalog;
  const catalog = scanContent(root);
  if (catalog.problems.length) throw new ContentError(catalog.problems);
  cached = { key, catalog };
  return catalog;
}

export function findCourse(courseSlug: string) {
  return getCatalog().courses.find((c) => c.slug === courseSlug);
}
export function findModule(courseSlug: string, moduleSlug: string) {
  const course = findCourse(courseSlug);
  const mod = course?.modules.find((m) => m.slug === moduleSlug);
  return course && mod ? { course, mod } : undefined;
}
export function findChapter(courseSlug: string, moduleSlug: string, chapterSlug: string) {
  const found = findModule(courseSlug, moduleSlug);
  if (!found) return undefined;
  const index = found.mod.chapters.findIndex((c) => c.slug === chapterSlug);
  const chapter = found.mod.chapters[index];
  if (!chapter) return undefined;
  return {
    ...found,
    chapter,
    prev: found.mod.chapters[index - 1],
    next: found.mod.chapters[index + 1],
    index,
  };
}
export function findQuiz(quizId: string) {
  for (const course of getCatalog().courses)
    for (const mod of course.modules) if (mod.quiz?.quiz.id === quizId) return { course, mod, quiz: mod.quiz.quiz };
  return undefined;
}
