import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** Runs axe (WCAG 2.x A/AA and best practices) and fails with a readable list of violations. */
export async function expectNoAxeViolations(page: Page, context = "") {
  // Judge the page as a reader sees it once it has settled: let finite animations finish.
  await page
    .waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity), undefined, {
      timeout: 3_000,
    })
    .catch(() => {});
  // A page that has a title shows it within moments (after a router refresh the title is
  // re-applied); a page without one still fails below.
  await page.waitForFunction(() => document.title.trim() !== "", undefined, { timeout: 3_000 }).catch(() => {});
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]).analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n  ")}`,
  );
  expect(summary, `axe violations ${context}`).toEqual([]);
}
