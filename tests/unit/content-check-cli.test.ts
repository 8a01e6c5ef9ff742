import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// `npm run content:check [-- --dir <path>]`, as an author runs it.
const check = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "scripts/content-check.ts", ...args], { encoding: "utf8" });

describe("npm run content:check", () => {
  it("passes the real content with exit code 0", () => {
    const r = check();
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^✓ content OK: 1 course\(s\), \d+ module\(s\), \d+ chapter\(s\) in content\n$/);
    expect(r.status).toBe(0);
  });

  it("lists every problem in every file as file:line:column with a fix, and exits non-zero", () => {
    const r = check("--dir", "tests/fixtures/broken/many-problems");
    const dir = "tests/fixtures/broken/many-problems/demo/01-basics";
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n");
    expect(lines.filter((l) => !l.startsWith("    fix: ") && l !== "")).toEqual([
      `${dir}/01-intro.mdx:10:1: a chapter must not use a level-1 heading`,
      `${dir}/01-intro.mdx:12:1: unknown component <Bogus>`,
      `${dir}/01-intro.mdx:14:1: image "images/missing.png" has no alt text`,
      `${dir}/01-intro.mdx:14:1: image "images/missing.png" not found (looked for ${dir}/images/missing.png)`,
      `${dir}/02-next.mdx:4:8: chapter order 1 is also used by ${dir}/01-intro.mdx`,
      `${dir}/quiz.yaml:7:14: question "first": teaches "nowhere" is not a chapter of this module`,
      "✗ 6 problems in tests/fixtures/broken/many-problems",
      "  Each line is file:line:column: what is wrong, then how to fix it (docs/authoring.md, “Checking your work”).",
    ]);
    expect(lines.filter((l) => l.startsWith("    fix: "))).toHaveLength(6);
  });

  it("says so when the folder does not exist", () => {
    const r = check("--dir", "tests/fixtures/no-such-folder");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("tests/fixtures/no-such-folder:1:1: content folder not found");
  });
});

// `npm start`, `npm run build` and `npm run cluster` build through scripts/build-if-needed.mjs,
// which runs the checker first: broken content stops the build, naming the file and line.
describe("the build", () => {
  it("refuses broken content before building, naming the file, line and column", () => {
    const r = spawnSync(
      process.execPath,
      ["--input-type=module", "-e", 'const { buildIfNeeded } = await import("./scripts/build-if-needed.mjs"); buildIfNeeded();'],
      { encoding: "utf8", env: { ...process.env, CONTENT_DIR: "tests/fixtures/broken/front-matter-wrong-type", NEXT_DIST_DIR: ".next-never-built" } },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('tests/fixtures/broken/front-matter-wrong-type/demo/01-basics/01-intro.mdx:4:8: "order": Invalid input: expected number, received string');
    expect(r.stderr).toContain("The content has problems (listed above as file:line:column), so Lectern was not built.");
  });
});
