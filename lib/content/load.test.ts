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
    const dir = copyFixture();
    writeFileSync(chapterFile(dir, "02-world.mdx"), "---\ntitle: World\nsummary: x\norder: two\nminutes: 3\nobjectives: [a]\n---\n\nBody\n");
    const { problems } = scanContent(dir);
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(/demo-course\/01-basics\/02-world\.mdx:4:8: "order": Invalid input: expected number, received string/),
    ]);
    process.env.CONTENT_DIR = dir;
    try {
      expect(() => getCatalog()).toThrow(ContentError);
      expect(() => getCatalog()).toThrow(/02-world\.mdx:4:8/);
    } finally {
      delete process.env.CONTENT_DIR;
    }
  });

  it("reports a missing required field and an unknown one", () => {
    const dir = copyFixture();
    writeFileSync(chapterFile(dir, "02-world.mdx"), "---\ntitle: World\norder: 2\nminutes: 3\nobjectives: [a]\ncolour: red\n---\n\nBody\n");
    const messages = scanContent(dir).problems.map((p) => p.message);
    expect(messages).toContain('"summary": Invalid input: expected string, received undefined');
    expect(messages.some((m) => m.includes('Unrecognized key: "colour"'))).toBe(true);
  });

  it("reports duplicate order and missing front matter", () => {
    const dir = copyFixture();
    writeFileSync(chapterFile(dir, "03-dup.mdx"), "---\ntitle: Dup\nsummary: x\norder: 2\nminutes: 3\nobjectives: [a]\n---\n\nBody\n");
    writeFileSync(chapterFile(dir, "04-bare.mdx"), "## No front matter\n");
    const problems = scanContent(dir).problems.map(formatProblem).join("\n");
    expect(problems).toMatch(/03-dup\.mdx:1:1: chapter order 2 is also used by .*02-world\.mdx/);
    expect(problems).toMatch(/04-bare\.mdx:1:1: missing front matter/);
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

  it("lists every MDX problem with its position", async () => {
    const dir = copyFixture();
    writeFileSync(
      chapterFile(dir, "02-world.mdx"),
      "---\ntitle: World\nsummary: x\norder: 2\nminutes: 3\nobjectives: [a]\n---\n\n# Big\n\n<Bogus />\n\n<Callout type=\"loud\">x</Callout>\n\n## Second section\n\n[dead](/learn/demo-course/basics/nope) and [bad anchor](/learn/demo-course/basics/hello#nowhere)\n",
    );
    const out = (await checkContent(dir)).problems.map(formatProblem).join("\n");
    expect(out).toContain("02-world.mdx:9:1: a chapter must not use a level-1 heading");
    expect(out).toContain("02-world.mdx:11:1: unknown component <Bogus>");
    expect(out).toMatch(/02-world\.mdx:13:1: <Callout> prop "type": Invalid option/);
    expect(out).toContain('02-world.mdx:17:1: link "/learn/demo-course/basics/nope" points at a page that does not exist');
    expect(out).toContain('02-world.mdx:17:44: link "/learn/demo-course/basics/hello#nowhere": no heading with the anchor #nowhere');
  });

  it("reports MDX that does not compile with its line", async () => {
    const dir = copyFixture();
    writeFileSync(chapterFile(dir, "02-world.mdx"), "---\ntitle: World\nsummary: x\norder: 2\nminutes: 3\nobjectives: [a]\n---\n\nok\n\n<Callout>never closed\n");
    const out = (await checkContent(dir)).problems.map(formatProblem).join("\n");
    expect(out).toMatch(/02-world\.mdx:11:\d+: MDX does not compile/);
  });
});
