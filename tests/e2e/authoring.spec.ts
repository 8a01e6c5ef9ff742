import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { propRows } from "@/lib/content/props";
import { ComponentRegistry, componentNames } from "@/lib/content/registry";
import { expectNoAxeViolations } from "./axe";
import { e2eDatabaseUrl } from "./env";
import { createUser, makeStaff, signIn } from "./fixtures";

const portOf = (info: TestInfo) => new URL(info.project.use.baseURL ?? "http://x:3107").port;

test.describe("components gallery (production build)", () => {
  test("is a 404 for visitors and learners; the dev-only live-preview stream is off", async ({ page, request }) => {
    expect((await page.goto("/gallery"))?.status()).toBe(404);
    expect((await request.get("/api/dev/content-events")).status()).toBe(404);
    const learner = await createUser(request);
    await signIn(page, learner, "/");
    expect((await page.goto("/gallery"))?.status()).toBe(404);
  });

  for (const role of ["instructor", "admin"] as const)
    test(`shows an ${role} every component live, with its props and a copyable example`, async ({ page, context, baseURL }, info) => {
      await signIn(page, makeStaff(info, role, role === "admin" ? "Ada Admin" : "Ines Instructor"), "/");
      const res = await page.goto("/gallery");
      expect(res?.status()).toBe(200);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Components gallery");

      for (const name of componentNames) {
        const entry = ComponentRegistry[name];
        const section = page.locator(`section#${name.toLowerCase()}`);
        await expect(section.getByRole("heading", { level: 2, name: `<${name}>` })).toBeVisible();
        await expect(section.locator("pre code")).toHaveText(name === "Quiz" ? /<Quiz id="[a-z0-9-]+" \/>/ : entry.example);
        for (const row of propRows(name)) await expect(section.getByRole("rowheader", { name: row.name, exact: true })).toBeVisible();
        if (propRows(name).length === 0) await expect(section.getByText("No props.")).toBeVisible();
        // Rendered live, by the real component.
        await expect(section.locator(`[data-component="${name}"] > *`).first()).toBeVisible();
      }
      await expect(page.locator('[data-component="ScenarioTrace"] figure.trace caption')).toContainText("Sticky sessions");
      await expect(page.locator('[data-component="Callout"] aside.callout--tip')).toContainText("Kill S1 after three requests.");
      await expect(page.locator('[data-component="Quiz"]').getByRole("heading", { level: 2 })).toBeVisible();

      // The Copy button puts the example on the clipboard.
      await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
      const callout = page.locator("section#callout");
      await callout.getByRole("button", { name: "Copy the Callout example" }).click();
      await expect(callout.getByRole("status").filter({ hasText: "Copied to the clipboard" })).toBeVisible();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(ComponentRegistry.Callout.example);

      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, "horizontal overflow in px").toBeLessThanOrEqual(0);
      await expectNoAxeViolations(page, "on /gallery");
    });
});

/**
 * Authors' live preview: `next dev` on a copy of content/, edited while a page is open. The page
 * changes without a reload (a marker set on `window` survives), for a chapter, a quiz, a lab
 * scenario and a new draft chapter; a broken edit lists the checker's problems in the page.
 */
test.describe("live preview in next dev", () => {
  let dev: ChildProcess | undefined;
  let content = "";
  let devURL = "";
  let madeAgentsFile = false;

  test.beforeAll(async ({}, info) => {
    test.skip(info.project.name !== "desktop" || !!process.env.E2E_BASE_URL, "one dev server, desktop only, local runs only");
    test.setTimeout(240_000);
    content = mkdtempSync(path.join(tmpdir(), "lectern-live-"));
    cpSync("content", content, { recursive: true });
    const port = String(Number(portOf(info)) + 1);
    devURL = `http://127.0.0.1:${port}`;
    // `next dev` writes AGENTS.md into the project unless next.config sets agentRules: false; leave no trace.
    madeAgentsFile = !existsSync("AGENTS.md");
    dev = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "dev", "-p", port, "-H", "127.0.0.1"], {
      env: {
        ...process.env,
        NODE_ENV: "development",
        CONTENT_DIR: content,
        // Dev builds go to <distDir>/dev, next to the production build this suite serves.
        NEXT_DIST_DIR: process.env.NEXT_DIST_DIR || ".next",
        DATABASE_URL: e2eDatabaseUrl(portOf(info)),
        NEXT_TELEMETRY_DISABLED: "1",
      },
      stdio: ["ignore", "ignore", "pipe"],
      detached: true,
    });
    let stderr = "";
    dev.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const deadline = Date.now() + 180_000;
    for (;;) {
      if (dev.exitCode !== null) throw new Error(`next dev exited (${dev.exitCode}): ${stderr}`);
      const ok = await fetch(`${devURL}/api/health`).then((r) => r.status < 500, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`next dev did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  });

  test.afterAll(() => {
    if (dev?.pid) {
      try {
        process.kill(-dev.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    if (madeAgentsFile && existsSync("AGENTS.md")) rmSync("AGENTS.md");
    if (content) rmSync(content, { recursive: true, force: true });
  });

  const file = (...parts: string[]) => path.join(content, "scaling-web-apps", "01-statelessness", ...parts);
  const edit = (f: string, from: string, to: string) => {
    const text = readFileSync(f, "utf8");
    expect(text, `${f} should contain ${from}`).toContain(from);
    writeFileSync(f, text.replace(from, to));
  };
  async function open(page: Page, url: string) {
    await page.goto(`${devURL}${url}`, { timeout: 120_000 });
    await page.evaluate(() => ((window as unknown as { liveMarker: number }).liveMarker = 1));
    // The live-preview stream is connected (its route compiles on first use in dev).
    await expect(page.locator('html[data-live-preview="connected"]')).toBeAttached({ timeout: 60_000 });
  }
  const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { liveMarker?: number }).liveMarker === 1);

  test("edits to a chapter, a quiz and a scenario, and a new draft, appear in the open page", async ({ page }) => {
    test.setTimeout(240_000);
    await open(page, "/learn/scaling-web-apps/statelessness/the-logout-bug");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("The bug that logs Alice out");

    edit(file("01-the-logout-bug.mdx"), "title: The bug that logs Alice out", "title: The bug that signs Alice out");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("The bug that signs Alice out", { timeout: 20_000 });
    expect(await sameDocument(page)).toBe(true);

    // A broken edit: the checker's message is shown in the page, which keeps its last good version.
    edit(file("01-the-logout-bug.mdx"), "## Follow the requests", "## Follow the requests\n\n<Bogus />");
    const panel = page.getByRole("status").filter({ hasText: "content problem" });
    await expect(panel).toContainText("01-the-logout-bug.mdx:", { timeout: 20_000 });
    await expect(panel).toContainText("unknown component <Bogus>");
    edit(file("01-the-logout-bug.mdx"), "## Follow the requests\n\n<Bogus />", "## Follow the requests");
    await expect(panel).toBeHidden({ timeout: 20_000 });

    // A lab scenario: a wrong expectation names the step; a corrected one re-renders the trace.
    await open(page, "/learn/scaling-web-apps/statelessness/three-patterns");
    const sticky = page.locator("figure.trace").filter({ hasText: "Sticky sessions" });
    await expect(sticky.locator("caption")).toContainText("3 of 4 requests succeed");
    edit(file("04-three-patterns.mdx"), 'expect="200 200 200 - 401"', 'expect="200 200 200 - 200"');
    await expect(panel).toContainText("step 5 (request): expected 200, the engine gives 401", { timeout: 20_000 });
    edit(
      file("04-three-patterns.mdx"),
      'actions="login alice; request; request; kill S1; request" expect="200 200 200 - 200"',
      'actions="login alice; request; request; request; kill S1; request" expect="200 200 200 200 - 401"',
    );
    await expect(sticky.locator("caption")).toContainText("4 of 5 requests succeed", { timeout: 20_000 });
    await expect(panel).toBeHidden();
    expect(await sameDocument(page)).toBe(true);

    // A quiz question.
    await open(page, "/learn/scaling-web-apps/statelessness/check-your-understanding");
    edit(file("quiz.yaml"), "What is the cause?", "What is the real cause?");
    await expect(page.getByText("What is the real cause?")).toBeVisible({ timeout: 20_000 });
    expect(await sameDocument(page)).toBe(true);

    // A new draft chapter shows in dev (production leaves drafts out).
    writeFileSync(
      file("09-draft-notes.mdx"),
      "---\ntitle: Draft notes\nsummary: Not ready yet.\norder: 9\nminutes: 1\nobjectives:\n  - Appear in dev only\ndraft: true\n---\n\n## Notes\n\nWork in progress.\n",
    );
    const link = page.getByRole("link", { name: /Draft notes/ }).first();
    await expect(link).toBeVisible({ timeout: 20_000 });
    await expect(async () => {
      await page.goto(`${devURL}/learn/scaling-web-apps/statelessness/draft-notes`, { timeout: 60_000 });
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Draft notes", { timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    await expect(page.locator(".badge--warn")).toHaveText("Draft");
  });
});
