import { describe, expect, it } from "vitest";
import { parseScenario, runScenario } from "./scenario";

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
  // A wrong expectation fails the checker naming the step: tests/fixtures/broken/scenario-* in check.test.ts.
});
