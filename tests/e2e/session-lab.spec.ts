import { mkdirSync } from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";
import { SLOW_MS } from "@/components/lab/session-lab/use-lab-runs";

const CHAPTER = "/learn/scaling-web-apps/statelessness/session-lab";
const LAB_TITLE = "Where does Alice’s session live?";

type LaneName = "In-memory" | "Sticky" | "External store";

function lab(page: Page): Locator {
  return page.getByRole("region", { name: LAB_TITLE });
}

function lane(page: Page, name: LaneName): Locator {
  return lab(page).getByRole("region", { name: new RegExp(`^${name}`) });
}

function row(l: Locator, n: number): Locator {
  return l.getByRole("listitem").filter({ hasText: new RegExp(`Request ${n} to\\W`) });
}

async function expectRow(l: Locator, n: number, server: string, text: string) {
  const r = row(l, n);
  await expect(r).toHaveCount(1);
  await expect(r).toContainText(new RegExp(`Request ${n} to\\W+${server}:`));
  await expect(r).toContainText(text);
}

function button(page: Page, name: string): Locator {
  return lab(page).getByRole("button", { name, exact: true });
}

function liveRegion(page: Page): Locator {
  return lab(page).locator('[aria-live="polite"]');
}

function lanesBox(page: Page): Locator {
  return lab(page).locator(".sl-lanes");
}

async function openLab(page: Page, query = "") {
  await page.goto(`${CHAPTER}${query}`);
  await expect(lab(page)).toBeVisible();
  // The first run waits for the learner to reach the lanes (a link with a run starts at once).
  await lanesBox(page).scrollIntoViewIfNeeded();
  // Hydrated and the first answers are in: request 1 is in every lane.
  for (const name of ["In-memory", "Sticky", "External store"] as const) await expect(row(lane(page, name), 1)).toHaveCount(1);
}

async function sendAndWait(page: Page, n: number) {
  await button(page, "Send next request").click();
  for (const name of ["In-memory", "Sticky", "External store"] as const) await expect(row(lane(page, name), n)).toHaveCount(1);
}

function shotDir(project: string): string {
  const dir = `tests/screenshots/${project}`;
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A screenshot of the whole lab, taken in a window tall enough that nothing sticky moves over it. */
async function shootLab(page: Page, path: string) {
  const viewport = page.viewportSize()!;
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = await lab(page).boundingBox();
  await page.setViewportSize({ width: viewport.width, height: Math.ceil((box?.y ?? 0) + (box?.height ?? 0)) + 40 });
  await lab(page).screenshot({ path });
  await page.setViewportSize(viewport);
}

test.describe("session lab", () => {
  test("walks the brief's scenario: round-robin breaks in-memory, Kill S1 breaks sticky, external survives", async ({ page }) => {
    await openLab(page);
    const mem = lane(page, "In-memory");
    const sticky = lane(page, "Sticky");
    const ext = lane(page, "External store");

    // Request 1 is the login, answered by S1 in every lane.
    for (const l of [mem, sticky, ext]) await expectRow(l, 1, "S1", "Hi Alice");
    await expect(button(page, "Step back")).toBeDisabled();
    await expect(button(page, "Reset")).toBeDisabled();

    for (let n = 2; n <= 5; n++) await sendAndWait(page, n);

    await expectRow(mem, 2, "S2", "Please log in again");
    await expectRow(mem, 3, "S3", "Please log in again");
    await expectRow(mem, 4, "S1", "Hi Alice");
    await expectRow(mem, 5, "S2", "Please log in again");
    for (let n = 2; n <= 5; n++) await expectRow(sticky, n, "S1", "Hi Alice");
    const rr = ["S2", "S3", "S1", "S2"];
    for (let n = 2; n <= 5; n++) await expectRow(ext, n, rr[n - 2]!, "Hi Alice");

    // The failure explains itself, and the first disagreement is marked in every lane.
    await expect(row(mem, 2)).toContainText("S2 has no session");
    await expect(lab(page).getByText("lanes first disagree here")).toHaveCount(3);
    for (const l of [mem, sticky, ext]) await expect(row(l, 2)).toContainText("lanes first disagree here");
    await expect(page).toHaveURL(/\?lab=n,n,n,n$/);
    await expect(liveRegion(page)).toContainText("In-memory: request 5 to S2: not recognised, please log in again.");

    // Kill S1, then send: sticky fails (re-pinned to S2), external does not notice.
    await button(page, "Kill S1").click();
    await expect(button(page, "Revive S1")).toBeVisible();
    await expect(mem.getByRole("listitem").filter({ hasText: "S1 crashed" })).toHaveCount(1);
    await expect(page).toHaveURL(/\?lab=n,n,n,n,k1$/);
    await sendAndWait(page, 6);
    await expectRow(sticky, 6, "S2", "Please log in again");
    await expect(row(sticky, 6)).toContainText("re-pinned you to S2");
    await expectRow(ext, 6, "S3", "Hi Alice");
    await expectRow(mem, 6, "S3", "Please log in again");
    await expect(sticky.getByText("Alice pinned to")).toContainText("S2");
    await expect(liveRegion(page)).toContainText("Sticky: request 6 to S2: not recognised, please log in again.");
    await expect(liveRegion(page)).toContainText("External store (Redis store): request 6 to S3: OK, Hi Alice.");

    // The milestones the server derived from the log.
    const milestones = lab(page).getByRole("region", { name: /What you have seen/ });
    await expect(milestones).toContainText("3 of 3");
    await expect(milestones.getByRole("listitem").filter({ hasText: "Sticky loses Alice" })).toContainText("Seen:");

    // Step back removes the last action; Reset goes back to the login.
    await button(page, "Step back").click();
    await expect(row(sticky, 6)).toHaveCount(0);
    await expect(page).toHaveURL(/\?lab=n,n,n,n,k1$/);
    await button(page, "Step back").click();
    await expect(button(page, "Kill S1")).toBeVisible();
    await expect(mem.getByRole("listitem").filter({ hasText: "S1 crashed" })).toHaveCount(0);
    await expect(page).toHaveURL(/\?lab=n,n,n,n$/);
    await button(page, "Reset").click();
    for (const l of [mem, sticky, ext]) {
      await expectRow(l, 1, "S1", "Hi Alice");
      await expect(row(l, 2)).toHaveCount(0);
    }
    await expect(page).not.toHaveURL(/lab=/);
    await expect(button(page, "Step back")).toBeDisabled();
    await expect(liveRegion(page)).toContainText("Lab reset");
  });

  test("the run is in the URL: reloading or sharing the link reproduces it", async ({ page }) => {
    await openLab(page);
    await sendAndWait(page, 2);
    await sendAndWait(page, 3);
    await button(page, "Kill S1").click();
    await sendAndWait(page, 4);
    await lab(page).getByRole("radio", { name: "JWT" }).check();
    await expect(lane(page, "External store")).toHaveAccessibleName("External store (JWT)");
    await expect(page).toHaveURL(/\?lab=n,n,k1,n&third=jwt$/);

    const shared = page.url();
    await page.reload();
    await openLab(page, new URL(shared).search);
    const check = async () => {
      await expectRow(lane(page, "In-memory"), 4, "S2", "Please log in again");
      await expectRow(lane(page, "Sticky"), 4, "S2", "Please log in again");
      await expectRow(lane(page, "External store"), 4, "S2", "Hi Alice");
      await expect(lab(page).getByRole("radio", { name: "JWT" })).toBeChecked();
      await expect(button(page, "Revive S1")).toBeVisible();
    };
    await check();
    // A fresh tab with the shared link shows the same.
    const other = await page.context().newPage();
    await openLab(other, new URL(shared).search);
    await expectRow(lane(other, "Sticky"), 4, "S2", "Please log in again");
    await other.close();
  });

  test("runs nothing until the learner reaches the lanes; a link with a run starts at once", async ({ page }) => {
    // A window short enough that the lanes start below the fold, whatever the text above them.
    await page.setViewportSize({ width: page.viewportSize()!.width, height: 400 });
    const calls: string[] = [];
    page.on("request", (r) => {
      if (new URL(r.url()).pathname === "/api/sim") calls.push(r.url());
    });
    await page.goto(CHAPTER);
    await expect(lab(page)).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(await lanesBox(page).evaluate((el) => el.getBoundingClientRect().top > window.innerHeight + 120), "lanes below the fold").toBe(true);
    expect(calls, "no simulation before the lanes are reached").toHaveLength(0);
    await expect(row(lane(page, "In-memory"), 1)).toHaveCount(0);

    await lanesBox(page).scrollIntoViewIfNeeded();
    for (const name of ["In-memory", "Sticky", "External store"] as const) await expectRow(lane(page, name), 1, "S1", "Hi Alice");
    expect(calls).toHaveLength(3);

    // A shared run is drawn on load, wherever the lanes are.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.goto(`${CHAPTER}?lab=n,n`);
    await expect(row(lane(page, "In-memory"), 3)).toHaveCount(1);
    expect(await lanesBox(page).evaluate((el) => el.getBoundingClientRect().top > window.innerHeight), "still below the fold").toBe(true);
  });

  test("an unreadable link starts fresh with a polite note", async ({ page }) => {
    await page.goto(`${CHAPTER}?lab=n,zz,9&third=jwt`);
    await expect(lab(page).getByText("could not read")).toBeVisible();
    await lanesBox(page).scrollIntoViewIfNeeded();
    await expect(row(lane(page, "In-memory"), 1)).toHaveCount(1);
    await expect(row(lane(page, "In-memory"), 2)).toHaveCount(0);
    await expect(page).toHaveURL(/\?third=jwt$/);
    await button(page, "Dismiss").click();
    await expect(lab(page).getByText("could not read")).toHaveCount(0);
  });

  test("switches the third lane between Redis and JWT", async ({ page }) => {
    await openLab(page, "?lab=n,n");
    const ext = lane(page, "External store");
    await expect(ext).toHaveAccessibleName("External store (Redis store)");
    await expect(ext).toContainText("Redis");
    await expect(ext.getByText(/^sid=sess_/)).toBeVisible();
    await ext.getByRole("radio", { name: "JWT" }).check();
    await expect(ext).toHaveAccessibleName("External store (JWT)");
    await expect(ext).toContainText("No server-side session");
    await expect(ext).toContainText(/Token\s*eyJhbGciOi…/);
    for (let n = 1; n <= 3; n++) await expect(row(ext, n)).toContainText("Hi Alice");
    await expect(row(ext, 2)).toContainText("S2");
    await expect(page).toHaveURL(/\?lab=n,n&third=jwt$/);
    await ext.getByRole("radio", { name: "Redis store" }).check();
    await expect(page).toHaveURL(/\?lab=n,n$/);
  });

  test("the whole scenario by keyboard alone", async ({ page }) => {
    await openLab(page);
    // Shortcuts only act while the lab has focus.
    await page.keyboard.press("n");
    await expect(row(lane(page, "In-memory"), 2)).toHaveCount(0);

    const send = button(page, "Send next request");
    for (let i = 0; i < 80 && !(await send.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
    await expect(send).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(row(lane(page, "In-memory"), 2)).toHaveCount(1);
    for (let n = 3; n <= 5; n++) {
      await page.keyboard.press("n");
      await expect(row(lane(page, "Sticky"), n)).toHaveCount(1);
    }
    await expectRow(lane(page, "In-memory"), 5, "S2", "Please log in again");

    // Modifier combinations are left to the browser.
    await page.keyboard.press("Alt+k");
    await expect(button(page, "Kill S1")).toBeVisible();

    await page.keyboard.press("k");
    await expect(button(page, "Revive S1")).toBeVisible();
    await page.keyboard.press("n");
    await expectRow(lane(page, "Sticky"), 6, "S2", "Please log in again");
    await expectRow(lane(page, "External store"), 6, "S3", "Hi Alice");

    // Tab + Enter on the toggle revives S1; focus stays on it.
    await page.keyboard.press("Tab");
    await expect(button(page, "Revive S1")).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(button(page, "Kill S1")).toBeFocused();
    await page.keyboard.press("b");
    await expect(button(page, "Revive S1")).toBeVisible();
    await page.keyboard.press("b");
    await expect(row(lane(page, "Sticky"), 6)).toHaveCount(0);
    await page.keyboard.press("0");
    await expect(row(lane(page, "Sticky"), 2)).toHaveCount(0);
    await expect(page).not.toHaveURL(/lab=/);

    // The third-lane switch is a radio group: arrow keys pick JWT.
    const redis = lab(page).getByRole("radio", { name: "Redis store" });
    await redis.focus();
    await page.keyboard.press("ArrowRight");
    await expect(lab(page).getByRole("radio", { name: "JWT" })).toBeChecked();
    await expect(page).toHaveURL(/third=jwt/);
  });

  test("predict first: guess each lane before the request after a kill, then see how you did", async ({ page }) => {
    await openLab(page, "?lab=n,n,n,n");
    await lab(page).getByRole("checkbox", { name: /Predict first/ }).check();
    await button(page, "Kill S1").click();
    const panel = lab(page).getByRole("group", { name: /Predict request 6/ });
    await expect(panel).toBeVisible();

    // Sending without a full prediction asks for one.
    await button(page, "Send next request").click();
    await expect(lab(page).getByText("Pick an answer for every lane")).toBeVisible();
    await expect(panel.getByRole("group", { name: "In-memory" }).getByRole("radio").first()).toBeFocused();
    await expect(row(lane(page, "Sticky"), 6)).toHaveCount(0);

    await panel.getByRole("group", { name: "In-memory" }).getByRole("radio", { name: "Logged out" }).check();
    await panel.getByRole("group", { name: "Sticky" }).getByRole("radio", { name: "OK" }).check();
    await panel.getByRole("group", { name: "External store" }).getByRole("radio", { name: "OK" }).check();
    await expectNoAxeViolations(page, "with the prediction panel");
    await panel.screenshot({ path: `${shotDir(test.info().project.name)}/lab-predict-panel.png` });
    await button(page, "Send next request").click();
    await expect(lab(page).getByText("Your predictions for request 6: 2 of 3 right.", { exact: true })).toBeVisible();
    await expect(lab(page).getByText("Sticky: you said OK, it was Logged out.")).toBeVisible();
    await expect(liveRegion(page)).toContainText("2 of 3 right");
    await shootLab(page, `${shotDir(test.info().project.name)}/lab-predict.png`);
  });

  test("a failed call shows a message and Retry, never a blank lane; stale answers are ignored", async ({ page }) => {
    test.setTimeout(60_000);
    await openLab(page, "?lab=n");
    // The sticky lane's next call fails.
    let failSticky = true;
    await page.route("**/api/sim", async (route) => {
      const body = route.request().postDataJSON() as { strategy: string; actions: unknown[] };
      if (failSticky && body.strategy === "sticky") {
        await route.fulfill({ status: 500, contentType: "application/json", body: JSON.stringify({ error: "boom" }) });
        return;
      }
      await route.continue();
    });
    await button(page, "Send next request").click();
    const sticky = lane(page, "Sticky");
    await expect(sticky.getByRole("alert")).toContainText("could not update");
    await expect(sticky.getByRole("alert")).toContainText("HTTP 500");
    // The lane keeps what it had.
    await expectRow(sticky, 2, "S1", "Hi Alice");
    await expect(row(lane(page, "In-memory"), 3)).toHaveCount(1);
    failSticky = false;
    await sticky.getByRole("button", { name: /^Retry/ }).click();
    await expect(sticky.getByRole("alert")).toHaveCount(0);
    await expectRow(sticky, 3, "S1", "Hi Alice");
    await page.unroute("**/api/sim");

    // Slow answers show a loading indicator; an older answer arriving late is ignored.
    await page.route("**/api/sim", async (route) => {
      const body = route.request().postDataJSON() as { actions: unknown[] };
      if (body.actions.length === 4) await new Promise((r) => setTimeout(r, 1500));
      await route.continue().catch(() => {});
    });
    await button(page, "Send next request").click();
    await expect(lab(page).getByText("Updating…").first()).toBeVisible();
    await button(page, "Send next request").click();
    for (const name of ["In-memory", "Sticky", "External store"] as const) await expect(row(lane(page, name), 5)).toHaveCount(1);
    await page.waitForTimeout(1800);
    for (const name of ["In-memory", "Sticky", "External store"] as const) await expect(row(lane(page, name), 5)).toHaveCount(1);
    await expect(lab(page).getByText("Updating…")).toHaveCount(0);
    await expect(page).toHaveURL(/\?lab=n,n,n,n$/);
    await page.unroute("**/api/sim");

    // A call that hangs: after a few seconds the lane says so and offers Retry.
    let hang = true;
    await page.route("**/api/sim", async (route) => {
      const body = route.request().postDataJSON() as { strategy: string };
      if (hang && body.strategy === "memory") await new Promise((r) => setTimeout(r, 6000));
      await route.continue().catch(() => {});
    });
    await button(page, "Send next request").click();
    const mem = lane(page, "In-memory");
    await expect(mem.getByRole("status").filter({ hasText: "Still waiting for the simulator" })).toBeVisible({ timeout: 8000 });
    await expect(mem.getByText("Updating…")).toBeVisible();
    hang = false;
    await mem.getByRole("button", { name: /^Retry/ }).click();
    await expectRow(mem, 6, "S3", "Please log in again");
    await expect(mem.getByText("Still waiting for the simulator")).toHaveCount(0);
  });

  test("lists its shortcuts, R revives S1, quick answers never flash a loading state, and reduced motion stops the animations", async ({ page }) => {
    await page.emulateMedia({ reducedMotion: "reduce" });
    await page.clock.install();
    await openLab(page);
    const keys = lab(page).locator(".sl-keys");
    await expect(keys).toContainText("Keyboard shortcuts while the lab has focus");
    for (const [key, what] of [["N", "send next request"], ["K", "kill S1"], ["R", "revive S1"], ["B", "step back"], ["0", "reset"]])
      await expect(keys).toContainText(new RegExp(`${key}\\s*${what}`, "i"));

    // An answer that comes within SLOW_MS never shows "Updating…", not even for a moment; one that
    // takes longer does. The page's clock is Playwright's, paused: time moves only when the test
    // says so, so a loaded machine cannot make a quick answer look slow (or the reverse).
    const held: (() => void)[] = [];
    // One call per lane; answer them once all three are waiting.
    const release = async () => {
      await expect.poll(() => held.length).toBe(3);
      held.splice(0).forEach((answer) => answer());
    };
    await page.route("**/api/sim", async (route) => {
      await new Promise<void>((answer) => held.push(answer));
      await route.continue().catch(() => {});
    });
    await lab(page).evaluate((root) => {
      const w = window as unknown as { sawUpdating?: boolean };
      w.sawUpdating = false;
      new MutationObserver(() => {
        if (root.textContent?.includes("Updating…")) w.sawUpdating = true;
      }).observe(root, { subtree: true, childList: true, characterData: true });
    });
    await page.clock.pauseAt(Date.now() + 60_000);
    const sawUpdating = () => page.evaluate(() => (window as unknown as { sawUpdating?: boolean }).sawUpdating);

    // Quick: the answers arrive 149 ms (page time) after the click.
    await button(page, "Send next request").click();
    await page.clock.runFor(SLOW_MS - 1);
    await release();
    for (const name of ["In-memory", "Sticky", "External store"] as const) await expect(row(lane(page, name), 2)).toHaveCount(1);
    expect(await sawUpdating()).toBe(false);

    // Slow: after SLOW_MS the lanes say they are updating, and stop saying it when the answers come.
    await button(page, "Send next request").click();
    await page.clock.runFor(SLOW_MS + 1);
    await expect(lane(page, "In-memory").getByText("Updating…")).toBeVisible();
    await release();
    for (const name of ["In-memory", "Sticky", "External store"] as const) await expect(row(lane(page, name), 3)).toHaveCount(1);
    await expect(lab(page).getByText("Updating…")).toHaveCount(0);
    await page.unroute("**/api/sim");
    await page.clock.resume();

    // The newest row does not slide in when the learner asked for less motion.
    const newest = row(lane(page, "In-memory"), 3);
    expect(await newest.evaluate((el) => getComputedStyle(el).animationName)).toBe("none");

    // K kills S1 and R revives it, while the lab has focus.
    await button(page, "Send next request").focus();
    await page.keyboard.press("k");
    await expect(button(page, "Revive S1")).toBeVisible();
    await page.keyboard.press("r");
    await expect(button(page, "Kill S1")).toBeVisible();
    await expect(page).toHaveURL(/lab=n,n,k1,r1$/);
  });

  test("passes axe in light and dark, fits the screen, and is screenshotted", async ({ page }, info) => {
    await openLab(page, "?lab=n,n,n,n,k1,n");
    await expectRow(lane(page, "Sticky"), 6, "S2", "Please log in again");
    await expect(lab(page).getByRole("region", { name: /What you have seen/ })).toContainText("3 of 3");
    await expectNoAxeViolations(page, "on the lab (light)");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, "horizontal overflow in px").toBeLessThanOrEqual(0);
    const dir = shotDir(info.project.name);
    await shootLab(page, `${dir}/lab-scenario.png`);
    await lab(page).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${dir}/lab-viewport.png` });

    await page.emulateMedia({ colorScheme: "dark" });
    await expectNoAxeViolations(page, "on the lab (dark)");
    await shootLab(page, `${dir}/lab-scenario-dark.png`);

    // Scrolled into the lanes: the controls stay in reach.
    await lane(page, "Sticky").getByRole("list").last().scrollIntoViewIfNeeded();
    await expect(button(page, "Send next request")).toBeInViewport();
    await page.screenshot({ path: `${dir}/lab-sticky-dark.png` });

    await page.emulateMedia({ colorScheme: "light" });
    await lab(page).getByRole("radio", { name: "JWT" }).check();
    await expect(lane(page, "External store")).toContainText("No server-side session");
    await expectNoAxeViolations(page, "on the lab with JWT");
    await shootLab(page, `${dir}/lab-jwt.png`);
  });
});
