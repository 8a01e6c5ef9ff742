import { isNode, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { relativeFile, type ContentProblem } from "./problems";

/**
 * Parses YAML keeping positions, and validates it with a zod schema, so that every
 * problem points at the line of the offending key. `lineOffset` is added to lines
 * (front matter starts one line below the opening `---`).
 */
export function parseYamlWith<S extends z.ZodType>(
  schema: S,
  text: string,
  file: string,
  lineOffset = 0,
): { data?: z.infer<S>; problems: ContentProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const rel = relativeFile(file);
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line + lineOffset, column: pos.col };
  };
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => ({
        file: rel,
        ...at(e.pos[0]),
        message: `YAML syntax error: ${e.message.split("\n")[0]}`,
        hint: "check indentation and quote values that contain a colon",
      })),
    };
  }
  const result = schema.safeParse(doc.toJS() ?? {});
  if (result.success) return { data: result.data, problems: [] };
  return {
    problems: result.error.issues.map((issue) => {
      // Walk up the path until a node with a position is found.
      let node: unknown = undefined;
      const p = issue.path.map((k) => (typeof k === "symbol" ? String(k) : k));
      for (let n = p.length; n >= 0 && !node; n--) {
        const candidate = n === 0 ? doc.contents : doc.getIn(p.slice(0, n), true);
        if (isNode(candidate) && candidate.range) node = candidate;
        // For a missing or bad key, point at the key itself when we can.
        if (n === p.length && candidate === undefined) continue;
      }
      const offset = isNode(node) && node.range ? node.range[0] : 0;
      const where = p.length ? `"${p.join(".")}"` : "the file";
      return {
        file: rel,
        ...at(offset),
        message: `${where}: ${issue.message}`,
        hint: hintFor(issue),
      };
    }),
  };
}

function hintFor(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code === "unrecognized_keys") return `remove ${issue.keys.map((k) => `"${k}"`).join(", ")} or check its spelling`;
  if (issue.code === "invalid_type") return `give a value of type ${issue.expected}`;
  return undefined;
}
