import { Document, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { relativeFile, type ContentProblem } from "./problems";

export type YamlPath = readonly (string | number)[];
export interface Position {
  line: number;
  column: number;
}
/**
 * Maps a path inside a YAML document (["questions", 2, "choices", 0, "id"]) to a line and column:
 * the value's, or with `{ key: true }` the key's.
 */
export type YamlLocator = (path: YamlPath, opts?: { key?: boolean }) => Position;

/** Parses YAML keeping positions. `lineOffset` is added to lines (front matter starts one line below the opening `---`). */
export function parseYamlSource(text: string, lineOffset = 0) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number): Position => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line + lineOffset, column: pos.col };
  };
  return { doc, at, locate: makeLocator(doc, at) };
}

function makeLocator(doc: Document, at: (offset: number) => Position): YamlLocator {
  const keyOf = (sub: YamlPath) => {
    const parent = sub.length === 1 ? doc.contents : doc.getIn(sub.slice(0, -1), true);
    const key = sub[sub.length - 1];
    if (!isMap(parent)) return undefined;
    const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
    return pair && isScalar(pair.key) && pair.key.range ? at(pair.key.range[0]) : undefined;
  };
  return (path, opts) => {
    if (opts?.key && path.length > 0) {
      const key = keyOf(path);
      if (key) return key;
    }
    // The deepest node on the path that exists. A missing key points at the map that should hold it.
    for (let n = path.length; n >= 0; n--) {
      const sub = path.slice(0, n);
      const node = n === 0 ? doc.contents : doc.getIn(sub, true);
      if (!isNode(node) || !node.range) continue;
      // A block map or list starts on the line below its key: point at the key instead.
      if ((isMap(node) || isSeq(node)) && n > 0) {
        const key = keyOf(sub);
        if (key) return key;
      }
      return at(node.range[0]);
    }
    return at(0);
  };
}

/** The position of a path in YAML text (for checks that run after parsing, such as cross-file ones). */
export function locateInFile(text: string, path: YamlPath, lineOffset = 0): Position {
  return parseYamlSource(text, lineOffset).locate(path);
}

/**
 * Parses YAML keeping positions, and validates it with a zod schema, so that every
 * problem points at the line of the offending key or value.
 */
export function parseYamlWith<S extends z.ZodType>(
  schema: S,
  text: string,
  file: string,
  lineOffset = 0,
): { data?: z.infer<S>; problems: ContentProblem[]; locate: YamlLocator } {
  const { doc, at, locate } = parseYamlSource(text, lineOffset);
  const rel = relativeFile(file);
  if (doc.errors.length > 0) {
    // One mistake often produces several parser errors on the same line: report the first.
    const errors = doc.errors.filter((e, i) => doc.errors.findIndex((f) => at(f.pos[0]).line === at(e.pos[0]).line) === i);
    return {
      locate,
      problems: errors.map((e) => {
        const pos = at(e.pos[0]);
        // The commonest slip: an unquoted value that contains ": " (title: Redis: the basics).
        const line = text.split("\n")[pos.line - lineOffset - 1] ?? "";
        const colon = /^(\s*[\w-]+):\s+([^"'\s].*:\s.*)$/.exec(line);
        return {
          file: rel,
          ...pos,
          message: `YAML syntax error: ${e.message.split("\n")[0]}`,
          hint: colon
            ? `the value contains ": ", so put it in quotes: ${colon[1]!.trim()}: "${colon[2]!.trim().replace(/"/g, '\\"')}"`
            : "check the indentation of this line and the next, and put values that contain a colon or start with a quote in quotes",
        };
      }),
    };
  }
  const raw: unknown = doc.toJS() ?? {};
  // With each issue's input, a missing key is told apart from a wrong value without reading zod's wording.
  const result = schema.safeParse(raw, { reportInput: true });
  if (result.success) return { data: result.data, problems: [], locate };
  return {
    locate,
    problems: result.error.issues.flatMap((issue) => {
      const p = issue.path.map((k) => (typeof k === "symbol" ? String(k) : k));
      // An unknown key is reported at the key itself, one problem per key.
      if (issue.code === "unrecognized_keys")
        return issue.keys.map((k) => ({
          file: rel,
          ...locate([...p, k], { key: true }),
          message: `unknown key "${p.length ? `${describePath(p, raw)}.` : ""}${k}"`,
          hint: keysAt(schema, p).length ? `remove it or check its spelling; the keys here are: ${keysAt(schema, p).join(", ")}` : "remove it or check its spelling",
        }));
      return [{ file: rel, ...locate(p), ...describeIssue(issue, p, raw) }];
    }),
  };
}

/** The keys an object schema accepts at a path (best effort: objects, lists, optional and default values). */
function keysAt(schema: z.ZodType, path: YamlPath): string[] {
  type Def = { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; innerType?: z.ZodType; in?: z.ZodType };
  let node: z.ZodType | undefined = schema;
  const def = (t: z.ZodType) => (t as unknown as { _zod: { def: Def } })._zod.def;
  const unwrap = (t: z.ZodType | undefined) => {
    while (t && ["optional", "default", "nullable", "pipe", "prefault"].includes(def(t).type)) t = def(t).innerType ?? def(t).in;
    return t;
  };
  for (const k of path) {
    node = unwrap(node);
    if (!node) return [];
    const d = def(node);
    node = typeof k === "number" ? d.element : d.shape?.[k];
  }
  node = unwrap(node);
  return node && def(node).shape ? Object.keys(def(node).shape!) : [];
}

/** `questions[dangerous-state].choices[a].correct`: list items are named by their id, else by their 1-based position. */
export function describePath(path: YamlPath, data: unknown): string {
  let out = "";
  let cursor: unknown = data;
  for (const k of path) {
    const next = cursor && typeof cursor === "object" ? (cursor as Record<string | number, unknown>)[k] : undefined;
    if (typeof k === "number") {
      const id = next && typeof next === "object" ? (next as { id?: unknown }).id : undefined;
      out += typeof id === "string" && id ? `[${id}]` : `[#${k + 1}]`;
    } else out += out ? `.${k}` : k;
    cursor = next;
  }
  return out;
}

/** What an author writes for each key, used in "… is missing" hints. */
const FIELD_HINTS: Record<string, string> = {
  title: 'add title: "…" (shown as the page heading)',
  summary: "add summary: one sentence saying what the reader gets",
  order: "add order: a whole number giving the position among its siblings",
  minutes: "add minutes: the estimated reading time in whole minutes",
  objectives: "add objectives: a list of what the reader will be able to do",
  status: "add status: published or upcoming",
  id: "add id: a lower-case-hyphenated id that never changes once published (answers are stored under it)",
  type: "add type: single (exactly one correct choice) or multiple (one or more)",
  prompt: "add prompt: the question the learner answers",
  choices: "add choices: a list of at least two choices",
  text: "add text: what the learner sees for this choice",
  correct: "add correct: true or correct: false",
  explanation: "add explanation: why this choice is right or wrong (learners see it after answering)",
  questions: "add questions: a list of at least one question",
};

function describeIssue(issue: z.core.$ZodIssue, path: YamlPath, raw: unknown): { message: string; hint?: string } {
  const where = path.length ? `"${describePath(path, raw)}"` : "the file";
  const key = path[path.length - 1];
  const params = (issue as { params?: { hint?: string } }).params;
  // Cross-field rules (quizzes) phrase the whole message themselves.
  if (issue.code === "custom") return { message: issue.message, hint: params?.hint };
  if (issue.code === "invalid_type" && issue.input === undefined)
    return { message: `${where} is missing`, hint: (typeof key === "string" && FIELD_HINTS[key]) || `add ${String(key)}: (a ${issue.expected})` };
  return { message: `${where}: ${issue.message}`, hint: hintFor(issue, key) };
}

function hintFor(issue: z.core.$ZodIssue, key: string | number | undefined): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      return `give a value of type ${issue.expected}`;
    case "invalid_value":
      return `use one of: ${issue.values.map((v) => String(v)).join(", ")}`;
    case "invalid_format":
      return "use lower-case letters, digits and single hyphens, e.g. my-first-question";
    case "too_small":
      if (issue.origin === "string") return `write a non-empty ${typeof key === "string" ? key : "value"}`;
      if (issue.origin === "array") return `list at least ${String(issue.minimum)} item${issue.minimum === 1 ? "" : "s"}`;
      return `use a value of at least ${String(issue.minimum)}`;
    case "too_big":
      return `use a value of at most ${String(issue.maximum)}`;
    default:
      return undefined;
  }
}
