// Checks that need other rooms (lab scenarios, quizzes). Imported by the checker.
import { registerContentCheck } from "./check";
import type { ContentProblem } from "./problems";
import { relativeFile } from "./problems";
import { describeAction, parseScenario, runScenario, type ScenarioSpec } from "./scenario";

/** Every <ScenarioTrace> is replayed through the engine; a wrong expectation names the step. */
registerContentCheck(({ catalog, compiled }) => {
  const problems: ContentProblem[] = [];
  for (const course of catalog.courses)
    for (const mod of course.modules)
      for (const ch of mod.chapters)
        for (const use of compiled.get(ch.file)?.jsx ?? []) {
          if (use.name !== "ScenarioTrace") continue;
          const at = { file: relativeFile(ch.file), line: use.line, column: use.column };
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

/** A quiz question's `teaches` must name a chapter of its module. */
registerContentCheck(({ catalog }) => {
  const problems: ContentProblem[] = [];
  for (const course of catalog.courses)
    for (const mod of course.modules) {
      if (!mod.quiz) continue;
      const slugs = new Set(mod.chapters.map((c) => c.slug));
      for (const q of mod.quiz.quiz.questions)
        if (q.teaches && !slugs.has(q.teaches))
          problems.push({ file: relativeFile(mod.quiz.file), line: 1, column: 1, message: `question "${q.id}": teaches "${q.teaches}" is not a chapter of this module`, hint: `use one of: ${[...slugs].join(", ")}` });
    }
  return problems;
});
