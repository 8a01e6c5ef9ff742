import { existsSync } from "node:fs";
import path from "node:path";
import { compileChapter, type CompiledChapter } from "./compile";
import { scanContent, type Catalog } from "./load";
import { relativeFile, type ContentProblem } from "./problems";

export interface CheckResult {
  catalog: Catalog;
  problems: ContentProblem[];
  chapters: number;
}

/** `compiled` holds every chapter file, including those left out of the catalog for broken front matter. */
type Extra = (ctx: { catalog: Catalog; compiled: Map<string, CompiledChapter> }) => Promise<ContentProblem[]> | ContentProblem[];
const extraChecks = new Map<string, Extra>();
/**
 * Lets other rooms (the lab scenarios, quizzes) add checks without this file importing them.
 * Keyed by name, so that a module evaluated twice (dev reloads) does not run a check twice.
 */
export function registerContentCheck(name: string, check: Extra) {
  extraChecks.set(name, check);
}

/** Checks a whole content folder and lists every problem (not only the first). */
export async function checkContent(root: string): Promise<CheckResult> {
  const catalog = scanContent(root, { drafts: true });
  const problems = [...catalog.problems];
  const compiled = new Map<string, CompiledChapter>();
  let chapters = 0;
  for (const course of catalog.courses)
    for (const mod of course.modules)
      for (const ch of mod.chapters) {
        chapters++;
        const c = await compileChapter(ch.file, ch.body);
        compiled.set(ch.file, c);
        problems.push(...c.problems);
      }
  // A chapter with broken front matter is not in the catalog, but its text is still checked.
  for (const ch of catalog.unlisted ?? []) {
    const c = await compileChapter(ch.file, ch.body);
    compiled.set(ch.file, c);
    problems.push(...c.problems);
  }
  // Production leaves drafts out: a published module whose chapters are all drafts has none there.
  for (const course of catalog.courses)
    for (const mod of course.modules)
      if (mod.meta.status === "published" && mod.chapters.length > 0 && mod.chapters.every((ch) => ch.meta.draft))
        problems.push({
          file: relativeFile(path.join(mod.dir, "module.yaml")),
          line: 1,
          column: 1,
          message: "a published module has no chapters outside drafts, so production would show it empty",
          hint: "publish a chapter (remove draft: true), or set status: upcoming",
        });
  problems.push(...checkLinks(catalog, compiled));
  for (const check of extraChecks.values()) problems.push(...(await check({ catalog, compiled })));
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { catalog, problems, chapters };
}

/**
 * Internal links must point at a page that exists, and `#anchors` at a heading on it. A published
 * chapter must not link to a draft: drafts are left out of production, so the link would be a 404.
 */
function checkLinks(catalog: Catalog, compiled: Map<string, CompiledChapter>): ContentProblem[] {
  const anchors = new Map<string, Set<string>>();
  anchors.set("/", new Set());
  for (const course of catalog.courses) {
    anchors.set(course.href, new Set());
    for (const mod of course.modules) {
      if (mod.meta.status === "published") anchors.set(mod.href, new Set());
      for (const ch of mod.chapters) anchors.set(ch.href, new Set(compiled.get(ch.file)?.headings.map((h) => h.id)));
    }
  }
  const drafts = new Set(catalog.courses.flatMap((c) => c.modules.flatMap((m) => m.chapters.filter((ch) => ch.meta.draft).map((ch) => ch.href))));
  const problems: ContentProblem[] = [];
  for (const course of catalog.courses)
    for (const mod of course.modules)
      for (const ch of mod.chapters) {
        const c = compiled.get(ch.file);
        for (const link of c?.links ?? []) {
          const at = { file: relativeFile(ch.file), line: link.line, column: link.column };
          if (/^[a-z][a-z0-9+.-]*:/i.test(link.url) || link.url.startsWith("//")) continue; // external
          const [rawPath = "", hash] = link.url.split("#");
          const target = rawPath === "" ? ch.href : rawPath.replace(/\/$/, "") || "/";
          if (!target.startsWith("/")) {
            const file = path.resolve(path.dirname(ch.file), target);
            if (!existsSync(file))
              problems.push({ ...at, message: `link "${link.url}" points at a file that does not exist`, hint: "use an absolute page path such as /learn/<course>/<module>/<chapter>" });
            continue;
          }
          const ids = anchors.get(target);
          if (!ids) {
            problems.push({ ...at, message: `link "${link.url}" points at a page that does not exist`, hint: `check the slug; pages are ${[...anchors.keys()].slice(0, 4).join(", ")}…` });
            continue;
          }
          if (drafts.has(target) && !ch.meta.draft) {
            problems.push({ ...at, message: `link "${link.url}" points at a draft chapter, which production leaves out`, hint: "publish that chapter (remove draft: true), or link to a published page" });
            continue;
          }
          if (hash && !ids.has(hash))
            problems.push({ ...at, message: `link "${link.url}": no heading with the anchor #${hash} on ${target}`, hint: ids.size ? `anchors there: ${[...ids].map((i) => `#${i}`).join(", ")}` : "that page has no section anchors" });
        }
      }
  return problems;
}
