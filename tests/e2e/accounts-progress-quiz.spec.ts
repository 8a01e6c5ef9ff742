import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { parse } from "yaml";
import { expectNoAxeViolations } from "./axe";
import { e2eDatabaseUrl } from "./env";
import { createUser, makeStaff, MODULE, QUIZ_CHAPTER, signIn } from "./fixtures";

const quizYaml = parse(readFileSync("content/scaling-web-apps/01-statelessness/quiz.yaml", "utf8")) as {
  questions: { id: string; type: string; prompt: string; choices: { id: string; text: string; correct: boolean; explanation: string }[] }[];
};
const firstQ = quizYaml.questions[0]!;
const firstRight = firstQ.choices.find((c) => c.correct)!;
const firstWrong = firstQ.choices.find((c) => !c.correct)!;

test.describe.configure({ mode: "serial" });

test("a learner signs up, reads, completes a chapter, answers the quiz, and finds it all on another device", async ({ page, browser, request }) => {
  const user = await createUser(request, "Ada Learner");
  await signIn(page, user, "/learn/scaling-web-apps/statelessness/the-logout-bug");
  await page.getByRole("button", { name: "Mark chapter complete" }).click();
  await expect(page.getByRole("button", { name: "Completed" })).toHaveAttribute("aria-pressed", "true");

  await page.goto(QUIZ_CHAPTER);
  const q1 = page.locator(`[data-question="${firstQ.id}"]`);
  await q1.getByRole("button", { name: firstWrong.text }).click();
  // The explanation arrives right after the click, with the right choice revealed.
  await expect(q1).toContainText(firstWrong.explanation.slice(0, 40));
  await expect(q1).toContainText("Not quite.");
  await expect(q1).toContainText(firstRight.explanation.slice(0, 40));
  // A retry shows more explanations but the first answer is the one that counts.
  await q1.getByRole("button", { name: firstRight.text }).click();
  await expect(q1).toContainText("Your first answer (not correct) is the one that counts");
  await expectNoAxeViolations(page, "on the quiz after answering");

  // Another browser (fresh context): sign in, everything is there.
  const other = await browser.newContext();
  const page2 = await other.newPage();
  await signIn(page2, user, MODULE);
  await expect(page2.getByRole("progressbar", { name: /Module progress/ })).toHaveAttribute("aria-valuenow", "13");
  await expect(page2.getByText("1 of 8 chapters")).toBeVisible();
  await page2.goto(QUIZ_CHAPTER);
  await expect(page2.locator(`[data-question="${firstQ.id}"]`)).toContainText("Your first answer (not correct) is the one that counts");
  await expect(page2.locator(".quiz-results")).toContainText("0 of");
  await other.close();
});

test("answering every question shows a result with chapters to review, and the quiz can be retaken", async ({ page, request }) => {
  const user = await createUser(request);
  await signIn(page, user, QUIZ_CHAPTER);
  for (const [i, q] of quizYaml.questions.entries()) {
    const box = page.locator(`[data-question="${q.id}"]`);
    // Get the first two wrong on purpose, the rest right.
    const pick = i < 2 ? q.choices.filter((c) => !c.correct).slice(0, 1) : q.choices.filter((c) => c.correct);
    if (q.type === "single") await box.getByRole("button", { name: pick[0]!.text }).click();
    else {
      for (const c of pick) await box.getByRole("checkbox", { name: c.text }).check();
      await box.getByRole("button", { name: "Check answer" }).click();
    }
    await expect(box.locator(".verdict")).toBeVisible();
  }
  const total = quizYaml.questions.length;
  const results = page.locator(".quiz-results");
  await expect(results).toContainText(`${total - 2} of ${total}`);
  await expect(results).toContainText(Math.round(((total - 2) / total) * 100) >= 80 ? "Passed" : "Not passed yet");
  await expect(results.getByRole("link", { name: /^Review/ }).first()).toBeVisible();
  await expectNoAxeViolations(page, "on the quiz results");
  await results.getByRole("button", { name: "Retake the quiz" }).click();
  await expect(page.locator(".quiz-results")).toHaveCount(0);
  await page.reload();
  await expect(page.locator(`[data-question="${firstQ.id}"] .verdict`)).toHaveCount(0);
});

test("a guest can answer and read explanations; nothing is saved and they are invited to sign in", async ({ page, request }) => {
  await page.goto(QUIZ_CHAPTER);
  await expect(page.getByText("You are answering as a guest")).toBeVisible();
  const q1 = page.locator(`[data-question="${firstQ.id}"]`);
  await q1.getByRole("button", { name: firstRight.text }).click();
  await expect(q1).toContainText("Correct.");
  await expect(q1).toContainText(firstRight.explanation.slice(0, 40));
  const link = page.getByRole("link", { name: "Sign in" }).first();
  await expect(link).toHaveAttribute("href", /callbackUrl=/);
  const progress = await request.get("/api/progress?course=scaling-web-apps");
  expect(await progress.json()).toEqual({ signedIn: false });
});

test("the answer key and explanations are not in the page, its RSC payload or its JavaScript before answering", async ({ request }) => {
  const html = await (await request.get(QUIZ_CHAPTER)).text();
  const rsc = await (await request.get(QUIZ_CHAPTER, { headers: { RSC: "1" } })).text();
  const scripts = [...html.matchAll(/src="(\/_next\/static\/[^"]+\.js)"/g)].map((m) => m[1]!);
  expect(scripts.length).toBeGreaterThan(0);
  const js = (await Promise.all(scripts.map(async (s) => (await request.get(s)).text()))).join("\n");
  for (const q of quizYaml.questions) {
    // The prompt is there (the quiz renders)…
    expect(html).toContain(q.prompt.slice(0, 30).replace(/'/g, "&#x27;").replace(/"/g, "&quot;"));
    for (const c of q.choices) {
      // …but no explanation, in any of the three.
      const probe = c.explanation.slice(0, 50);
      expect(html, `explanation of ${q.id}/${c.id} in HTML`).not.toContain(probe);
      expect(rsc, `explanation of ${q.id}/${c.id} in RSC`).not.toContain(probe);
      expect(js, `explanation of ${q.id}/${c.id} in JS`).not.toContain(probe);
    }
  }
  expect(rsc).not.toMatch(/"correct"\s*:\s*true/);
  expect(html).not.toMatch(/\\"correct\\":true/);
});

test("quiz and progress APIs refuse bad input with a clear JSON error and write nothing wrong", async ({ page, request }) => {
  const user = await createUser(request);
  await signIn(page, user, "/");
  const api = page.request;
  const post = (url: string, data: unknown) => api.post(url, { data, headers: { origin: new URL(page.url()).origin } });
  const cases: [string, unknown, number][] = [
    ["/api/quiz/statelessness-quiz/answer", { questionId: "nope", choiceIds: ["a"], idempotencyKey: "k-000000001" }, 404],
    ["/api/quiz/no-such-quiz/answer", { questionId: firstQ.id, choiceIds: ["a"], idempotencyKey: "k-000000002" }, 404],
    ["/api/quiz/statelessness-quiz/answer", { questionId: firstQ.id, choiceIds: ["zz"], idempotencyKey: "k-000000003" }, 400],
    ["/api/quiz/statelessness-quiz/answer", { questionId: firstQ.id, choiceIds: [], idempotencyKey: "k-000000004" }, 400],
    ["/api/quiz/statelessness-quiz/answer", { questionId: firstQ.id, choiceIds: ["a"], idempotencyKey: "short" }, 400],
    ["/api/quiz/statelessness-quiz/answer", "garbage", 400],
    ["/api/quiz/statelessness-quiz/answer", { questionId: firstQ.id, choiceIds: ["a"], idempotencyKey: "k-000000005", userId: "someone-else" }, 400],
    ["/api/progress/chapter", { course: "scaling-web-apps", module: "statelessness", chapter: "nope", event: "completed" }, 404],
    ["/api/progress/chapter", { course: "scaling-web-apps", module: "statelessness", chapter: "the-logout-bug", event: "explode" }, 400],
    ["/api/progress/reset", { course: "x" }, 400],
    ["/api/auth/signup", { name: "", email: "not-an-email", password: "short" }, 400],
  ];
  for (const [url, data, status] of cases) {
    const res = await post(url, data);
    expect(res.status(), `${url} ${JSON.stringify(data)}`).toBe(status);
    const body = await res.json();
    expect(typeof body.error).toBe("string");
    expect(body.error.length).toBeGreaterThan(10);
  }
  // The same answer sent twice (a retry) is recorded once and answered identically.
  const answer = { questionId: firstQ.id, choiceIds: [firstWrong.id], idempotencyKey: `retry-${Date.now()}-${Math.random().toString(36).slice(2, 10)}` };
  const a = await (await post("/api/quiz/statelessness-quiz/answer", answer)).json();
  const b = await (await post("/api/quiz/statelessness-quiz/answer", answer)).json();
  expect(b).toEqual(a);
  expect(a.counted).toBe(true);
  const state = await (await api.get("/api/quiz/statelessness-quiz")).json();
  expect(state.score.answered).toBe(1);
  // A forged cross-site request is refused.
  const forged = await api.post("/api/progress/chapter", {
    data: { course: "scaling-web-apps", module: "statelessness", chapter: "the-logout-bug", event: "completed" },
    headers: { origin: "https://evil.example" },
  });
  expect(forged.status()).toBe(403);
});

test("sign out everywhere ends the session in every browser", async ({ page, browser, request }) => {
  const user = await createUser(request);
  await signIn(page, user, "/account");
  const other = await browser.newContext();
  const page2 = await other.newPage();
  await signIn(page2, user, "/account");
  await expect(page2.getByText("signed in on 2 browsers")).toBeVisible();
  await expectNoAxeViolations(page2, "on the account page");
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await page2.goto("/account");
  await expect(page2).toHaveURL(/\/signin/);
  const progress = await page2.request.get("/api/progress?course=scaling-web-apps");
  expect(await progress.json()).toEqual({ signedIn: false });
  await other.close();
});

test("signing out ends the session on the server: a copied session cookie no longer works", async ({ page, browser, request }) => {
  const user = await createUser(request);
  await signIn(page, user, "/account");
  const cookies = await page.context().cookies();
  expect((await page.request.get("/api/account/me")).status()).toBe(200);
  await page.locator("summary[aria-label^='Account menu']").click();
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  // Someone who copied the cookie before the sign-out replays it.
  const copy = await browser.newContext();
  await copy.addCookies(cookies);
  const me = await copy.request.get("/api/account/me");
  expect(me.status()).toBe(401);
  expect(await copy.request.get("/api/progress?course=scaling-web-apps").then((r) => r.json())).toEqual({ signedIn: false });
  await copy.close();
});

test("sign-in is rate limited per account, with a message that says when to try again", async ({ page, request }) => {
  const user = await createUser(request);
  await page.goto("/signin");
  await expectNoAxeViolations(page, "on the sign-in page");
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill("wrong-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("form").getByRole("alert")).toContainText("do not match");
  }
  // Even the right password is refused now, and the message says when to come back.
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toContainText(/Too many failed sign-in attempts for this account\. Try again in 1[45] minutes\./);
  await page.goto("/signup");
  await expectNoAxeViolations(page, "on the sign-up page");
});

test("a session survives a server restart and works on a second instance", async ({ page, request }, info) => {
  test.skip(!!process.env.E2E_BASE_URL, "needs the local build");
  const user = await createUser(request);
  await signIn(page, user, "/account");
  const port = 3190 + info.parallelIndex;
  const start = () =>
    spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
      env: { ...process.env, DATABASE_URL: e2eDatabaseUrl(new URL(info.project.use.baseURL ?? "http://x:3107").port), LECTERN_LOCAL: "1" },
      stdio: "ignore",
    });
  const waitUp = async () => {
    for (let i = 0; i < 60; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return;
      } catch {}
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error("second instance did not start");
  };
  let server: ChildProcess = start();
  try {
    await waitUp();
    // Cookies are per host, not per port: the same browser session reaches the second instance.
    await page.goto(`http://127.0.0.1:${port}/account`);
    await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
    server.kill("SIGKILL");
    server = start();
    await waitUp();
    await page.reload();
    await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
    await expect(page.getByText(user.email)).toBeVisible();
  } finally {
    server.kill("SIGKILL");
  }
});

test("an admin can revoke a learner's sessions; the learner is signed out on the next request", async ({ page, browser, request }, info) => {
  const learner = await createUser(request);
  await signIn(page, learner, "/account");
  const admin = makeStaff(info, "admin", "Admin");
  const adminCtx = await browser.newContext();
  const adminPage = await adminCtx.newPage();
  await signIn(adminPage, admin, "/account");
  // A learner may not revoke anyone; the admin may.
  const userId = await userIdOf(page);
  expect(userId).toBeTruthy();
  expect((await page.request.post(`/api/admin/users/${userId}/revoke-sessions`)).status()).toBe(403);
  const res = await adminPage.request.post(`/api/admin/users/${userId}/revoke-sessions`);
  expect(res.status()).toBe(200);
  expect((await res.json()).revoked).toBe(1);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/signin/);
  expect((await adminPage.request.post(`/api/admin/users/nosuchuser/revoke-sessions`)).status()).toBe(404);
  await adminCtx.close();
});

async function userIdOf(page: import("@playwright/test").Page): Promise<string> {
  return page.evaluate(async () => (await (await fetch("/api/account/me")).json()).id as string);
}

test("resetting a module clears its progress and starts a new quiz attempt", async ({ page, request }) => {
  const user = await createUser(request);
  await signIn(page, user, "/learn/scaling-web-apps/statelessness/the-logout-bug");
  await page.getByRole("button", { name: "Mark chapter complete" }).click();
  await expect(page.getByRole("button", { name: "Completed" })).toBeVisible();
  const answered = await page.request.post("/api/quiz/statelessness-quiz/answer", {
    data: { questionId: firstQ.id, choiceIds: [firstRight.id], idempotencyKey: `reset-${Date.now()}-${Math.random().toString(36).slice(2)}` },
  });
  expect((await answered.json()).counted).toBe(true);
  await page.goto(MODULE);
  await expect(page.getByText("1 of 8 chapters")).toBeVisible();
  await expect(page.getByRole("link", { name: /^Continue:/ })).toBeVisible();
  await page.getByRole("button", { name: "Reset module progress" }).click();
  await page.getByRole("button", { name: "Yes, reset" }).click();
  await expect(page.getByText("0 of 8 chapters")).toBeVisible();
  const state = await (await page.request.get("/api/quiz/statelessness-quiz")).json();
  expect(state.attempt).toBe(2);
  expect(state.score.answered).toBe(0);
});

test("production refuses to start without AUTH_SECRET, and says what to set", async () => {
  test.skip(!!process.env.E2E_BASE_URL, "needs the local build");
  const env = { ...process.env, LECTERN_LOCAL: "", AUTH_SECRET: "", NEXTAUTH_SECRET: "", NODE_ENV: "production" as const };
  const r = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", "3199", "-H", "127.0.0.1"], { env, encoding: "utf8", timeout: 30_000 });
  expect(r.status).not.toBe(0);
  expect(r.stderr + r.stdout).toContain("Lectern refuses to start: AUTH_SECRET is not set");
});

test("lab milestones are derived on the server from the action log, and saved for a signed-in learner", async ({ page, request }) => {
  const log = [{ type: "login", user: "alice" }, { type: "request" }, { type: "request" }, { type: "kill", server: "S1" }, { type: "request" }];
  // A guest gets the milestones computed, not saved.
  const guest = await request.post("/api/lab/milestones", { data: { lab: "session-lab", servers: 3, actions: log } });
  expect(await guest.json()).toEqual({ milestones: ["memory-failed", "sticky-failed-after-kill", "external-survived-kill"], saved: false });
  // A log that shows nothing yet reaches nothing: the browser cannot claim a milestone.
  const nothing = await request.post("/api/lab/milestones", { data: { lab: "session-lab", servers: 3, actions: [{ type: "login", user: "alice" }] } });
  expect((await nothing.json()).milestones).toEqual([]);
  const bad = await request.post("/api/lab/milestones", { data: { lab: "session-lab", milestones: ["memory-failed"], actions: [] } });
  expect(bad.status()).toBe(400);
  // A server that this run does not have is named, not a 500.
  const ghost = await request.post("/api/lab/milestones", { data: { lab: "session-lab", servers: 1, actions: [{ type: "login", user: "alice" }, { type: "kill", server: "S3" }] } });
  expect(ghost.status()).toBe(400);
  expect(await ghost.json()).toMatchObject({ issues: [{ path: "actions.1.server", message: "S3 does not exist; this run has 1 server (S1)" }] });
  const user = await createUser(request);
  await signIn(page, user, "/");
  const saved = await page.request.post("/api/lab/milestones", { data: { lab: "session-lab", servers: 3, actions: log } });
  expect((await saved.json()).saved).toBe(true);
});

test("OAuth buttons stay off unless their credentials are configured", async ({ page }) => {
  await page.goto("/signin");
  await expect(page.getByRole("button", { name: /Continue with/ })).toHaveCount(0);
});

test("reaching the end of a chapter counts as a visit, and the course page offers to continue there", async ({ page, request }) => {
  const user = await createUser(request);
  await signIn(page, user, "/learn/scaling-web-apps/statelessness/why-it-matters");
  const before = await (await page.request.get("/api/progress?course=scaling-web-apps")).json();
  expect(before.modules[0].chapters.find((c: { slug: string }) => c.slug === "why-it-matters").visited).toBe(false);
  await page.locator(".chapter-progress").scrollIntoViewIfNeeded();
  await expect
    .poll(async () => {
      const p = await (await page.request.get("/api/progress?course=scaling-web-apps")).json();
      return p.modules[0].chapters.find((c: { slug: string }) => c.slug === "why-it-matters").visited;
    })
    .toBe(true);
  await page.goto("/learn/scaling-web-apps");
  await expect(page.getByText("Continue where you left off")).toBeVisible();
  await expect(page.locator(".continue").getByRole("link")).toHaveAttribute("href", "/learn/scaling-web-apps/statelessness/why-it-matters");
});
