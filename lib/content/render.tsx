import "server-only";
import { statSync } from "node:fs";
import { run } from "@mdx-js/mdx";
import type { MDXComponents } from "mdx/types";
import type { ComponentType } from "react";
import * as runtime from "react/jsx-runtime";
import { compileChapter, type CompiledChapter } from "./compile";
import type { ChapterRef } from "./load";
import { ContentError } from "./problems";

/** One entry per chapter file: the body it was compiled from and the state of the images it embeds. */
const compiled = new Map<string, { body: string; assets?: string; result: Promise<CompiledChapter> }>();

const assetStamp = (files: string[]) =>
  files.map((f) => {
    const s = statSync(f, { throwIfNoEntry: false });
    return `${f}:${s?.size}:${s?.mtimeMs}`;
  }).join("|");

/**
 * Compiles a chapter once per content version (shared, read-only: safe to cache in any
 * instance). A chapter with problems throws, which fails `next build` with file:line.
 * In development an edited chapter, or an edited image it embeds, is compiled again.
 */
export async function getCompiledChapter(ref: ChapterRef): Promise<CompiledChapter> {
  let entry = compiled.get(ref.file);
  if (entry && entry.body === ref.body && process.env.NODE_ENV !== "production" && entry.assets !== undefined) {
    const { assets } = await entry.result;
    if (assetStamp(assets) !== entry.assets) entry = undefined;
  }
  if (!entry || entry.body !== ref.body) {
    const result = compileChapter(ref.file, ref.body);
    const fresh: { body: string; assets?: string; result: Promise<CompiledChapter> } = { body: ref.body, result };
    void result.then((r) => (fresh.assets = assetStamp(r.assets)));
    entry = fresh;
    compiled.set(ref.file, entry);
  }
  const result = await entry.result;
  if (result.problems.length) {
    compiled.delete(ref.file);
    throw new ContentError(result.problems);
  }
  return result;
}

export async function loadChapterComponent(ref: ChapterRef) {
  const chapter = await getCompiledChapter(ref);
  const mod = await run(chapter.code, { ...runtime, baseUrl: import.meta.url });
  return { Content: mod.default as ComponentType<{ components?: MDXComponents }>, headings: chapter.headings };
}

const snippets = new Map<string, Promise<ComponentType<{ components?: MDXComponents }>>>();

/**
 * Compiles a snippet of chapter MDX (the components gallery's examples) through the same pipeline
 * and checks as a chapter. `name` only labels problems (`<gallery>/Callout.mdx:1:1`).
 */
export function loadMdxSnippet(source: string, name: string): Promise<ComponentType<{ components?: MDXComponents }>> {
  let p = snippets.get(source);
  if (!p) {
    p = (async () => {
      const c = await compileChapter(`<gallery>/${name}.mdx`, source);
      if (c.problems.length) throw new ContentError(c.problems);
      const mod = await run(c.code, { ...runtime, baseUrl: import.meta.url });
      return mod.default as ComponentType<{ components?: MDXComponents }>;
    })();
    p.catch(() => snippets.delete(source));
    snippets.set(source, p);
  }
  return p;
}
