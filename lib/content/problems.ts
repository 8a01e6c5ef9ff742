import path from "node:path";

/** One thing wrong with the content, located precisely enough for an editor to jump to. */
export interface ContentProblem {
  file: string; // relative to the project root
  line: number; // 1-based
  column: number; // 1-based
  message: string;
  hint?: string;
}

export function relativeFile(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith("..") ? file : rel;
}

export function formatProblem(p: ContentProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}${p.hint ? `\n    fix: ${p.hint}` : ""}`;
}

/** Thrown when content cannot be used; Next prints the message, which fails the build. */
export class ContentError extends Error {
  constructor(readonly problems: ContentProblem[]) {
    super(
      `Lectern content has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n` +
        problems.map(formatProblem).join("\n"),
    );
    this.name = "ContentError";
  }
}
