import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script without types
import { acceptedAdvisories, runAudit, seriousFindings } from "../../scripts/security/audit.mjs";

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
      { name: "c", severity: "high", ids: ["(through a)"] },
    ]);
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
    const unexplained = result.findings.filter((f: { ids: string[] }) => !f.ids.every((id) => accepted.has(id)));
    expect(unexplained).toEqual([]);
  }, 130_000);
});
