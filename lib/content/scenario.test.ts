import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkContent } from "./check";
import "./checks";
import { formatProblem } from "./problems";
import { parseScenario, runScenario } from "./scenario";

const chapter = (body: string) => `---\ntitle: World\nsummary: x\norder: 2\nminutes: 3\nobjectives: [a]\n---\n\n## Second section\n\n${body}\n`;

function withChapter(body: string) {
  const dir = mkdtempSync(path.join(tmpdir(), "lectern-scn-"));
  cpSync(path.resolve("tests/fixtures/content"), dir, { recursive: true });
  writeFileSync(path.join(dir, "demo-course", "01-basics", "02-world.mdx"), chapter(body));
  return dir;
}

describe("lab scenarios in content", () => {
  it("replays the brief's claims: three out of four fail in memory; sticky survives until S1 dies; the store survives", () => {
    const run = (strategy: "memory" | "sticky" | "store", actions: string, exp: string) => {
      const parsed = parseScenario({ strategy, actions, expect: exp });
      if (!parsed.ok) throw new Error(parsed.error);
      return runScenario({ strategy, actions, expect: exp }, parsed);
    };
    const memory = run("memory", "login alice; request; request; request; request", "200 401 401 200 401");
    expect(memory.mismatches).toEqual([]);
    expect(memory.steps.map((s) => s.servedBy)).toEqual(["S1", "S2", "S3", "S1", "S2"]);
    expect(run("sticky", "login alice; request; kill S1; request", "200 200 - 401").mismatches).toEqual([]);
    expect(run("store", "login alice; request; kill S1; request; request", "200 200 - 200 200").mismatches).toEqual([]);
  });

  it("fails the check with the step that differs", async () => {
    const dir = withChapter('<ScenarioTrace strategy="sticky" actions="login alice; request; kill S1; request" expect="200 200 - 200" />');
    const out = (await checkContent(dir)).problems.map(formatProblem);
    expect(out).toEqual([
      expect.stringContaining(
        '02-world.mdx:11:1: <ScenarioTrace strategy="sticky"> step 4 (request): expected 200, the engine gives 401 (session-not-found on S2)',
      ),
    ]);
  });

  it("reports unreadable actions and a wrong number of expectations", async () => {
    const dir = withChapter(
      '<ScenarioTrace strategy="memory" actions="login alice; jump" expect="200 200" />\n\n<ScenarioTrace strategy="memory" actions="login alice; request" expect="200" />',
    );
    const out = (await checkContent(dir)).problems.map(formatProblem).join("\n");
    expect(out).toContain('02-world.mdx:11:1: <ScenarioTrace> actions: action 2 "jump" is not an action');
    expect(out).toContain("02-world.mdx:13:1: <ScenarioTrace> expect lists 1 outcome(s) for 2 action(s)");
  });
});
