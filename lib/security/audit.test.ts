import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script without types
import { acceptedAdvisories, runAudit, seriousFindings, unexplainedFindings } from "../../scripts/security/audit.mjs";

describe("dependency audit", () => {
  it("keeps only high and critical findings, with their advisory ids", () => {
    const report = {
      vulnerabilities: {
        a: { severity: "critical", via: [{ url: "https://github.com/advisories/GHSA-7rqj-j65f-68wh" }] },
        b: { severity: "moderate", via: [{ url: "https://github.com/advisories/GHSA-xxxx-xxxx-xxxx" }] },
        c: { severity: "high", via: ["a"] },
      },
    };
    expect(seriousFindings(report)).toEqual([
      { name: "a", severity: "critical", ids: ["GHSA-7rqj-j65f-68wh"] },
      { name: "c", severity: "high", ids: ["GHSA-7rqj-j65f-68wh"] },
    ]);
    // The shape npm reports for braces under patch-package: each parent names the package below it.
    const chain = {
      vulnerabilities: {
        braces: { severity: "high", via: [{ source: 1110000, url: "https://github.com/advisories/GHSA-vfj7-8cjw-p6xm" }] },
        micromatch: { severity: "high", via: ["braces"] },
        "find-yarn-workspace-root": { severity: "high", via: ["micromatch"] },
        "patch-package": { severity: "high", via: ["find-yarn-workspace-root"] },
        loop: { severity: "high", via: ["loop"] },
      },
    };
    const found = seriousFindings(chain);
    expect(found.map((f: { name: string; ids: string[] }) => `${f.name}: ${f.ids.join(",")}`)).toEqual([
      "braces: GHSA-vfj7-8cjw-p6xm",
      "micromatch: GHSA-vfj7-8cjw-p6xm",
      "find-yarn-workspace-root: GHSA-vfj7-8cjw-p6xm",
      "patch-package: GHSA-vfj7-8cjw-p6xm",
      "loop: (through loop)",
    ]);
    // Accepting the advisory explains the whole chain; a finding with no advisory behind it stays unexplained.
    expect(unexplainedFindings(found, new Set(["GHSA-vfj7-8cjw-p6xm"])).map((f: { name: string }) => f.name)).toEqual(["loop"]);
    expect(unexplainedFindings(found, new Set()).length).toBe(5);
    expect([...acceptedAdvisories("# x\n## Accepted advisories\n- GHSA-7rqj-j65f-68wh: why\n## Next\nGHSA-2222-3333-4444")]).toEqual(["GHSA-7rqj-j65f-68wh"]);
  });

  it("production dependencies have no unexplained high or critical advisory (skipped when the advisory service is unreachable)", (ctx) => {
    const result = runAudit();
    if (!result.reachable) {
      console.warn(`npm audit skipped: ${result.reason}`);
      ctx.skip();
      return;
    }
    const accepted = acceptedAdvisories(readFileSync("docs/security.md", "utf8"));
    const unexplained = unexplainedFindings(result.findings, accepted);
    expect(unexplained).toEqual([]);
  }, 130_000);
});
