import { mkdirSync } from "node:fs";
import { expect, test, type Locator, type Page, type TestInfo } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";

const SORTER_URL = "/learn/scaling-web-apps/statelessness/what-is-state";
const JWT_URL = "/learn/scaling-web-apps/statelessness/signed-not-encrypted";

const REJECTED = "Rejected: the signature does not match the header and payload";
const ACCEPTED = "Accepted: signature valid";

async function shot(target: Page | Locator, info: TestInfo, name: string) {
  const dir = `tests/screenshots/${info.project.name}`;
  mkdirSync(dir, { recursive: true });
  // CSS pixels (a 360 px phone gives a 360 px image); the sticky header would otherwise sit on top of tall widgets.
  await target.screenshot({
    path: `${dir}/widget-${name}.png`,
    scale: "css",
    animations: "disabled",
    style: ".site-header, .reading-progress { visibility: hidden !important; }",
  });
}

async function expectNoHorizontalOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "horizontal overflow in px").toBeLessThanOrEqual(0);
}

// ---------------------------------------------------------------------------------------------
// State sorter
// ---------------------------------------------------------------------------------------------

const sorterOf = (page: Page) => page.getByRole("region", { name: "Sort the state" });
const cardOf = (page: Page, title: string) => sorterOf(page).getByRole("group", { name: title });

test.describe("state sorter", () => {
  test("explains each answer, right or wrong, keeps score, and resets", async ({ page }, info) => {
    await page.goto(SORTER_URL);
    const sorter = sorterOf(page);
    const score = sorter.locator(".sorter__score");
    const live = sorter.locator('[aria-live="polite"]');
    await expect(score).toContainText("0 of 10 sorted right");
    await expect(score).toContainText("10 still to sort");
    await expect(sorter.getByRole("group")).toHaveCount(10);

    // Right: configuration stays in the process.
    const config = cardOf(page, "Configuration read at boot");
    await config.getByRole("button", { name: "Keep in process" }).click();
    await expect(config).toContainText("Right.");
    await expect(config).toContainText("it's fine to keep in the process");
    await expect(config).toContainText("Every server reads the same values");
    await expect(config.getByRole("button", { name: "Keep in process" })).toHaveCount(0);
    await expect(score).toContainText("1 of 10 sorted right");
    await expect(live).toContainText("Configuration read at boot: right");

    // Wrong: a per-user cart kept in a Map.
    const cart = cardOf(page, "shopping cart");
    await cart.getByRole("button", { name: "Keep in process" }).click();
    await expect(cart).toContainText("Not quite.");
    await expect(cart).toContainText("it must move out of the process");
    await expect(cart).toContainText("Redis or the database");
    await expect(score).toContainText("1 of 10 sorted right");
    await expect(live).toContainText("not quite");

    // Try again, this time right.
    await cart.getByRole("button", { name: "Try again" }).click();
    await expect(cart).not.toContainText("Not quite.");
    await cart.getByRole("button", { name: "Move out" }).click();
    await expect(cart).toContainText("Right.");
    await expect(score).toContainText("2 of 10 sorted right");

    // Wrong: a connection pool holds no user's data.
    const pool = cardOf(page, "database connection pool");
    await pool.getByRole("button", { name: "Move out" }).click();
    await expect(pool).toContainText("Not quite.");
    await expect(pool).toContainText("holds no user's data");

    // The nuanced one: a WebSocket is fine to hold, but not as the only home of user state.
    const socket = cardOf(page, "WebSocket");
    await socket.getByRole("button", { name: "Keep in process" }).click();
    await expect(socket).toContainText("Right.");
    await expect(socket).toContainText("don't keep user state only there");

    // Right: login attempts per user must be shared.
    const attempts = cardOf(page, "failed login attempts");
    await attempts.getByRole("button", { name: "Move out" }).click();
    await expect(attempts).toContainText("per server, not per user");
    await expect(score).toContainText("4 of 10 sorted right");
    await expect(score).toContainText("5 still to sort");

    await expectNoHorizontalOverflow(page);
    await sorter.scrollIntoViewIfNeeded();
    await shot(sorter, info, "sorter");
    await page.emulateMedia({ colorScheme: "dark" });
    await shot(sorter, info, "sorter-dark");
    await page.emulateMedia({ colorScheme: "light" });

    await sorter.getByRole("button", { name: "Reset" }).click();
    await expect(score).toContainText("0 of 10 sorted right");
    await expect(sorter.getByRole("button", { name: "Keep in process" })).toHaveCount(10);
    await expect(sorter.getByRole("button", { name: "Try again" })).toHaveCount(0);
    await expect(live).toContainText("Reset");
  });

  test("works with the keyboard alone", async ({ page }) => {
    await page.goto(SORTER_URL);
    const sorter = sorterOf(page);
    const config = cardOf(page, "Configuration read at boot");
    const cart = cardOf(page, "shopping cart");

    // Tab into the widget from the heading just before it.
    await page.locator("#try-it-sort-the-state").evaluate((h) => {
      h.setAttribute("tabindex", "-1");
      (h as HTMLElement).focus();
    });
    let reached = false;
    for (let i = 0; i < 10 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await config.getByRole("button", { name: "Keep in process" }).evaluate((b) => b === document.activeElement);
    }
    expect(reached, "Tab reaches the first card's first button").toBe(true);

    await page.keyboard.press("Enter");
    await expect(config).toContainText("Right.");
    // Focus moves to the card's "Try again", so the next Tab goes on to the next card.
    await expect(config.getByRole("button", { name: "Try again" })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(cart.getByRole("button", { name: "Keep in process" })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(cart.getByRole("button", { name: "Move out" })).toBeFocused();
    await page.keyboard.press("Space");
    await expect(cart).toContainText("Right.");
    await expect(cart.getByRole("button", { name: "Try again" })).toBeFocused();

    // Try again brings focus back to the card's choices.
    await page.keyboard.press("Enter");
    await expect(cart.getByRole("button", { name: "Keep in process" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(cart).toContainText("Not quite.");
    await expect(sorter.locator(".sorter__score")).toContainText("1 of 10 sorted right");

    // On to Reset, Tab by Tab.
    const reset = sorter.getByRole("button", { name: "Reset" });
    let onReset = false;
    for (let i = 0; i < 30 && !onReset; i++) {
      await page.keyboard.press("Tab");
      onReset = await reset.evaluate((b) => b === document.activeElement);
    }
    expect(onReset, "Tab reaches Reset").toBe(true);
    await page.keyboard.press("Enter");
    await expect(sorter.locator(".sorter__score")).toContainText("0 of 10 sorted right");
    await expect(reset).toBeFocused();
  });

  test("passes axe in light and dark, answered and not", async ({ page }) => {
    await page.goto(SORTER_URL);
    await expect(sorterOf(page)).toBeVisible();
    await expectNoAxeViolations(page, "on the sorter chapter (light, unanswered)");
    await cardOf(page, "Configuration read at boot").getByRole("button", { name: "Keep in process" }).click();
    await cardOf(page, "shopping cart").getByRole("button", { name: "Keep in process" }).click();
    await expectNoAxeViolations(page, "on the sorter chapter (light, answered)");
    await page.emulateMedia({ colorScheme: "dark" });
    await expectNoAxeViolations(page, "on the sorter chapter (dark, answered)");
    await expectNoHorizontalOverflow(page);
  });
});

// ---------------------------------------------------------------------------------------------
// JWT inspector
// ---------------------------------------------------------------------------------------------

const inspectorOf = (page: Page) => page.getByRole("region", { name: "JWT inspector" });
const editorOf = (page: Page) => inspectorOf(page).getByLabel("Payload JSON (edit it, then send)");

async function openInspector(page: Page) {
  await page.goto(JWT_URL);
  const inspector = inspectorOf(page);
  await expect(inspector.locator(".jwt-json--payload")).toContainText('"sub"');
  return inspector;
}

test.describe("JWT inspector", () => {
  test("decodes a real lab token, and the server accepts it unchanged", async ({ page }) => {
    const inspector = await openInspector(page);
    const payload = inspector.locator(".jwt-json--payload");
    await expect(payload).toContainText('"sub": "alice"');
    await expect(payload).toContainText('"name": "Alice"');
    await expect(inspector.locator(".jwt-json--header")).toContainText('"alg": "HS256"');
    // The token, in three labelled parts.
    const token = inspector.locator(".jwt-token").first();
    for (const label of ["Header", "Payload", "Signature"]) await expect(token).toContainText(label);
    await expect(token.locator(".jwt-seg--header")).toContainText("eyJ");
    // The editor starts with the same payload.
    const value = await editorOf(page).inputValue();
    expect(JSON.parse(value)).toMatchObject({ sub: "alice", name: "Alice" });
    await expect(inspector.getByText("Decoding needs no key")).toBeVisible();

    await inspector.getByRole("button", { name: "Send to the server" }).click();
    await expect(inspector.locator(".jwt-verdict")).toContainText(ACCEPTED);
    await expect(inspector.locator(".jwt-verdict")).toContainText("No claims changed");
    await expect(inspector.locator('[aria-live="polite"]')).toContainText(`Server verdict: ${ACCEPTED}`);
  });

  test("an edited name is rejected with the signature reason, and Restore brings the original back", async ({ page }, info) => {
    const inspector = await openInspector(page);
    const editor = editorOf(page);
    const original = await editor.inputValue();
    await editor.fill(original.replace('"Alice"', '"Mallory"'));
    await inspector.getByRole("button", { name: "Send to the server" }).click();
    const verdict = inspector.locator(".jwt-verdict");
    await expect(verdict).toContainText(REJECTED);
    await expect(verdict).toContainText('"name" changed: "Alice" → "Mallory"');
    await expect(verdict).toContainText("Payload (edited)");
    await expect(verdict).toContainText("Signature (original)");
    await expect(inspector.locator('[aria-live="polite"]')).toContainText(`Server verdict: ${REJECTED}`);
    await expectNoHorizontalOverflow(page);
    await inspector.scrollIntoViewIfNeeded();
    await shot(inspector, info, "jwt-rejected");

    // Adding a claim is just as visible to the server.
    const withRole = { ...(JSON.parse(original) as Record<string, unknown>), role: "admin" };
    await editor.fill(JSON.stringify(withRole, null, 2));
    await inspector.getByRole("button", { name: "Send to the server" }).click();
    await expect(verdict).toContainText('"role" added: "admin"');
    await expect(verdict).toContainText(REJECTED);

    await inspector.getByRole("button", { name: "Restore the original" }).click();
    await expect(editor).toHaveValue(original);
    await expect(verdict).toHaveCount(0);
  });

  test("invalid JSON gets an inline error and sends nothing", async ({ page }, info) => {
    const inspector = await openInspector(page);
    let verifyCalls = 0;
    page.on("request", (r) => {
      if (r.url().includes("/api/jwt/verify")) verifyCalls++;
    });
    const editor = editorOf(page);
    await editor.fill('{ "sub": "alice", name: Mallory ');
    await inspector.getByRole("button", { name: "Send to the server" }).click();
    const error = inspector.locator(".jwt-editor__error");
    await expect(error).toContainText("not valid JSON, so nothing was sent");
    await expect(editor).toHaveAttribute("aria-invalid", "true");
    await expect(editor).toHaveAccessibleDescription(/not valid JSON/);
    await inspector.scrollIntoViewIfNeeded();
    await shot(inspector, info, "jwt-bad-json");

    // A JSON value that isn't an object is refused too.
    await editor.fill("[1, 2]");
    await inspector.getByRole("button", { name: "Send to the server" }).click();
    await expect(error).toContainText("must be a JSON object");
    expect(verifyCalls).toBe(0);

    // Typing clears the error.
    await editor.fill('{ "sub": "alice" }');
    await expect(error).toHaveCount(0);
    await expect(editor).not.toHaveAttribute("aria-invalid", "true");
  });

  test("a failed request says so and can be retried", async ({ page }) => {
    const inspector = await openInspector(page);
    await page.route("**/api/jwt/verify", (route) => route.abort("failed"));
    await inspector.getByRole("button", { name: "Send to the server" }).click();
    await expect(inspector.locator(".jwt__problem")).toContainText("Couldn't reach the lab server");
    await page.unroute("**/api/jwt/verify");
    await inspector.getByRole("button", { name: "Retry" }).click();
    await expect(inspector.locator(".jwt-verdict")).toContainText(ACCEPTED);
    await expect(inspector.locator(".jwt__problem")).toHaveCount(0);
  });

  test("a slow token shows a loading message; a failed one offers Retry", async ({ page }) => {
    let fail = true;
    await page.route("**/api/sim", async (route) => {
      if (fail) return route.abort("failed");
      await new Promise((r) => setTimeout(r, 800));
      return route.continue();
    });
    await page.goto(JWT_URL);
    const inspector = inspectorOf(page);
    await expect(inspector.getByRole("alert")).toContainText("Couldn't reach the lab server to issue a token");
    fail = false;
    await inspector.getByRole("button", { name: "Retry" }).click();
    await expect(inspector.getByText("Getting a token from the lab server…")).toBeVisible();
    await expect(inspector.locator(".jwt-json--payload")).toContainText('"name"');
    await expect(inspector.getByText("Getting a token from the lab server…")).toHaveCount(0);
  });

  test("works with the keyboard alone", async ({ page }) => {
    const inspector = await openInspector(page);
    const editor = editorOf(page);
    await editor.focus();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type('{"sub":"alice","name":"Mallory","iat":1,"exp":2}');
    await page.keyboard.press("Tab");
    await expect(inspector.getByRole("button", { name: "Send to the server" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(inspector.locator(".jwt-verdict")).toContainText(REJECTED);
    await page.keyboard.press("Tab");
    await expect(inspector.getByRole("button", { name: "Restore the original" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(editor).toHaveValue(/"name": "Alice"/);
    // The decoding hint opens from the keyboard too.
    await inspector.locator(".jwt-hint summary").focus();
    await page.keyboard.press("Enter");
    await expect(inspector.locator(".jwt-hint")).toContainText("JSON.parse(atob(payload.replace(/-/g,'+').replace(/_/g,'/')))");
  });

  test("passes axe in light and dark, with a verdict and an error showing", async ({ page }, info) => {
    const inspector = await openInspector(page);
    await expectNoAxeViolations(page, "on the JWT chapter (light)");
    await inspector.locator(".jwt-hint summary").click();
    const editor = editorOf(page);
    await editor.fill((await editor.inputValue()).replace('"Alice"', '"Mallory"'));
    await inspector.getByRole("button", { name: "Send to the server" }).click();
    await expect(inspector.locator(".jwt-verdict")).toContainText(REJECTED);
    await expectNoAxeViolations(page, "on the JWT chapter (light, rejected)");
    await inspector.scrollIntoViewIfNeeded();
    await shot(inspector, info, "jwt");
    await page.emulateMedia({ colorScheme: "dark" });
    await expectNoAxeViolations(page, "on the JWT chapter (dark, rejected)");
    await shot(inspector, info, "jwt-dark");
    await editor.fill("{ nope");
    await inspector.getByRole("button", { name: "Send to the server" }).click();
    await expect(inspector.locator(".jwt-editor__error")).toBeVisible();
    await expectNoAxeViolations(page, "on the JWT chapter (dark, bad JSON)");
    await inspector.getByRole("button", { name: "Restore the original" }).click();
    await inspector.getByRole("button", { name: "Send to the server" }).click();
    await expect(inspector.locator(".jwt-verdict")).toContainText(ACCEPTED);
    await expectNoAxeViolations(page, "on the JWT chapter (dark, accepted)");
    await shot(inspector, info, "jwt-accepted-dark");
    await expectNoHorizontalOverflow(page);
  });
});
