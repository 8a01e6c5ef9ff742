import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { compile } from "@mdx-js/mdx";
import rehypeShiki from "@shikijs/rehype";
import GithubSlugger from "github-slugger";
import type { Root as MdastRoot } from "mdast";
import { toString } from "mdast-util-to-string";
import rehypeAutolinkHeadings from "rehype-autolink-headings";
import rehypeSlug from "rehype-slug";
import remarkGfm from "remark-gfm";
import { visit } from "unist-util-visit";
import { VFile } from "vfile";
import { relativeFile, type ContentProblem } from "./problems";
import { ComponentRegistry } from "./registry";

export interface Heading {
  depth: 2 | 3;
  text: string;
  id: string;
}
export interface JsxUse {
  name: string;
  props: Record<string, unknown>;
  line: number;
  column: number;
}
export interface CompiledChapter {
  /** Compiled MDX as a function body, for @mdx-js/mdx's `run`. */
  code: string;
  headings: Heading[];
  jsx: JsxUse[];
  links: { url: string; line: number; column: number }[];
  /** Images the chapter embeds (absolute paths), so a cache can tell when one changes. */
  assets: string[];
  problems: ContentProblem[];
}

/** Image types a chapter may embed, with the type the browser is told. */
export const IMAGE_TYPES: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".svg": "image/svg+xml",
};
/** Images are embedded in the page (see docs/authoring.md, "Images"), so each must stay small. */
export const MAX_IMAGE_BYTES = 300 * 1024;

const kb = (n: number) => `${Math.round(n / 1024)} KB`;

/**
 * Checks one Markdown image and returns it as a data: URL. Images live in the content folder,
 * next to the chapter (e.g. `images/diagram.svg`), and are embedded in the page when it is built:
 * no static route or copy step, and the same in `next dev`, `next build` and the checker.
 */
function resolveImage(chapterFile: string, url: string, alt: string): { problems: Omit<ContentProblem, "file" | "line" | "column">[]; src?: string; asset?: string } {
  const problems: Omit<ContentProblem, "file" | "line" | "column">[] = [];
  if (!alt.trim())
    problems.push({
      message: `image "${url}" has no alt text`,
      hint: `describe what it shows for readers who cannot see it: ![Three servers behind a load balancer](${url})`,
    });
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("//")) {
    problems.push({ message: `image "${url.length > 60 ? `${url.slice(0, 57)}…` : url}" is not a file in the content folder`, hint: "save the image next to the chapter (e.g. images/name.png) and use that relative path; remote images can change or vanish" });
    return { problems };
  }
  if (url.startsWith("/")) {
    problems.push({ message: `image "${url}" uses an absolute path`, hint: "use a path relative to the chapter file, e.g. images/diagram.svg" });
    return { problems };
  }
  let rel = url.replace(/[?#].*$/, "");
  try {
    rel = decodeURIComponent(rel);
  } catch {
    // a stray % is part of the file name
  }
  const file = path.resolve(path.dirname(chapterFile), rel);
  // content/<course>/<module>/<chapter>.mdx: the content folder is two levels above the chapter's folder.
  const root = path.resolve(path.dirname(chapterFile), "..", "..");
  if (path.relative(root, file).startsWith("..")) {
    problems.push({ message: `image "${url}" is outside the content folder`, hint: "keep images inside the course folder, e.g. next to the chapter in images/" });
    return { problems };
  }
  const type = IMAGE_TYPES[path.extname(file).toLowerCase()];
  if (!type) {
    problems.push({ message: `image "${url}" is not a supported type`, hint: `use one of: ${Object.keys(IMAGE_TYPES).join(", ")}` });
    return { problems };
  }
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat?.isFile()) {
    problems.push({ message: `image "${url}" not found (looked for ${relativeFile(file)})`, hint: "image paths are relative to the chapter file: check the name and folder" });
    return { problems };
  }
  if (stat.size > MAX_IMAGE_BYTES) {
    problems.push({ message: `image "${url}" is ${kb(stat.size)}; the limit is ${kb(MAX_IMAGE_BYTES)}`, hint: "images are embedded in the page: compress it, shrink it, or draw it as SVG" });
    return { problems };
  }
  return { problems, src: `data:${type};base64,${readFileSync(file).toString("base64")}`, asset: file };
}

/** Languages highlighted in code blocks; anything else is shown as plain text. */
export const SHIKI_LANGS = ["ts", "tsx", "js", "jsx", "json", "http", "bash", "shell", "yaml", "diff", "sql", "nginx", "ini", "text"];

type Attr = { type: string; name?: string; value?: unknown };

/** Literal props only: strings, and `{...}` expressions that are JSON (numbers, booleans, arrays). */
function readProps(attributes: Attr[]): { props: Record<string, unknown>; bad: string[] } {
  const props: Record<string, unknown> = {};
  const bad: string[] = [];
  for (const a of attributes) {
    if (a.type !== "mdxJsxAttribute" || !a.name) {
      bad.push("{...spread}");
      continue;
    }
    if (a.value === null || a.value === undefined) props[a.name] = true;
    else if (typeof a.value === "string") props[a.name] = a.value;
    else {
      const expr = (a.value as { value?: string }).value ?? "";
      try {
        props[a.name] = JSON.parse(expr);
      } catch {
        bad.push(a.name);
      }
    }
  }
  return { props, bad };
}

function remarkLectern(collect: Omit<CompiledChapter, "code">) {
  return () => (tree: MdastRoot, file: VFile) => {
    const slugger = new GithubSlugger();
    const rel = relativeFile(file.path);
    // Reference-style images (![alt][id] with [id]: path) take their path from a definition.
    const imageRefs = new Set<string>();
    visit(tree, "imageReference", (node) => void imageRefs.add(node.identifier));
    const definitions = new Map<string, string>();
    visit(tree, "definition", (node) => void definitions.set(node.identifier, node.url));
    visit(tree, (node) => {
      const pos = node.position?.start ?? { line: 1, column: 1 };
      if (node.type === "image" || node.type === "imageReference") {
        const url = node.type === "image" ? node.url : definitions.get(node.identifier);
        if (url === undefined) return; // an undefined reference renders as text
        const found = resolveImage(file.path, url, node.alt ?? "");
        for (const p of found.problems) collect.problems.push({ file: rel, line: pos.line, column: pos.column, ...p });
        if (found.asset) collect.assets.push(found.asset);
        if (node.type === "image" && found.src) node.url = found.src;
        if (node.type === "imageReference" && found.src) definitions.set(node.identifier, found.src);
        return;
      }
      if (node.type === "definition" && imageRefs.has(node.identifier)) return;
      if (node.type === "heading") {
        const text = toString(node);
        const id = slugger.slug(text);
        if (node.depth === 2 || node.depth === 3) collect.headings.push({ depth: node.depth, text, id });
        if (node.depth === 1)
          collect.problems.push({ file: rel, line: pos.line, column: pos.column, message: "a chapter must not use a level-1 heading", hint: "the page shows the front-matter title as the only h1: use ## for sections" });
      }
      if (node.type === "link" || node.type === "definition") collect.links.push({ url: node.url, line: pos.line, column: pos.column });
      if (node.type === "mdxJsxFlowElement" || node.type === "mdxJsxTextElement") {
        const name = node.name ?? "";
        if (!/^[A-Z]/.test(name)) {
          collect.problems.push({ file: rel, line: pos.line, column: pos.column, message: `raw HTML element <${name || "fragment"}> is not allowed`, hint: "use Markdown syntax or one of the registered components (docs/authoring.md)" });
          return;
        }
        const entry = ComponentRegistry[name as keyof typeof ComponentRegistry];
        if (!entry) {
          collect.problems.push({ file: rel, line: pos.line, column: pos.column, message: `unknown component <${name}>`, hint: `use one of: ${Object.keys(ComponentRegistry).join(", ")}` });
          return;
        }
        const { props, bad } = readProps(node.attributes as Attr[]);
        for (const b of bad)
          collect.problems.push({ file: rel, line: pos.line, column: pos.column, message: `<${name}> prop ${b} must be a literal value`, hint: 'write strings as "text" and numbers as {3}' });
        const parsed = entry.props.safeParse(props);
        if (!parsed.success)
          for (const issue of parsed.error.issues)
            collect.problems.push({ file: rel, line: pos.line, column: pos.column, message: `<${name}> ${issue.path.length ? `prop "${issue.path.join(".")}"` : "props"}: ${issue.message}`, hint: `example: ${entry.example}` });
        if (!entry.children && node.children.length > 0)
          collect.problems.push({ file: rel, line: pos.line, column: pos.column, message: `<${name}> takes no children`, hint: `write it self-closing: ${entry.example}` });
        collect.jsx.push({ name, props: parsed.success ? (parsed.data as Record<string, unknown>) : props, line: pos.line, column: pos.column });
      }
      if (node.type === "mdxjsEsm")
        collect.problems.push({ file: rel, line: pos.line, column: pos.column, message: "import/export statements are not allowed in chapters", hint: "use the registered components; they need no import" });
    });
    // Point reference-style image definitions at the embedded data as well.
    visit(tree, "definition", (node) => {
      if (imageRefs.has(node.identifier)) node.url = definitions.get(node.identifier) ?? node.url;
    });
  };
}

/** Compiles one chapter body. Syntax errors become problems with their position, never exceptions. */
export async function compileChapter(file: string, body: string): Promise<CompiledChapter> {
  const collect: Omit<CompiledChapter, "code"> = { headings: [], jsx: [], links: [], assets: [], problems: [] };
  const vfile = new VFile({ path: file, value: body });
  try {
    const out = await compile(vfile, {
      outputFormat: "function-body",
      development: false,
      remarkPlugins: [remarkGfm, remarkLectern(collect)],
      rehypePlugins: [
        rehypeSlug,
        [rehypeAutolinkHeadings, { behavior: "append", test: ["h2", "h3"], properties: { className: ["heading-anchor"], ariaHidden: "true", tabIndex: -1 }, content: { type: "text", value: "#" } }],
        [rehypeShiki, { themes: { light: "github-light-default", dark: "github-dark-default" }, defaultColor: false, langs: SHIKI_LANGS, fallbackLanguage: "text" }],
      ],
    });
    return { code: String(out.value), ...collect };
  } catch (error) {
    const e = error as { message?: string; reason?: string; line?: number; column?: number; place?: { line?: number; column?: number; start?: { line: number; column: number } } };
    const place = e.place && "start" in e.place && e.place.start ? e.place.start : (e.place as { line?: number; column?: number } | undefined);
    collect.problems.push({
      file: relativeFile(file),
      line: e.line ?? place?.line ?? 1,
      column: e.column ?? place?.column ?? 1,
      message: `MDX does not compile: ${e.reason ?? e.message ?? String(error)}`,
      hint: "check for an unclosed tag, a stray `<` or `{` (escape it as \\< or \\{), or a mistyped component",
    });
    return { code: "", ...collect };
  }
}
