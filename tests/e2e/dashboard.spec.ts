import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { expect, test, type APIRequestContext, type Browser, type Page, type TestInfo } from "@playwright/test";
import { parse } from "yaml";
import { expectNoAxeViolations } from "./axe";
import { createUser, makeStaff, signIn, signInApi, type TestUser } from "./fixtures";

const COURSE = "scaling-web-apps";
const MODULE = "statelessness";
const quizYaml = parse(readFileSync("content/scaling-web-apps/01-statelessness/quiz.yaml", "utf8")) as {
  id: string;
  questions: { id: string; type: string; prompt: string; choices: { id: string; text: string; correct: boolean; explanation: string }[] }[];
};
const [q1, q2] = quizYaml.questions as [(typeof quizYaml.questions)[number], (typeof quizYaml.questions)[number]];
const right = (q: typeof q1) => q.choices.filter((c) => c.correct).map((c) => c.id);
const wrong = (q: typeof q1) => [q.choices.find((c) => !c.correct)!.id];


async function answer(request: APIRequestContext, questionId: string, choiceIds: string[]) {
  const res = await request.post(`/api/quiz/${quizYaml.id}/answer`, { data: { questionId, choiceIds, idempotencyKey: randomUUID() } });
  expect(res.status(), await res.text()).toBe(200);
}
async function chapter(request: APIRequestContext, slug: string, event: "visited" | "completed") {
  const res = await request.post("/api/progress/chapter", { data: { course: COURSE, module: MODULE, chapter: slug, event } });
  expect(res.status(), await res.text()).toBe(200);
}

async function newLearnerContext(browser: Browser, baseURL: string, user: TestUser) {
  const ctx = await browser.newContext({ baseURL });
  await signInApi(ctx.request, user);
  return ctx;
}

function shot(page: Page, info: TestInfo, name: string) {
  const dir = `tests/screenshots/${info.project.name}`;
  mkdirSync(dir, { recursive: true });
  return page.screenshot({ path: `${dir}/dashboard-${name}.png`, fullPage: true });
}

test.describe.configure({ mode: "serial" });

test("an instructor follows a class: create, join, live rows, question analytics, timeline, lab replay, CSV", async ({ page, browser, request, baseURL }, info) => {
  test.setTimeout(180_000);
  const instructor = makeStaff(info, "instructor");
  // A name that needs CSV quoting and would be a formula in a spreadsheet.
  const zoe = await createUser(request, `=Zoë "Zed", Ng`);
  const bob = await createUser(request, "Bob Learner");

  // The instructor creates a class.
  await signIn(page, instructor, "/dashboard");
  await expect(page.getByRole("heading", { name: "Your classes" })).toBeVisible();
  await page.locator(".user-menu summary").click();
  await expect(page.locator(".user-menu__panel").getByRole("link", { name: "Dashboard" })).toBeVisible();
  await page.locator(".user-menu summary").click();
  await page.getByLabel("Class name").fill("Monday group");
  await page.getByRole("button", { name: "Create class" }).click();
  await expect(page).toHaveURL(/\/dashboard\/classes\/[a-z0-9]+$/);
  const classUrl = new URL(page.url()).pathname;
  const classId = classUrl.split("/").pop()!;
  const code = (await page.getByTestId("join-code").textContent())!.trim();
  expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
  await expect(page.getByText("Nobody has joined yet")).toBeVisible();

  // Learner 1 joins through the link and the form.
  const zoeCtx = await browser.newContext({ baseURL });
  const zoePage = await zoeCtx.newPage();
  await signIn(zoePage, zoe, `/join?code=${code}`);
  await expect(zoePage.getByLabel("Class code")).toHaveValue(code);
  await zoePage.getByRole("button", { name: "Join class" }).click();
  await expect(zoePage.getByRole("status")).toContainText("You joined Monday group");
  await expect(zoePage.getByRole("button", { name: "Leave Monday group" })).toBeVisible();
  await expectNoAxeViolations(zoePage, "on /join");
  await shot(zoePage, info, "join");
  // Learner 2 joins through the API, with the code typed in lower case.
  const bobCtx = await newLearnerContext(browser, baseURL!, bob);
  expect((await bobCtx.request.post("/api/classes/join", { data: { code: code.toLowerCase() } })).status()).toBe(200);

  // They make progress.
  await chapter(zoeCtx.request, "the-logout-bug", "completed");
  await chapter(zoeCtx.request, "what-is-state", "visited");
  await answer(zoeCtx.request, q1.id, wrong(q1));
  await answer(zoeCtx.request, q1.id, right(q1)); // a retry: shown in the timeline, not counted
  await answer(bobCtx.request, q1.id, wrong(q1));
  const lab = await zoeCtx.request.post("/api/lab/milestones", {
    data: {
      lab: "session-lab",
      servers: 3,
      actions: [{ type: "login", user: "alice" }, { type: "request" }, { type: "request" }, { type: "kill", server: "S1" }, { type: "request" }, { type: "request" }],
    },
  });
  expect(((await lab.json()) as { milestones: string[] }).milestones.length).toBeGreaterThan(0);

  // The instructor sees both rows.
  await page.reload();
  const table = page.getByTestId("overview-table");
  const zoeRow = table.locator(`tr[data-learner="${zoe.email}"]`);
  const bobRow = table.locator(`tr[data-learner="${bob.email}"]`);
  await expect(zoeRow).toContainText(zoe.name);
  await expect(zoeRow.getByTestId("completion")).toHaveText("13%");
  await expect(zoeRow.getByTestId("quiz")).toContainText("0%");
  await expect(bobRow.getByTestId("quiz")).toContainText("below pass");
  await expectNoAxeViolations(page, "on the class overview");
  // A moment later Bob answers another question right: the next render shows it (no caching).
  await answer(bobCtx.request, q2.id, right(q2));
  await page.reload();
  await expect(bobRow.getByTestId("quiz")).toContainText(`(1/${quizYaml.questions.length}, 2 answered)`);
  // Filters.
  await page.getByLabel("Show").selectOption("below-pass");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/filter=below-pass/);
  await expect(table.locator("tbody tr")).toHaveCount(2);
  await page.goto(`${classUrl}?filter=completed`);
  await expect(page.getByText("No learner matches this filter.")).toBeVisible();
  await page.goto(classUrl);
  await expect(page.getByRole("figure", { name: /Completion by chapter/ })).toBeVisible();
  await shot(page, info, "overview");

  // Question analytics.
  await page.getByRole("link", { name: "Question analytics" }).click();
  await expect(page).toHaveURL(`${classUrl}/questions`);
  const card = page.locator(`[data-question="${q1.id}"]`);
  await expect(card.getByTestId("share")).toHaveText("0%");
  await expect(card).toContainText("Most of the class misses this");
  await expect(card).toContainText("Most common wrong choice (2 learners)");
  await expect(card).toContainText(q1.choices.find((c) => c.id === wrong(q1)[0])!.explanation.slice(0, 40));
  await expect(card.locator(`tr[data-choice="${right(q1)[0]}"] td.num`)).toHaveText("0");
  await expect(page.locator('tr[data-milestone="memory-failed"] td.num')).toHaveText("1");
  await expectNoAxeViolations(page, "on question analytics");
  await shot(page, info, "questions");

  // One learner's timeline, and the lab run replayed in the lab.
  await page.goto(classUrl);
  await zoeRow.getByRole("link", { name: zoe.name }).click();
  await expect(page).toHaveURL(new RegExp(`${classUrl}/learners/`));
  const timeline = page.getByTestId("timeline");
  await expect(timeline).toContainText("Opened The bug that logs Alice out");
  await expect(timeline).toContainText("Completed The bug that logs Alice out");
  await expect(timeline).toContainText("(retry, not counted)");
  await expect(timeline).toContainText(q1.prompt.slice(0, 30));
  await expect(page.getByRole("table", { name: /Compared with the class average/ })).toContainText("Chapters completed");
  await expectNoAxeViolations(page, "on the learner page");
  await shot(page, info, "learner");
  await page.getByRole("link", { name: "Replay run 1 in the lab" }).click();
  await expect(page).toHaveURL(/\/learn\/scaling-web-apps\/statelessness\/session-lab\?lab=n,n,k1,n,n$/);
  await expect(page.getByRole("region", { name: /What you have seen/ })).toContainText(/[1-3] of 3/);

  // CSV exports: content, quoting, formula neutralising.
  await page.goto(classUrl);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Overview CSV" }).click()]);
  const csv = readFileSync((await download.path())!, "utf8");
  expect(csv.startsWith("\uFEFF")).toBe(true);
  const lines = csv.slice(1).split("\r\n");
  expect(lines[0]).toMatch(/^name,email,joined_at,completion_percent,/);
  expect(csv).toContain(`"'=Zoë ""Zed"", Ng",${zoe.email},`);
  expect(csv).toContain(`Bob Learner,${bob.email},`);
  const answersRes = await page.request.get(`/api/classes/${classId}/export/answers.csv`);
  expect(answersRes.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect(answersRes.headers()["content-disposition"]).toMatch(/^attachment; filename=/);
  const answersCsv = await answersRes.text();
  expect(answersCsv.split("\r\n").filter((l) => l.includes(zoe.email))).toHaveLength(2);
  expect(answersCsv.split("\r\n").filter((l) => l.includes(bob.email))).toHaveLength(2);

  // The dashboard list, then a learner leaves and disappears from the roster.
  await page.goto("/dashboard");
  await expect(page.getByRole("row", { name: /Monday group/ })).toContainText("2");
  await expectNoAxeViolations(page, "on /dashboard");
  await shot(page, info, "list");
  expect((await bobCtx.request.post(`/api/classes/${classId}/leave`)).status()).toBe(200);
  await page.goto(classUrl);
  await expect(table.locator(`tr[data-learner="${bob.email}"]`)).toHaveCount(0);

  // The instructor removes Zoë, with the keyboard: a confirmation dialog first (Escape cancels).
  const remove = zoeRow.getByRole("button", { name: `Remove ${zoe.name}` });
  await remove.press("Enter"); // focuses the button, then presses Enter on it
  const dialog = page.getByRole("dialog", { name: `Remove ${zoe.name} from this class?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("progress, lab runs and quiz answers are kept");
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await expectNoAxeViolations(page, "with the remove dialog open");
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(remove).toBeFocused();
  await expect(zoeRow).toHaveCount(1);
  await remove.press("Enter");
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Shift+Tab"); // from Cancel to "Remove from class"
  await expect(dialog.getByRole("button", { name: "Remove from class" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(zoeRow).toHaveCount(0);
  await expect(page.getByText("Nobody has joined yet")).toBeVisible();
  // Only the membership went: when Zoë joins again, her progress is still there.
  expect((await zoeCtx.request.post("/api/classes/join", { data: { code } })).status()).toBe(200);
  await page.reload();
  await expect(zoeRow.getByTestId("completion")).toHaveText("13%");
  await zoeCtx.close();
  await bobCtx.close();
});

test("a learner, another class's instructor and a signed-out visitor are refused on every dashboard route and export", async ({ browser, baseURL, request }, info) => {
  test.setTimeout(120_000);
  const owner = makeStaff(info, "instructor", "Owner Instructor");
  const other = makeStaff(info, "instructor", "Other Instructor");
  const learner = await createUser(request, "Nosy Learner");
  const ownerCtx = await browser.newContext({ baseURL });
  await signInApi(ownerCtx.request, owner);
  const made = (await (await ownerCtx.request.post("/api/classes", { data: { name: "Private class", course: COURSE } })).json()) as { id: string; joinCode: string };
  const learnerCtx = await newLearnerContext(browser, baseURL!, learner);
  expect((await learnerCtx.request.post("/api/classes/join", { data: { code: made.joinCode } })).status()).toBe(200);
  await answer(learnerCtx.request, q1.id, right(q1));
  // The learner's id, as the owner sees it.
  const overview = await (await ownerCtx.request.get(`/dashboard/classes/${made.id}`)).text();
  const learnerId = new RegExp(`/dashboard/classes/${made.id}/learners/([a-z0-9]+)`).exec(overview)?.[1];
  expect(learnerId).toBeTruthy();

  const pages = ["/dashboard", `/dashboard/classes/${made.id}`, `/dashboard/classes/${made.id}/questions`, `/dashboard/classes/${made.id}/learners/${learnerId}`];
  const exports = [`/api/classes/${made.id}/export/overview.csv`, `/api/classes/${made.id}/export/answers.csv`];
  const otherCtx = await browser.newContext({ baseURL });
  await signInApi(otherCtx.request, other);
  const anon = await browser.newContext({ baseURL });

  // The owner gets everything (the baseline, so the refusals below mean something).
  for (const url of [...pages, ...exports]) expect((await ownerCtx.request.get(url)).status(), url).toBe(200);
  // A guessed class id and a learner who is not in the class: 404.
  expect((await ownerCtx.request.get(`/dashboard/classes/${made.id.slice(0, -2)}zz`)).status()).toBe(404);
  expect((await ownerCtx.request.get(`/api/classes/${made.id.slice(0, -2)}zz/export/overview.csv`)).status()).toBe(404);
  expect((await ownerCtx.request.get(`/dashboard/classes/${made.id}/learners/${made.id}`)).status()).toBe(404);

  for (const url of pages) {
    const signedOut = await anon.request.get(url, { maxRedirects: 0 });
    expect(signedOut.status(), `signed out: ${url}`).toBe(307);
    expect(signedOut.headers().location, url).toContain("/signin?callbackUrl=");
    const asLearner = await learnerCtx.request.get(url);
    expect(asLearner.status(), `learner: ${url}`).toBe(404);
    expect(await asLearner.text()).not.toContain("Private class");
    if (url !== "/dashboard") {
      const asOther = await otherCtx.request.get(url);
      expect(asOther.status(), `other instructor: ${url}`).toBe(404);
      expect(await asOther.text()).not.toContain("Private class");
    }
  }
  for (const url of exports) {
    expect((await anon.request.get(url)).status(), `signed out: ${url}`).toBe(401);
    expect((await learnerCtx.request.get(url)).status(), `learner: ${url}`).toBe(403);
    const asOther = await otherCtx.request.get(url);
    expect(asOther.status(), `other instructor: ${url}`).toBe(404);
    expect(await asOther.text()).not.toContain(learner.email);
  }
  // The other instructor's own dashboard does not list it; a learner cannot create classes.
  expect(await (await otherCtx.request.get("/dashboard")).text()).not.toContain("Private class");
  expect((await learnerCtx.request.post("/api/classes", { data: { name: "Mine", course: COURSE } })).status()).toBe(403);
  expect((await anon.request.post("/api/classes/join", { data: { code: made.joinCode } })).status()).toBe(401);
  // Bad input: unknown course, unknown code, leaving a class one is not in.
  expect((await ownerCtx.request.post("/api/classes", { data: { name: "X", course: "nope" } })).status()).toBe(400);
  expect((await ownerCtx.request.post("/api/classes", { data: { name: "", course: COURSE } })).status()).toBe(400);
  expect((await learnerCtx.request.post("/api/classes/join", { data: { code: "ZZZZZZZZ" } })).status()).toBe(404);
  expect((await otherCtx.request.post(`/api/classes/${made.id}/leave`)).status()).toBe(404);
  // An admin sees the class.
  const admin = makeStaff(info, "admin", "Ada Admin");
  const adminCtx = await browser.newContext({ baseURL });
  await signInApi(adminCtx.request, admin);
  expect((await adminCtx.request.get(`/dashboard/classes/${made.id}`)).status()).toBe(200);

  // Removing a learner: only the class's instructor or an admin.
  const removeUrl = `/api/classes/${made.id}/learners/${learnerId}`;
  expect((await anon.request.delete(removeUrl)).status(), "signed out").toBe(401);
  expect((await learnerCtx.request.delete(removeUrl)).status(), "the learner").toBe(403);
  expect((await otherCtx.request.delete(removeUrl)).status(), "another instructor").toBe(404);
  expect((await ownerCtx.request.delete(`/api/classes/${made.id.slice(0, -2)}zz/learners/${learnerId}`)).status(), "guessed class").toBe(404);
  expect((await ownerCtx.request.get(removeUrl)).status()).toBe(405);
  expect((await ownerCtx.request.get(`/dashboard/classes/${made.id}/learners/${learnerId}`)).status(), "still in the class").toBe(200);
  expect((await adminCtx.request.delete(removeUrl)).status(), "admin").toBe(200);
  expect((await ownerCtx.request.delete(removeUrl)).status(), "already removed").toBe(404);
  expect((await ownerCtx.request.get(`/dashboard/classes/${made.id}/learners/${learnerId}`)).status()).toBe(404);

  // Guessing join codes: 10 wrong codes per account in 15 minutes, then 429 with Retry-After, even for the right code.
  const guesser = await createUser(request, "Code Guesser");
  const guesserCtx = await newLearnerContext(browser, baseURL!, guesser);
  for (let i = 0; i < 10; i++) expect((await guesserCtx.request.post("/api/classes/join", { data: { code: `ZZZZZZ${i}Z` } })).status()).toBe(404);
  const limited = await guesserCtx.request.post("/api/classes/join", { data: { code: made.joinCode } });
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(800);
  expect(((await limited.json()) as { error: string }).error).toMatch(/Too many wrong class codes from your account\. Try again in 1[45] minutes/);
  // Another account is not affected.
  expect((await learnerCtx.request.post("/api/classes/join", { data: { code: made.joinCode } })).status()).toBe(200);
  for (const c of [ownerCtx, learnerCtx, otherCtx, anon, adminCtx, guesserCtx]) await c.close();
});
