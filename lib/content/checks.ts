// Checks that need other rooms (lab scenarios, quizzes). Imported by the checker.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { registerContentCheck } from "./check";
import type { ModuleEntry } from "./load";
import type { ContentProblem } from "./problems";
import { relativeFile } from "./problems";
import { describeAction, parseScenario, runScenario, type ScenarioSpec } from "./scenario";
import { locateInFile, type YamlPath } from "./yaml-source";

/** Where a path of a module's quiz.yaml is, for checks that run after the quiz was parsed. */
const quizPosition = (mod: ModuleEntry, path: YamlPath) => locateInFile(readFileSync(mod.quiz!.file, "utf8"), path);

/** Every <ScenarioTrace> is replayed through the engine; a wrong expectation names the step. */
registerContentCheck("scenarios", ({ compiled }) => {
  const problems: ContentProblem[] = [];
  for (const [file, chapter] of compiled)
    for (const use of chapter.jsx) {
      if (use.name !== "ScenarioTrace") continue;
      const at = { file: relativeFile(file), line: use.line, column: use.column };
      const spec = use.props as unknown as ScenarioSpec;
      if (typeof spec.actions !== "string" || typeof spec.expect !== "string") continue; // reported by the props check
      const parsed = parseScenario(spec);
      if (!parsed.ok) {
        problems.push({ ...at, message: `<ScenarioTrace> ${parsed.error}`, hint: parsed.hint });
        continue;
      }
      for (const m of runScenario(spec, parsed).mismatches)
        problems.push({
          ...at,
          message: `<ScenarioTrace strategy="${spec.strategy}"> step ${m.index + 1} (${describeAction(parsed.actions[m.index]!)}): expected ${m.expected ?? "-"}, the engine gives ${m.actual ?? "-"} (${m.step.reason}${m.step.servedBy ? ` on ${m.step.servedBy}` : ""})`,
          hint: "fix the expectation in `expect`, or the text that relies on it",
        });
    }
  return problems;
});

/** Quizzes: ids unique across the content, `teaches` names a chapter, and every <Quiz id> exists. */
registerContentCheck("quizzes", ({ catalog, compiled }) => {
  const problems: ContentProblem[] = [];
  const quizzes = new Map<string, ModuleEntry>();
  for (const course of catalog.courses)
    for (const mod of course.modules) {
      if (!mod.quiz) continue;
      const { quiz, file } = mod.quiz;
      const prior = quizzes.get(quiz.id);
      if (prior)
        problems.push({
          file: relativeFile(file),
          ...quizPosition(mod, ["id"]),
          message: `quiz id "${quiz.id}" is also used by ${relativeFile(prior.quiz!.file)}`,
          hint: "give every quiz its own id, e.g. <module>-quiz; keep it stable once published (results are stored under it)",
        });
      else quizzes.set(quiz.id, mod);
      const slugs = new Set(mod.chapters.map((c) => c.slug));
      const draftSlugs = new Set(mod.chapters.filter((c) => c.meta.draft).map((c) => c.slug));
      quiz.questions.forEach((q, i) => {
        if (q.teaches && !slugs.has(q.teaches))
          problems.push({
            file: relativeFile(file),
            ...quizPosition(mod, ["questions", i, "teaches"]),
            message: `question "${q.id}": teaches "${q.teaches}" is not a chapter of this module`,
            hint: `use the slug of a chapter of ${mod.slug} (its file name without the number and .mdx): ${[...slugs].join(", ")}`,
          });
        else if (q.teaches && draftSlugs.has(q.teaches))
          problems.push({
            file: relativeFile(file),
            ...quizPosition(mod, ["questions", i, "teaches"]),
            message: `question "${q.id}": teaches "${q.teaches}", a draft chapter, which production leaves out`,
            hint: "publish that chapter (remove draft: true), or point teaches at a published chapter",
          });
      });
    }
  // A quiz.yaml with problems is not loaded (its problems are listed); do not also call its <Quiz> unknown.
  const unloaded = catalog.courses.some((c) => c.modules.some((m) => !m.quiz && existsSync(path.join(m.dir, "quiz.yaml"))));
  for (const course of catalog.courses)
    for (const mod of course.modules)
      for (const ch of mod.chapters)
        for (const use of compiled.get(ch.file)?.jsx ?? []) {
          const id = use.name === "Quiz" ? use.props.id : undefined;
          if (typeof id !== "string" || quizzes.has(id) || unloaded) continue;
          const hint = mod.quiz
            ? `this module's quiz.yaml has id "${mod.quiz.quiz.id}"`
            : quizzes.size
              ? `use one of the quiz ids: ${[...quizzes.keys()].join(", ")}`
              : `add ${relativeFile(mod.dir)}/quiz.yaml with id: ${id}`;
          problems.push({ file: relativeFile(ch.file), line: use.line, column: use.column, message: `<Quiz id="${id}"> names no quiz`, hint });
        }
  return problems;
});
