import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkContent } from "./check";
import { getCatalog, scanContent } from "./load";
import { ContentError, formatProblem } from "./problems";

const fixture = path.resolve("tests/fixtures/content");
const copyFixture = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lectern-content-"));
  cpSync(fixture, dir, { recursive: true });
  return dir;
};
const chapterFile = (dir: string, name: string) => path.join(dir, "demo-course", "01-basics", name);

describe("content loading", () => {
  it("reads courses, modules and chapters in order with slugs from file names", () => {
    const { courses, problems } = scanContent(fixture);
    expect(problems).toEqual([]);
    expect(courses.map((c) => c.href)).toEqual(["/learn/demo-course"]);
    expect(courses[0]!.modules[0]!.chapters.map((c) => [c.slug, c.href, c.meta.minutes])).toEqual([
      ["hello", "/learn/demo-course/basics/hello", 2],
      ["world", "/learn/demo-course/basics/world", 3],
    ]);
  });

  it("picks up a new chapter file with no code change", () => {
    const dir = copyFixture();
    writeFileSync(
      chapterFile(dir, "03-new-one.mdx"),
      "---\ntitle: A new one\nsummary: Added by an author.\norder: 3\nminutes: 1\nobjectives:\n  - Appear\n---\n\n## Hi\n",
    );
    const titles = scanContent(dir).courses[0]!.modules[0]!.chapters.map((c) => c.meta.title);
    expect(titles).toEqual(["Hello", "World", "A new one"]);
  });

  it("names the file, line and field of broken front matter, and the app refuses to build", () => {
    // Every kind of problem and its exact message: lib/content/check.test.ts and tests/fixtures/broken/.
    const dir = path.resolve("tests/fixtures/broken/front-matter-wrong-type");
    expect(scanContent(dir).problems.map(formatProblem)).toEqual([
      expect.stringMatching(/demo\/01-basics\/01-intro\.mdx:4:8: "order": Invalid input: expected number, received string/),
    ]);
    process.env.CONTENT_DIR = dir;
    try {
      expect(() => getCatalog()).toThrow(ContentError);
      expect(() => getCatalog()).toThrow(/01-intro\.mdx:4:8/);
    } finally {
      delete process.env.CONTENT_DIR;
    }
  });

  it("keeps drafts out of production", () => {
    const dir = copyFixture();
    writeFileSync(chapterFile(dir, "03-draft.mdx"), "---\ntitle: Draft\nsummary: x\norder: 3\nminutes: 1\nobjectives: [a]\ndraft: true\n---\n\nBody\n");
    expect(scanContent(dir, { drafts: false }).courses[0]!.modules[0]!.chapters).toHaveLength(2);
    expect(scanContent(dir, { drafts: true }).courses[0]!.modules[0]!.chapters).toHaveLength(3);
  });
});

describe("content checker", () => {
  it("passes the fixture", async () => {
    expect((await checkContent(fixture)).problems).toEqual([]);
  });
});
