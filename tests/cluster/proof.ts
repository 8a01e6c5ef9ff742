/**
 * The proof that Lectern passes its own lab (`npm run test:cluster`): three instances on
 * PostgreSQL behind HAProxy, 20 scripted learners plus one real browser, one instance killed
 * with SIGKILL midway and restarted later. Passes when nobody is asked to sign in again, every
 * acknowledged write is in the database exactly once, and the sign-in limit holds across
 * instances. Prints a short report and a closing "N passed, N failed" line.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { parse } from "yaml";

const PORT = Number(process.env.CLUSTER_PORT || 3600);
const BASE = `http://127.0.0.1:${PORT}`;
const LEARNERS = Number(process.env.CLUSTER_LEARNERS || 20);
const DIR = path.resolve("data", `cluster-${PORT}`);
const DATABASE_URL = process.env.DATABASE_URL ?? "";
if (!/^postgres(ql)?:\/\//.test(DATABASE_URL)) {
  console.error("The cluster proof runs on PostgreSQL: set DATABASE_URL=postgresql://... (scripts/test-cluster.sh does).");
  process.exit(2);
}

const quiz = parse(readFileSync("content/scaling-web-apps/01-statelessness/quiz.yaml", "utf8")) as {
  id: string;
  questions: { id: string; type: string; choices: { id: string; correct: boolean }[] }[];
};
const chapters = ["the-logout-bug", "what-is-state", "why-it-matters", "three-patterns", "session-lab", "redis-or-jwt", "signed-not-encrypted", "check-your-understanding"];

type Phase = "before" | "killed" | "restarted";
const stats = {
  requests: 0,
  retries: 0,
  failures: 0,
  signedOut: 0,
  unnamed: 0,
  /** Page loads the browser gave up on and loaded again, and how many of them the kill explains. */
  reloads: 0,
  unexplainedReloads: 0,
  served: { before: new Map<string, number>(), killed: new Map<string, number>(), restarted: new Map<string, number>() } as Record<Phase, Map<string, number>>,
};
let phase: Phase = "before";
let killed = false;
let killedAt = 0;

/** A tiny HTTP client with a cookie jar that retries like a browser would after a dropped connection. */
class Client {
  cookies = new Map<string, string>();
  async send(method: string, url: string, body?: unknown, form = false): Promise<{ status: number; json: unknown; headers: Headers }> {
    for (let attempt = 0; ; attempt++) {
      stats.requests++;
      try {
        const res = await fetch(BASE + url, {
          method,
          redirect: "manual",
          headers: {
            origin: BASE,
            cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
            ...(body ? { "content-type": form ? "application/x-www-form-urlencoded" : "application/json" } : {}),
          },
          body: body ? (form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body)) : undefined,
          signal: AbortSignal.timeout(60_000),
        });
        for (const c of res.headers.getSetCookie()) {
          const [pair] = c.split(";");
          const [k, ...v] = (pair ?? "").split("=");
          if (k) this.cookies.set(k.trim(), v.join("="));
        }
        tally(res.headers.get("x-served-by"));
        if ((res.status === 502 || res.status === 503) && attempt < 6) {
          stats.retries++;
          await sleep(200 * (attempt + 1));
          continue;
        }
        const text = await res.text();
        let json: unknown = null;
        try {
          json = JSON.parse(text);
        } catch {}
        return { status: res.status, json, headers: res.headers };
      } catch (e) {
        if (attempt < 6) {
          stats.retries++;
          await sleep(200 * (attempt + 1));
          continue;
        }
        throw e;
      }
    }
  }
  async signIn(email: string, password: string) {
    const csrf = (await this.send("GET", "/api/auth/csrf")).json as { csrfToken: string };
    const res = await this.send("POST", "/api/auth/callback/credentials", { csrfToken: csrf.csrfToken, email, password, json: "true", callbackUrl: "/" }, true);
    return res;
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Counts a response for the instance that served it, in the current phase; a nameless one is a failure. */
function tally(servedBy: string | null | undefined) {
  if (!servedBy) stats.unnamed++;
  const name = servedBy ?? "?";
  // A response instance 2 wrote just before its SIGKILL may arrive just after it.
  const late = phase === "killed" && name === "2" && Date.now() - killedAt < 1_000;
  const m = stats.served[late ? "before" : phase];
  m.set(name, (m.get(name) ?? 0) + 1);
}

interface Ledger {
  answers: string[]; // idempotency keys acknowledged with 200
  chapters: string[];
  milestones: number;
}

async function learner(i: number, ledger: Ledger, progress: () => void) {
  const c = new Client();
  const email = `cluster-${i}-${randomUUID()}@example.test`;
  const password = "cluster-password-1";
  const up = await c.send("POST", "/api/auth/signup", { name: `Learner ${i}`, email, password });
  // 409 means an earlier, retried attempt created the account: sign-up is idempotent by email.
  if (up.status !== 201 && up.status !== 409) throw new Error(`signup ${up.status}`);
  await c.signIn(email, password);
  const check = async () => {
    const me = await c.send("GET", "/api/account/me");
    if (me.status !== 200) stats.signedOut++;
  };
  await check();
  for (const ch of chapters) {
    const page = await c.send("GET", `/learn/scaling-web-apps/statelessness/${ch}`);
    if (page.status !== 200) stats.failures++;
    const done = await c.send("POST", "/api/progress/chapter", { course: "scaling-web-apps", module: "statelessness", chapter: ch, event: "completed" });
    if (done.status === 200) ledger.chapters.push(`${email}:${ch}`);
    else stats.failures++;
    progress();
    await check();
    if (ch === "session-lab") {
      const lab = await c.send("POST", "/api/lab/milestones", {
        lab: "session-lab",
        servers: 3,
        actions: [{ type: "login", user: "alice" }, { type: "request" }, { type: "request" }, { type: "kill", server: "S1" }, { type: "request" }],
      });
      if (lab.status === 200) ledger.milestones += 3;
      else stats.failures++;
    }
  }
  for (const q of quiz.questions) {
    const key = randomUUID().replace(/-/g, "");
    const choiceIds = q.type === "single" ? [q.choices[i % q.choices.length]!.id] : q.choices.filter((x) => x.correct).map((x) => x.id);
    const res = await c.send("POST", `/api/quiz/${quiz.id}/answer`, { questionId: q.id, choiceIds, idempotencyKey: key });
    if (res.status === 200) ledger.answers.push(key);
    else stats.failures++;
    progress();
    await check();
  }
  return email;
}

/** One real browser, signed in through the form, reading and writing until the scripted learners are done. */
async function browserLearner(email: string, password: string, done: () => boolean) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined),
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const servedBy = new Set<string>();
  const completed: string[] = [];
  // Opens a page as a person would: a page cut off half-way (its instance died while sending it,
  // after the load balancer had passed its first bytes on, so no load balancer can retry it)
  // never finishes loading, and the person loads it again. Such a reload is expected only for a
  // page asked for before the kill and still arriving when it came; any other is counted as
  // unexplained and fails the proof.
  const open = async (page: Page, url: string) => {
    for (let attempt = 0; ; attempt++) {
      const asked = Date.now();
      try {
        return await page.goto(url, { timeout: 15_000 });
      } catch (e) {
        if (attempt >= 2) throw e;
        stats.reloads++;
        if (!(killed && asked <= killedAt + 1_000)) stats.unexplainedReloads++;
        console.log(`  the browser reloaded ${new URL(url).pathname}: ${String(e).split("\n")[0]}`);
      }
    }
  };
  try {
    const page = await browser.newPage();
    await open(page, `${BASE}/signin?callbackUrl=/account`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    // The pathname, not the URL's end: the sign-in page's own URL ends in "callbackUrl=/account".
    await page.waitForURL((u) => u.pathname === "/account", { timeout: 30_000 });
    for (let round = 0; !done() || round < 12; round++) {
      const res = await open(page, `${BASE}/account`);
      const by = res?.headers()["x-served-by"];
      tally(by);
      servedBy.add(by ?? "?");
      // Signed out, the account page sends the browser to /signin.
      if (new URL(page.url()).pathname !== "/account") return { ok: false, servedBy, completed };
      // A write from the page itself, with the browser's own session cookie.
      const chapter = chapters[round % chapters.length]!;
      // A dropped connection is tried again, as the site's own progress writes are (the write is an upsert).
      const [status, writtenBy, retried] = await page.evaluate(async (body) => {
        for (let attempt = 0; ; attempt++) {
          try {
            const res = await fetch("/api/progress/chapter", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
            return [res.status, res.headers.get("x-served-by"), attempt] as const;
          } catch (e) {
            if (attempt >= 5) throw e;
            await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
          }
        }
      }, { course: "scaling-web-apps", module: "statelessness", chapter, event: "completed" });
      stats.retries += retried;
      tally(writtenBy);
      if (status === 401) return { ok: false, servedBy, completed };
      if (status === 200 && !completed.includes(chapter)) completed.push(chapter);
      await sleep(300);
    }
    return { ok: true, servedBy, completed };
  } finally {
    await browser.close();
  }
}

async function main() {
  rmSync(DIR, { recursive: true, force: true });
  const cluster = spawn(process.execPath, ["scripts/cluster.mjs"], { env: { ...process.env, PORT: String(PORT) }, stdio: ["ignore", "inherit", "inherit"] });
  const results: [string, boolean, string][] = [];
  try {
    for (let i = 0; i < 400 && !existsSync(path.join(DIR, "ready")); i++) await sleep(500);
    if (!existsSync(path.join(DIR, "ready"))) throw new Error("the cluster did not start");

    // The browser learner's account.
    const browserUser = { email: `cluster-browser-${randomUUID()}@example.test`, password: "cluster-password-1" };
    const admin = new Client();
    await admin.send("POST", "/api/auth/signup", { name: "Browser learner", ...browserUser });

    const ledger: Ledger = { answers: [], chapters: [], milestones: 0 };
    const totalWrites = LEARNERS * (chapters.length + quiz.questions.length);
    let acked = 0;
    let restarted = false;
    const progress = () => {
      acked++;
      if (!killed && acked >= totalWrites * 0.35) {
        killed = true;
        killedAt = Date.now();
        phase = "killed";
        const pid = Number(readFileSync(path.join(DIR, "instance-2.pid"), "utf8"));
        process.kill(pid, "SIGKILL");
        console.log(`  killed instance 2 (pid ${pid}) with SIGKILL after ${acked} writes`);
      }
      if (killed && !restarted && acked >= totalWrites * 0.7) {
        restarted = true;
        phase = "restarted";
        writeFileSync(path.join(DIR, "restart"), "2");
        console.log(`  restarting instance 2 after ${acked} writes`);
      }
    };
    const started = Date.now();
    let learnersDone = false;
    const [emails, browser] = await Promise.all([
      Promise.all(Array.from({ length: LEARNERS }, (_, i) => learner(i, ledger, progress))).finally(() => (learnersDone = true)),
      browserLearner(browserUser.email, browserUser.password, () => learnersDone),
    ]);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);

    // The restarted instance rejoins: the load balancer's health check brings it back.
    const probe = new Client();
    let rejoined = false;
    for (let i = 0; i < 120 && !rejoined; i++) {
      const res = await probe.send("GET", "/api/health");
      rejoined = res.headers.get("x-served-by") === "2";
      if (!rejoined) await sleep(250);
    }
    // Static files through the load balancer are named too (the load balancer names them).
    const html = await (await fetch(`${BASE}/learn/scaling-web-apps/statelessness/why-it-matters`)).text();
    const assetPath = /\/_next\/static\/[^"'?]+\.js/.exec(html)?.[0];
    const asset = assetPath ? await fetch(BASE + assetPath) : null;
    const assetServedBy = asset?.headers.get("x-served-by") ?? null;
    await asset?.arrayBuffer();

    // Sign-in limit across instances: 5 failures for one account, spread round-robin.
    const victim = new Client();
    const vEmail = `cluster-limit-${randomUUID()}@example.test`;
    await victim.send("POST", "/api/auth/signup", { name: "Limit", email: vEmail, password: "right-password-1" });
    for (let i = 0; i < 5; i++) await victim.signIn(vEmail, "wrong-password");
    const sixth = await victim.signIn(vEmail, "right-password-1");
    const limited = JSON.stringify(sixth.json).includes("Too%20many") || JSON.stringify(sixth.json).includes("Too many");

    // The database agrees with every learner's ledger, exactly once.
    process.env.DATABASE_URL = DATABASE_URL;
    const { db } = await import("@/lib/db");
    const answerRows = await db.quizAnswer.count({ where: { idempotencyKey: { in: ledger.answers } } });
    const completed = await db.chapterProgress.count({ where: { user: { email: { in: emails } }, completedAt: { not: null } } });
    const milestones = await db.labMilestone.count({ where: { user: { email: { in: emails } } } });
    const firsts = await db.quizAnswer.count({ where: { first: true, attempt: { user: { email: { in: emails } } } } });
    await db.$disconnect();

    const browserCompleted = await db.chapterProgress.count({ where: { user: { email: browserUser.email }, chapter: { in: browser.completed }, completedAt: { not: null } } });
    const fmt = (m: Map<string, number>) => [...m].sort().map(([k, v]) => `instance ${k}: ${v}`).join(", ") || "none";
    console.log(`\nCluster report (${LEARNERS} scripted learners + 1 browser, ${seconds} s)`);
    console.log(`  responses per instance before the kill:             ${fmt(stats.served.before)}`);
    console.log(`  responses per instance while instance 2 was dead:   ${fmt(stats.served.killed)}`);
    console.log(`  responses per instance after instance 2 restarted:  ${fmt(stats.served.restarted)}`);
    console.log(`  requests ${stats.requests}, retried ${stats.retries}, failed ${stats.failures}, asked to sign in again ${stats.signedOut}`);
    console.log(`  browser pages cut off by the kill and loaded again: ${stats.reloads - stats.unexplainedReloads}; reloads the kill does not explain: ${stats.unexplainedReloads}`);
    console.log(`  writes acknowledged: ${ledger.answers.length} answers, ${ledger.chapters.length} chapter completions, ${ledger.milestones} milestones`);
    console.log(`  in the database:     ${answerRows} answers (${firsts} counted), ${completed} completions, ${milestones} milestones`);
    console.log(`  browser learner stayed signed in across instances ${[...browser.servedBy].sort().join(", ")}: ${browser.ok}; its ${browser.completed.length} acknowledged completions stored: ${browserCompleted}`);

    results.push(["nobody was asked to sign in again", stats.signedOut === 0, `${stats.signedOut}`]);
    results.push(["no request failed after retries", stats.failures === 0, `${stats.failures}`]);
    results.push(["every acknowledged answer is stored exactly once", answerRows === ledger.answers.length && firsts === ledger.answers.length, `${answerRows}/${ledger.answers.length}`]);
    results.push(["every acknowledged completion is stored", completed === ledger.chapters.length, `${completed}/${ledger.chapters.length}`]);
    results.push(["every milestone is stored", milestones === ledger.milestones, `${milestones}/${ledger.milestones}`]);
    results.push(["the browser learner stayed signed in", browser.ok, [...browser.servedBy].join(",")]);
    results.push(["the sign-in limit holds across instances", limited, JSON.stringify(sixth.json)]);
    results.push(["the browser reloaded a page only when the kill cut it off", stats.unexplainedReloads === 0, `${stats.unexplainedReloads} unexplained`]);
    results.push(["the browser's acknowledged writes are stored", browser.completed.length > 0 && browserCompleted === browser.completed.length, `${browserCompleted}/${browser.completed.length}`]);
    results.push([
      "the killed instance served nothing while dead, the others took over",
      !stats.served.killed.has("2") && (stats.served.killed.get("1") ?? 0) > 0 && (stats.served.killed.get("3") ?? 0) > 0,
      fmt(stats.served.killed),
    ]);
    results.push(["the restarted instance rejoined and served again", rejoined, fmt(stats.served.restarted)]);
    results.push(["every response named the instance that served it (x-served-by)", stats.unnamed === 0, `${stats.unnamed} without`]);
    results.push(["a static file through the load balancer names its instance too", !!assetServedBy && /^[1-9]$/.test(assetServedBy), `${assetPath}: ${assetServedBy}`]);
  } finally {
    cluster.kill("SIGINT");
    await sleep(3500);
  }
  for (const [name, ok, detail] of results) console.log(`  ${ok ? "✓" : "✗"} ${name}${ok ? "" : ` (${detail})`}`);
  const failed = results.filter((r) => !r[1]).length;
  console.log(`cluster: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed || results.length === 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
