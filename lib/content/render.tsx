import "server-only";
import { run } from "@mdx-js/mdx";
import type { MDXComponents } from "mdx/types";
import type { ComponentType } from "react";
import * as runtime from "react/jsx-runtime";
import { compileChapter, type CompiledChapter } from "./compile";
import type { ChapterRef } from "./load";
import { ContentError } from "./problems";

const compiled = new Map<string, Promise<CompiledChapter>>();

/**
 * Compiles a chapter once per content version (shared, read-only: safe to cache in any
 * instance). A chapter with problems throws, which fails `next build` with file:line.
 */
export async function getCompiledChapter(ref: ChapterRef): Promise<CompiledChapter> {
  const key = `${ref.file}\0${ref.body}`;
  let p = compiled.get(key);
  if (!p) {
    p = compileChapter(ref.file, ref.body);
    compiled.set(key, p);
  }
  const result = await p;
  if (result.problems.length) {
    compiled.delete(key);
    throw new ContentError(result.problems);
  }
  return result;
}

export async function loadChapterComponent(ref: ChapterRef) {
  const chapter = await getCompiledChapter(ref);
  const mod = await run(chapter.code, { ...runtime, baseUrl: import.meta.url });
  return { Content: mod.default as ComponentType<{ components?: MDXComponents }>, headings: chapter.headings };
}
