import { mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { compileChapter } from "@/lib/content/compile";
import { expectNoAxeViolations } from "./axe";
import { sitePages } from "./site-pages";

const { pages, chapters, courses } = sitePages();

test.describe("every page", () => {
  for (const p of pages) {
    test(`${p.name} renders, passes axe in light and dark, and is screenshotted`, async ({ page }, info) => {
      const res = await page.goto(p.url);
      expect(res?.status()).toBe(200);
      await expect(page.getByRole("heading", { level: 1 })).toContainText(p.title);
      await expectNoAxeViolations(page, `on ${p.url} (light)`);
      // Nothing may be wider than the screen (phone layout).
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, "horizontal overflow in px").toBeLessThanOrEqual(0);
      const dir = `tests/screenshots/${info.project.name}`;
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: `${dir}/${p.name}.png`, fullPage: true });
      await page.emulateMedia({ colorScheme: "dark" });
      await expectNoAxeViolations(page, `on ${p.url} (dark)`);
      await page.screenshot({ path: `${dir}/${p.name}-dark.png`, fullPage: false });
    });
  }
});

test.describe("chapters", () => {
  for (const ch of chapters) {
    test(`${ch.url} shows its title and every heading with an anchor`, async ({ page }) => {
      const { readFileSync } = await import("node:fs");
      const { splitFrontMatter } = await import("@/lib/content/load");
      const body = splitFrontMatter(readFileSync(ch.file, "utf8"))!.body;
      const { headings } = await compileChapter(ch.file, body);
      await page.goto(ch.url);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(ch.title);
      for (const h of headings) {
        const el = page.locator(`.prose h${h.depth}[id="${h.id}"]`);
        await expect(el).toContainText(h.text);
      }
    });
  }
});

test("the table of contents jumps to a section", async ({ page }, info) => {
  const ch = chapters[0]!;
  await page.goto(ch.url);
  const toc =
    info.project.name === "phone"
      ? (await page.locator(".toc--mobile summary").click(), page.getByRole("navigation", { name: "On this page (compact)" }))
      : page.getByRole("navigation", { name: "On this page" });
  const firstLink = toc.getByRole("link").first();
  const target = await firstLink.getAttribute("href");
  await firstLink.click();
  await expect(page).toHaveURL(new RegExp(`${target}$`));
  await expect(page.locator(target!)).toBeInViewport();
});

test("previous and next links walk the module in order, and the module page lists every chapter", async ({ page }) => {
  const course = courses.find((c) => c.modules.some((m) => m.chapters.length > 1))!;
  const mod = course.modules.find((m) => m.chapters.length > 1)!;
  await page.goto(mod.href);
  const list = page.getByRole("list").filter({ has: page.getByRole("link", { name: mod.chapters[0]!.meta.title }) });
  for (const ch of mod.chapters) await expect(list.getByRole("link", { name: ch.meta.title, exact: true })).toBeVisible();
  await page.getByRole("link", { name: /^Start with/ }).click();
  await expect(page).toHaveURL(mod.chapters[0]!.href);
  for (let i = 1; i < mod.chapters.length; i++) {
    await page.getByRole("navigation", { name: "Chapters", exact: true }).getByRole("link", { name: /Next/ }).click();
    await expect(page).toHaveURL(mod.chapters[i]!.href);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(mod.chapters[i]!.meta.title);
  }
  await page.getByRole("navigation", { name: "Chapters", exact: true }).getByRole("link", { name: /Previous/ }).click();
  await expect(page).toHaveURL(mod.chapters[mod.chapters.length - 2]!.href);
  // The sidebar marks where the reader is.
  await expect(page.getByRole("navigation", { name: "Chapters in this module" }).locator('[aria-current="page"]')).toHaveText(
    new RegExp(mod.chapters[mod.chapters.length - 2]!.meta.title),
  );
});

test("an unknown URL gets a real 404 page, the same on every visit", async ({ page }) => {
  const refused: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && m.text().includes("Content Security Policy")) refused.push(`${page.url()}: ${m.text().slice(0, 120)}`);
  });
  // Twice each: a 404 rendered on demand and cached would carry its first visitor's nonce.
  for (const url of ["/no-such-page", "/learn/no-such-course", `${chapters[0]!.url}-nope`, "/no-such-page", `${chapters[0]!.url}-nope`]) {
    const res = await page.goto(url);
    expect(res?.status(), url).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("This page does not exist");
  }
  expect(refused, "scripts the CSP refused").toEqual([]);
  await expectNoAxeViolations(page, "on the 404 page");
});

test("the theme toggle switches to dark and is remembered", async ({ page }) => {
  await page.goto("/");
  const toggle = page.getByRole("button", { name: /Change theme/ });
  await toggle.click(); // system -> light
  await toggle.click(); // light -> dark
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe("rgb(21, 23, 28)");
});
