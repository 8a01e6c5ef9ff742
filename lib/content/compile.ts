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
  problems: ContentProblem[];
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
    visit(tree, (node) => {
      const pos = node.position?.start ?? { line: 1, column: 1 };
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
  };
}

/** Compiles one chapter body. Syntax errors become problems with their position, never exceptions. */
export async function compileChapter(file: string, body: string): Promise<CompiledChapter> {
  const collect: Omit<CompiledChapter, "code"> = { headings: [], jsx: [], links: [], problems: [] };
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
