// Parked outside tests/e2e until it has run in CI: copy it back to tests/e2e/ to turn the budgets on (issue 9).
/**
 * Budgets: only deterministic figures, never timings (those live in bench/, see bench/RESULTS.md).
 *
 * - First-load JavaScript per route: the gzip bytes of every script the page requests before its
 *   load event, as Chromium received them (Next compresses with gzip). Budgets are today's figures
 *   (bench/weight/run.ts, 2026-12-03) plus about 10%: raise one only with a reason in the commit.
 * - The session lab's code must not be loaded on a text chapter.
 * - Lighthouse 12 accessibility score 100 on the public pages (Debian's Chromium, about 5 s a page).
 *
 * Desktop project only: the byte counts do not depend on the viewport.
 */
import { existsSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { makeStaff } from "../../tests/e2e/fixtures";

const KB = 1024;
/** A string that only the session lab's client code contains (components/lab/session-lab/). */
const LAB_MARKER = "The lanes disagree for the first time here.";
const TEXT_CHAPTER = "/learn/scaling-web-apps/statelessness/why-it-matters";

// today (gzip, KB) -> budget: home 147.1 -> 162, module 148.8 -> 164, dashboard 148.3 -> 164,
// chapters 199.0 -> 219. The chapters carry the lab's ~50 KB because every island is in the
// chapter route's entry chunks (bench/RESULTS.md); once the islands are split, lower the chapter
// budgets to 164 KB and drop the test.fail below.
const BUDGETS: { name: string; path: string; kb: number; staff?: boolean }[] = [
  { name: "home", path: "/", kb: 162 },
  { name: "module", path: "/learn/scaling-web-apps/statelessness", kb: 164 },
  { name: "text chapter", path: TEXT_CHAPTER, kb: 219 },
  { name: "lab chapter", path: "/learn/scaling-web-apps/statelessness/session-lab", kb: 219 },
  { name: "quiz chapter", path: "/learn/scaling-web-apps/statelessness/check-your-understanding", kb: 219 },
  { name: "dashboard", path: "/dashboard", kb: 164, staff: true },
];

interface Js {
  gzip: number;
  files: string[];
  lab: boolean;
}

/** Scripts requested before the load event (so not the chunks <Link> prefetches afterwards for other routes). */
async function firstLoadJs(page: Page, path: string): Promise<Js> {
  let loaded = false;
  page.on("load", () => (loaded = true));
  const pending: Promise<{ gzip: number; url: string; lab: boolean }>[] = [];
  page.on("request", (req) => {
    if (loaded || req.resourceType() !== "script") return;
    pending.push(
      (async () => {
        const res = await req.response();
        if (!res) return { gzip: 0, url: req.url(), lab: false };
        await res.finished();
        const body = await res.body().catch(() => Buffer.alloc(0));
        return { gzip: (await req.sizes()).responseBodySize, url: req.url(), lab: body.includes(LAB_MARKER) };
      })(),
    );
  });
  const res = await page.goto(path, { waitUntil: "load" });
  expect(res?.status(), `${path} status`).toBe(200);
  expect(new URL(page.url()).pathname, "not redirected (e.g. to the sign-in page)").toBe(path);
  const all = await Promise.all(pending);
  return { gzip: all.reduce((a, s) => a + s.gzip, 0), files: all.map((s) => new URL(s.url).pathname), lab: all.some((s) => s.lab) };
}

test.describe("JavaScript budgets", () => {
  test.beforeEach(({}, info) => test.skip(info.project.name !== "desktop", "desktop project only"));

  for (const b of BUDGETS) {
    test(`${b.name}: first-load JS at most ${b.kb} KB gzip`, async ({ page }, info) => {
      if (b.staff) {
        const probe = await page.request.get(b.path, { maxRedirects: 0 });
        test.skip(probe.status() === 404, `${b.path} does not exist in this build`);
        const staff = makeStaff(info, "instructor", `Budget ${randomUUID().slice(0, 6)}`);
        const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
        await page.request.post("/api/auth/callback/credentials", { form: { csrfToken, email: staff.email, password: staff.password, json: "true" } });
      }
      const js = await firstLoadJs(page, b.path);
      info.annotations.push({ type: "first-load JS", description: `${(js.gzip / KB).toFixed(1)} KB gzip in ${js.files.length} scripts` });
      expect(js.files.length, "the page loads some JavaScript (the measurement works)").toBeGreaterThan(0);
      expect(js.gzip / KB, `first-load JS of ${b.path} (KB gzip): ${js.files.join(", ")}`).toBeLessThanOrEqual(b.kb);
    });
  }

  test("the session lab's code is loaded on the lab chapter only", async ({ page }) => {
    // Known failure today: components/mdx/mdx-components.tsx imports every island statically, so
    // the lab is in every chapter's entry chunks. Remove this line when the islands are split.
    test.fail(true, "lab code is in every chapter's entry chunks (bench/RESULTS.md)");
    const lab = await firstLoadJs(page, "/learn/scaling-web-apps/statelessness/session-lab");
    expect(lab.lab, "the marker is found in the lab chapter's scripts (else LAB_MARKER is stale)").toBe(true);
    const text = await firstLoadJs(page, TEXT_CHAPTER);
    expect(text.lab, `lab code in the text chapter's scripts: ${text.files.join(", ")}`).toBe(false);
  });
});

const CHROMIUM = process.env.CHROMIUM_PATH || (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

test.describe("Lighthouse accessibility", () => {
  test.beforeEach(({}, info) => test.skip(info.project.name !== "desktop", "desktop project only"));
  test.skip(!CHROMIUM, "needs a Chromium binary for Lighthouse (CHROMIUM_PATH)");

  for (const b of BUDGETS.filter((x) => !x.staff)) {
    test(`${b.name}: Lighthouse accessibility 100`, async ({ baseURL }) => {
      test.slow();
      const { launch } = await import("chrome-launcher");
      const { default: lighthouse } = await import("lighthouse");
      const chrome = await launch({ chromePath: CHROMIUM, chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
      try {
        const result = await lighthouse(new URL(b.path, baseURL).toString(), { port: chrome.port, logLevel: "error", onlyCategories: ["accessibility"] });
        const lhr = result!.lhr;
        const failing = (lhr.categories.accessibility?.auditRefs ?? [])
          .filter((r) => r.weight > 0 && (lhr.audits[r.id]?.score ?? 1) < 1)
          .map((r) => `${r.id}: ${lhr.audits[r.id]?.title}`);
        expect(failing, "failing accessibility audits").toEqual([]);
        expect(Math.round((lhr.categories.accessibility?.score ?? 0) * 100)).toBe(100);
      } finally {
        chrome.kill();
      }
    });
  }
});
