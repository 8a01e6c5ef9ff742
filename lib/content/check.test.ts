import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { run } from "@mdx-js/mdx";
import { createElement, type ComponentType } from "react";
import * as runtime from "react/jsx-runtime";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Callout } from "@/components/mdx/callout";
import { checkContent } from "./check";
import "./checks";
import { compileChapter, MAX_IMAGE_BYTES } from "./compile";
import { splitFrontMatter } from "./load";
import { formatProblem } from "./problems";

/**
 * One small broken content folder per kind of problem, under tests/fixtures/broken/<kind>/.
 * Each is a complete content tree, so `npm run content:check -- --dir tests/fixtures/broken/<kind>`
 * prints exactly what is listed here (paths below are relative to the fixture folder).
 */
const BROKEN = path.resolve("tests/fixtures/broken");
const expected: Record<string, string[]> = {
  // Front matter, names and the folder tree
  "front-matter-missing": [
    "demo/01-basics/01-intro.mdx:1:1: missing front matter",
    "    fix: start the file with a --- block holding title, summary, order, minutes and objectives",
  ],
  "front-matter-required-field": [
    'demo/01-basics/01-intro.mdx:2:1: "summary" is missing',
    "    fix: add summary: one sentence saying what the reader gets",
  ],
  "front-matter-wrong-type": [
    'demo/01-basics/01-intro.mdx:4:8: "order": Invalid input: expected number, received string',
    "    fix: give a value of type number",
  ],
  "front-matter-unknown-field": [
    'demo/01-basics/01-intro.mdx:8:1: unknown key "colour"',
    "    fix: remove it or check its spelling; the keys here are: title, summary, order, minutes, objectives, draft",
  ],
  "front-matter-bad-value": [
    'demo/01-basics/01-intro.mdx:5:10: "minutes": minutes is the estimated reading time in whole minutes',
    "    fix: use a value of at least 1",
  ],
  "yaml-syntax": [
    "demo/01-basics/module.yaml:2:10: YAML syntax error: Nested mappings are not allowed in compact mappings",
    "    fix: check the indentation of this line and the next, and put values that contain a colon or start with a quote in quotes",
  ],
  // Broken front matter: the chapter's text is checked all the same.
  "yaml-unquoted-colon": [
    "demo/01-basics/01-intro.mdx:2:8: YAML syntax error: Nested mappings are not allowed in compact mappings",
    '    fix: the value contains ": ", so put it in quotes: title: "Health checks: knowing a server is gone"',
    "demo/01-basics/01-intro.mdx:10:1: a chapter must not use a level-1 heading",
    "    fix: the page shows the front-matter title as the only h1: use ## for sections",
  ],
  "module-yaml-missing": [
    "demo/01-basics:1:1: a module folder needs a module.yaml",
    "    fix: add module.yaml with title, summary, order, status and objectives",
  ],
  "duplicate-order": [
    "demo/01-basics/02-next.mdx:4:8: chapter order 1 is also used by demo/01-basics/01-intro.mdx",
    "    fix: give each chapter of a module a different order (1, 2, 3, …)",
  ],
  "duplicate-slug": [
    'demo/01-basics/02-intro.mdx:1:1: chapter slug "intro" is also used by demo/01-basics/01-intro.mdx',
    "    fix: two file names give the same URL: rename one of them (the part after the number is the slug)",
  ],
  "bad-file-name": [
    'demo/01-basics/02-Next Steps.mdx:1:1: chapter file name "02-Next Steps.mdx" does not make a valid URL slug ("Next Steps")',
    "    fix: rename it to lower-case words joined by hyphens, e.g. 02-next-steps.mdx",
  ],
  "not-mdx": [
    'demo/01-basics/02-notes.md:1:1: "02-notes.md" is not read: chapters are .mdx files',
    "    fix: rename it to 02-notes.mdx",
  ],
  // MDX and components
  "mdx-syntax": [
    "demo/01-basics/01-intro.mdx:12:1: MDX does not compile: Expected a closing tag for `<Callout>` (12:1-12:10) before the end of `paragraph`",
    "    fix: check for an unclosed tag, a stray `<` or `{` (escape it as \\< or \\{), or a mistyped component",
  ],
  "h1-heading": [
    "demo/01-basics/01-intro.mdx:10:1: a chapter must not use a level-1 heading",
    "    fix: the page shows the front-matter title as the only h1: use ## for sections",
  ],
  "raw-html": [
    "demo/01-basics/01-intro.mdx:12:1: raw HTML element <div> is not allowed",
    "    fix: use Markdown syntax or one of the registered components (docs/authoring.md)",
  ],
  "import-export": [
    "demo/01-basics/01-intro.mdx:10:1: import/export statements are not allowed in chapters",
    "    fix: use the registered components; they need no import",
  ],
  "unknown-component": [
    "demo/01-basics/01-intro.mdx:12:1: unknown component <Bogus>",
    "    fix: use one of: Callout, ScenarioTrace, SessionLab, StateSorter, JwtInspector, Quiz, UpNext",
  ],
  "invalid-prop": [
    'demo/01-basics/01-intro.mdx:12:1: <Callout> prop "type": Invalid option: expected one of "note"|"tip"|"warning"',
    '    fix: example: <Callout type="tip" title="Try it">Kill S1 after three requests.</Callout>',
  ],
  "non-literal-prop": [
    "demo/01-basics/01-intro.mdx:12:1: <Callout> prop title must be a literal value",
    '    fix: write strings as "text" and numbers as {3}',
  ],
  "unexpected-children": [
    "demo/01-basics/01-intro.mdx:12:1: <SessionLab> takes no children",
    "    fix: write it self-closing: <SessionLab />",
  ],
  // Quizzes
  "quiz-unknown-id": [
    'demo/01-basics/02-check.mdx:12:1: <Quiz id="basic-quiz"> names no quiz',
    "    fix: this module's quiz.yaml has id \"basics-quiz\"",
  ],
  "quiz-duplicate-quiz-id": [
    'demo/02-more/quiz.yaml:1:5: quiz id "basics-quiz" is also used by demo/01-basics/quiz.yaml',
    "    fix: give every quiz its own id, e.g. <module>-quiz; keep it stable once published (results are stored under it)",
  ],
  "quiz-duplicate-question-id": [
    'demo/01-basics/quiz.yaml:17:9: question id "first" is used twice in quiz "basics-quiz"',
    "    fix: give every question its own id; keep ids stable once published (learners' answers are stored under them)",
  ],
  "quiz-duplicate-choice-id": [
    'demo/01-basics/quiz.yaml:13:13: question "first": choice id "a" is used twice',
    "    fix: give each choice of a question its own id (a, b, c, …)",
  ],
  "quiz-single-two-correct": [
    'demo/01-basics/quiz.yaml:15:18: question "first" is single-choice but choice "b" is a second correct choice (after "a")',
    "    fix: mark exactly one choice correct: true, or make it type: multiple",
  ],
  "quiz-no-correct-choice": [
    'demo/01-basics/quiz.yaml:5:11: question "first" is multiple-choice but no choice is marked correct: true',
    "    fix: mark at least one choice correct: true",
  ],
  "quiz-missing-explanation": [
    'demo/01-basics/quiz.yaml:13:9: "questions[first].choices[b].explanation" is missing',
    "    fix: add explanation: why this choice is right or wrong (learners see it after answering)",
  ],
  "quiz-empty-prompt": [
    'demo/01-basics/quiz.yaml:6:13: "questions[first].prompt": a question needs a prompt',
    "    fix: write a non-empty prompt",
  ],
  "quiz-teaches-unknown-chapter": [
    'demo/01-basics/quiz.yaml:7:14: question "first": teaches "introduction" is not a chapter of this module',
    "    fix: use the slug of a chapter of basics (its file name without the number and .mdx): intro",
  ],
  // Links
  // Drafts are left out of production: nothing published may depend on one.
  "link-to-draft": [
    'demo/01-basics/01-intro.mdx:12:5: link "/learn/demo/basics/next" points at a draft chapter, which production leaves out',
    "    fix: publish that chapter (remove draft: true), or link to a published page",
  ],
  "quiz-teaches-draft": [
    'demo/01-basics/quiz.yaml:7:14: question "first": teaches "next", a draft chapter, which production leaves out',
    "    fix: publish that chapter (remove draft: true), or point teaches at a published chapter",
  ],
  "module-only-drafts": [
    "demo/01-basics/module.yaml:1:1: a published module has no chapters outside drafts, so production would show it empty",
    "    fix: publish a chapter (remove draft: true), or set status: upcoming",
  ],
  "link-dead-page": [
    'demo/01-basics/01-intro.mdx:12:5: link "/learn/demo/basics/next" points at a page that does not exist',
    "    fix: check the slug; pages are /, /learn/demo, /learn/demo/basics, /learn/demo/basics/intro…",
  ],
  "link-bad-anchor": [
    'demo/01-basics/01-intro.mdx:12:5: link "#start": no heading with the anchor #start on /learn/demo/basics/intro',
    "    fix: anchors there: #start-here",
  ],
  "link-missing-file": [
    'demo/01-basics/01-intro.mdx:12:5: link "notes.txt" points at a file that does not exist',
    "    fix: use an absolute page path such as /learn/<course>/<module>/<chapter>",
  ],
  // Images
  "image-missing-file": [
    'demo/01-basics/01-intro.mdx:12:1: image "images/balancer.svg" not found (looked for demo/01-basics/images/balancer.svg)',
    "    fix: image paths are relative to the chapter file: check the name and folder",
  ],
  "image-no-alt": [
    'demo/01-basics/01-intro.mdx:12:1: image "images/servers.svg" has no alt text',
    "    fix: describe what it shows for readers who cannot see it: ![Three servers behind a load balancer](images/servers.svg)",
  ],
  "image-remote": [
    'demo/01-basics/01-intro.mdx:12:1: image "https://example.com/servers.png" is not a file in the content folder',
    "    fix: save the image next to the chapter (e.g. images/name.png) and use that relative path; remote images can change or vanish",
  ],
  "image-unsupported-type": [
    'demo/01-basics/01-intro.mdx:12:1: image "images/servers.bmp" is not a supported type',
    "    fix: use one of: .png, .jpg, .jpeg, .gif, .webp, .avif, .svg",
  ],
  // Lab scenarios: replayed by the engine
  "scenario-wrong-expectation": [
    'demo/01-basics/01-intro.mdx:14:1: <ScenarioTrace strategy="sticky"> step 4 (request): expected 200, the engine gives 401 (session-not-found on S2)',
    "    fix: fix the expectation in `expect`, or the text that relies on it",
  ],
  "scenario-unknown-action": [
    'demo/01-basics/01-intro.mdx:12:1: <ScenarioTrace> actions: action 2 "jump" is not an action',
    '    fix: write actions separated by ";": login <user>, request, logout, kill S1, revive S1, tamper, storeDown, storeUp, wait <seconds>',
  ],
  "scenario-expectation-count": [
    "demo/01-basics/01-intro.mdx:12:1: <ScenarioTrace> expect lists 1 outcome(s) for 2 action(s)",
    "    fix: give one entry per action, - for kill/revive/tamper/storeDown/storeUp/wait",
  ],
  // Several problems in several files: all are listed
  "many-problems": [
    "demo/01-basics/01-intro.mdx:10:1: a chapter must not use a level-1 heading",
    "    fix: the page shows the front-matter title as the only h1: use ## for sections",
    "demo/01-basics/01-intro.mdx:12:1: unknown component <Bogus>",
    "    fix: use one of: Callout, ScenarioTrace, SessionLab, StateSorter, JwtInspector, Quiz, UpNext",
    'demo/01-basics/01-intro.mdx:14:1: image "images/missing.png" has no alt text',
    "    fix: describe what it shows for readers who cannot see it: ![Three servers behind a load balancer](images/missing.png)",
    'demo/01-basics/01-intro.mdx:14:1: image "images/missing.png" not found (looked for demo/01-basics/images/missing.png)',
    "    fix: image paths are relative to the chapter file: check the name and folder",
    "demo/01-basics/02-next.mdx:4:8: chapter order 1 is also used by demo/01-basics/01-intro.mdx",
    "    fix: give each chapter of a module a different order (1, 2, 3, …)",
    'demo/01-basics/quiz.yaml:7:14: question "first": teaches "nowhere" is not a chapter of this module',
    "    fix: use the slug of a chapter of basics (its file name without the number and .mdx): intro, next",
  ],
};

async function checkOutput(dir: string) {
  const { problems } = await checkContent(dir);
  const prefix = `${path.relative(process.cwd(), dir)}/`;
  return problems.map(formatProblem).join("\n").split("\n").map((l) => l.replace(prefix, "").replaceAll(` ${prefix}`, " ").replaceAll(`(looked for ${prefix}`, "(looked for "));
}

describe("the content checker, on one broken fixture per kind of problem", () => {
  it("has an expectation for every fixture folder", () => {
    expect(readdirSync(BROKEN).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))("%s: exact message, position and fix", async (kind, lines) => {
    expect(await checkOutput(path.join(BROKEN, kind))).toEqual(lines);
  });
});

describe("the real content", () => {
  it("passes every check", async () => {
    const { problems, chapters } = await checkContent(path.resolve("content"));
    expect(problems.map(formatProblem)).toEqual([]);
    expect(chapters).toBeGreaterThan(0);
  });

  it("module 1 declares the lab scenarios its text claims, and the checker replays them", async () => {
    const { catalog } = await checkContent(path.resolve("content"));
    const mod = catalog.courses.find((c) => c.slug === "scaling-web-apps")!.modules.find((m) => m.slug === "statelessness")!;
    const traces: string[] = [];
    for (const ch of mod.chapters) {
      const { jsx } = await compileChapter(ch.file, ch.body);
      for (const use of jsx.filter((j) => j.name === "ScenarioTrace")) traces.push(`${ch.slug}: ${String(use.props.strategy)} | ${String(use.props.actions)} | ${String(use.props.expect)}`);
    }
    expect(traces).toEqual([
      // "Three out of four requests after the login fail" (in memory, round-robin over three servers).
      "the-logout-bug: memory | login alice; request; request; request; request | 200 401 401 200 401",
      // Sticky sessions work until the pinned server dies.
      "three-patterns: sticky | login alice; request; request; kill S1; request | 200 200 200 - 401",
      // A shared store survives S1 dying.
      "three-patterns: store | login alice; request; kill S1; request; request | 200 200 - 200 200",
      // Redis down: every request fails with 503; JWTs do not notice.
      "redis-or-jwt: store | login alice; request; storeDown; request | 200 200 - 503",
      "redis-or-jwt: jwt | login alice; request; storeDown; request | 200 200 - 200",
      // A tampered JWT is rejected.
      "signed-not-encrypted: jwt | login alice; request; tamper; request | 200 200 - 401",
    ]);
  });
});

describe("images", () => {
  const fixture = path.resolve("tests/fixtures/content");
  const hello = path.join(fixture, "demo-course", "01-basics", "01-hello.mdx");
  const render = async (file: string, body: string) => {
    const compiled = await compileChapter(file, body);
    expect(compiled.problems).toEqual([]);
    const mod = await run(compiled.code, { ...runtime, baseUrl: import.meta.url });
    const Content = mod.default as ComponentType<{ components: Record<string, unknown> }>;
    return { compiled, html: renderToStaticMarkup(createElement(Content, { components: { Callout } })) };
  };

  it("an image next to the chapter is embedded in the page with its alt text", async () => {
    const { compiled, html } = await render(hello, splitFrontMatter(readFileSync(hello, "utf8"))!.body);
    const svg = readFileSync(path.join(fixture, "demo-course", "01-basics", "images", "two-boxes.svg"));
    expect(html).toContain(`<img src="data:image/svg+xml;base64,${svg.toString("base64")}" alt="Two boxes side by side"/>`);
    expect(compiled.assets).toEqual([path.join(fixture, "demo-course", "01-basics", "images", "two-boxes.svg")]);
  });

  it("reference-style images are checked and embedded too", async () => {
    const { html } = await render(hello, "![Two boxes][boxes]\n\n[boxes]: images/two-boxes.svg\n");
    expect(html).toMatch(/<img src="data:image\/svg\+xml;base64,[^"]+" alt="Two boxes"\/>/);
    const missing = await compileChapter(hello, "![Two boxes][boxes]\n\n[boxes]: images/nope.svg\n");
    expect(missing.problems.map((p) => p.message)).toEqual(['image "images/nope.svg" not found (looked for tests/fixtures/content/demo-course/01-basics/images/nope.svg)']);
  });

  it("an image over the size limit is reported with its size", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "lectern-img-"));
    cpSync(fixture, dir, { recursive: true });
    const mdir = path.join(dir, "demo-course", "01-basics");
    writeFileSync(path.join(mdir, "images", "huge.png"), Buffer.alloc(MAX_IMAGE_BYTES + 2048));
    writeFileSync(path.join(mdir, "02-world.mdx"), "---\ntitle: World\nsummary: x\norder: 2\nminutes: 3\nobjectives: [a]\n---\n\n## Second section\n\n![A huge picture](images/huge.png)\n");
    const { problems } = await checkContent(dir);
    expect(problems.map((p) => [p.line, p.column, p.message, p.hint])).toEqual([
      [11, 1, 'image "images/huge.png" is 302 KB; the limit is 300 KB', "images are embedded in the page: compress it, shrink it, or draw it as SVG"],
    ]);
  });

  it("images live inside the content folder", async () => {
    const { problems } = await compileChapter(hello, "![Secrets](../../../../package.json)\n");
    expect(problems.map((p) => p.message)).toEqual(['image "../../../../package.json" is outside the content folder']);
  });
});

describe("drafts", () => {
  it("are checked like any chapter (production leaves them out: load.test.ts)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "lectern-draft-"));
    cpSync(path.resolve("tests/fixtures/content"), dir, { recursive: true });
    writeFileSync(path.join(dir, "demo-course", "01-basics", "03-draft.mdx"), "---\ntitle: Draft\nsummary: x\norder: 3\nminutes: 1\nobjectives: [a]\ndraft: true\n---\n\n<Bogus />\n");
    expect((await checkContent(dir)).problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual(["10:1 unknown component <Bogus>"]);
  });
});
