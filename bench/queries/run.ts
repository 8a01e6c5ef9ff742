/**
 * Database queries per request and per page load (a deterministic figure, fit for a CI budget).
 *
 *   npx tsx bench/queries/run.ts     (writes bench/queries/last-run.md and last-run.json)
 *
 * Starts Lectern's bench build on a fresh SQLite file (port 3450) with bench/queries/count-queries.cjs
 * preloaded: it counts every statement better-sqlite3 prepares or executes (Prisma's SQLite adapter
 * prepares one per query; BEGIN/COMMIT go through exec) and serves the totals on 127.0.0.1:3451.
 * Then, for a guest, a signed-in learner and the demo instructor: each page and API request twice
 * (the second is the steady state), and each page loaded in Chromium until the network is idle
 * (the page plus the /api calls its islands make).
 */
import { chromium } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildLecternIfNeeded, HOST, installSignalHandlers, lecternEnv, machine, NEXT_BIN, portBusy, ROOT, setupDatabase, sleep, startProcess, stopAll, TMP, waitFor } from "../lib/common";
import { Learner } from "../quiz/run";

const PORT = Number(process.env.BENCH_QUERIES_PORT ?? 3450);
const COUNT_PORT = PORT + 1;
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

interface Counts {
  prepare: number;
  exec: number;
  statements: string[];
}
async function counts(): Promise<Counts> {
  return (await fetch(`http://${HOST}:${COUNT_PORT}/`)).json() as Promise<Counts>;
}

export interface QueriesResult {
  command: string;
  requests: { who: string; request: string; status: number; first: number; steady: number; sql: string[] }[];
  pageLoads: { who: string; page: string; queries: number; apiCalls: string[] }[];
}

const PAGES = [
  ["home", "/"],
  ["module", "/learn/scaling-web-apps/statelessness"],
  ["text chapter", "/learn/scaling-web-apps/statelessness/why-it-matters"],
  ["lab chapter", "/learn/scaling-web-apps/statelessness/session-lab"],
  ["quiz chapter", "/learn/scaling-web-apps/statelessness/check-your-understanding"],
] as const;

export async function runQueries(): Promise<QueriesResult> {
  installSignalHandlers();
  for (const p of [PORT, COUNT_PORT]) if (await portBusy(p)) throw new Error(`port ${p} is busy; set BENCH_QUERIES_PORT`);
  buildLecternIfNeeded();
  const file = path.join(TMP, "queries.db");
  for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  setupDatabase(`file:${file}`);
  startProcess("lectern next start (query counter)", process.execPath, ["--require", path.join(ROOT, "bench/queries/count-queries.cjs"), NEXT_BIN, "start", "-p", String(PORT), "-H", HOST], {
    ...lecternEnv({ DATABASE_URL: `file:${file}` }),
    BENCH_QUERY_COUNT_PORT: String(COUNT_PORT),
  });
  await waitFor(`http://${HOST}:${PORT}/api/health`);
  await waitFor(`http://${HOST}:${COUNT_PORT}/`);

  const guest = new Learner(PORT);
  const learner = new Learner(PORT);
  await learner.signUpAndIn(0);
  const instructor = new Learner(PORT);
  {
    const csrf = JSON.parse((await instructor.request("GET", "/api/auth/csrf")).body) as { csrfToken: string };
    await instructor.request(
      "POST",
      "/api/auth/callback/credentials",
      new URLSearchParams({ csrfToken: csrf.csrfToken, email: "instructor@example.com", password: "teach-lectern-1", json: "true", callbackUrl: "/" }).toString(),
      "application/x-www-form-urlencoded",
    );
  }
  const answer = () => JSON.stringify({ questionId: "why-alice-logged-out", choiceIds: ["a"], idempotencyKey: randomBytes(12).toString("base64url") });
  const plan: [string, Learner, string, string, (() => string)?][] = [
    ...PAGES.map(([, p]) => ["guest", guest, "GET", p] as [string, Learner, string, string]),
    ...PAGES.map(([, p]) => ["learner", learner, "GET", p] as [string, Learner, string, string]),
    ["guest", guest, "GET", "/api/health"],
    ["learner", learner, "GET", "/api/account/me"],
    ["learner", learner, "GET", "/api/progress?course=scaling-web-apps"],
    ["learner", learner, "GET", "/api/quiz/statelessness-quiz"],
    ["learner", learner, "POST", "/api/quiz/statelessness-quiz/answer", answer],
    ["guest", guest, "POST", "/api/quiz/statelessness-quiz/answer", answer],
    ["learner", learner, "POST", "/api/progress/chapter", () => JSON.stringify({ course: "scaling-web-apps", module: "statelessness", chapter: "why-it-matters", event: "completed" })],
    ["instructor", instructor, "GET", "/dashboard"],
  ];
  const requests: QueriesResult["requests"] = [];
  for (const [who, client, method, url, body] of plan) {
    const runs: { n: number; status: number; sql: string[] }[] = [];
    for (let i = 0; i < 2; i++) {
      await sleep(50);
      const before = await counts();
      const r = await client.request(method, url, body?.());
      await sleep(50);
      const after = await counts();
      const n = after.prepare + after.exec - before.prepare - before.exec;
      runs.push({ n, status: r.status, sql: after.statements.slice(after.statements.length - n) });
    }
    requests.push({ who, request: `${method} ${url}${url.includes("answer") ? " (first answer, then a second)" : ""}`, status: runs[1]!.status, first: runs[0]!.n, steady: runs[1]!.n, sql: runs[1]!.sql });
    console.log(`  ${who.padEnd(10)} ${method} ${url}: ${runs[0]!.n} then ${runs[1]!.n} statements (${runs[1]!.status})`);
  }

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"] });
  const pageLoads: QueriesResult["pageLoads"] = [];
  try {
    for (const [who, client] of [
      ["guest", guest],
      ["learner", learner],
    ] as const) {
      for (const [name, p] of PAGES) {
        const context = await browser.newContext();
        await context.addCookies([...client.cookies].map(([name, value]) => ({ name, value, url: `http://${HOST}:${PORT}` })));
        const page = await context.newPage();
        const apiCalls: string[] = [];
        page.on("request", (r) => {
          const u = new URL(r.url());
          if (u.pathname.startsWith("/api/")) apiCalls.push(`${r.method()} ${u.pathname}`);
        });
        const before = await counts();
        await page.goto(`http://${HOST}:${PORT}${p}`, { waitUntil: "networkidle" });
        await sleep(300);
        const after = await counts();
        await context.close();
        const n = after.prepare + after.exec - before.prepare - before.exec;
        pageLoads.push({ who, page: `${name} \`${p}\``, queries: n, apiCalls });
        console.log(`  page load ${who.padEnd(8)} ${p}: ${n} statements; API calls: ${apiCalls.join(", ") || "none"}`);
      }
    }
  } finally {
    await browser.close();
  }
  const result: QueriesResult = { command: "npx tsx bench/queries/run.ts", requests, pageLoads };
  writeFileSync(path.join(ROOT, "bench/queries/last-run.md"), `${machine().map((l) => `    ${l}`).join("\n")}\n\n${queriesMarkdown(result, true)}\n`);
  writeFileSync(path.join(ROOT, "bench/queries/last-run.json"), JSON.stringify(result, null, 2));
  return result;
}

export function queriesMarkdown(r: QueriesResult, withSql = false): string {
  return [
    `Command: \`${r.command}\`; SQL statements counted inside \`next start\` (SQLite, better-sqlite3 prepare + exec, so BEGIN/COMMIT count too).`,
    "",
    "| who | request | status | statements (first request) | statements (steady) |",
    "| --- | --- | ---: | ---: | ---: |",
    ...r.requests.map((x) => `| ${x.who} | \`${x.request}\` | ${x.status} | ${x.first} | ${x.steady} |`),
    "",
    "| who | page load in Chromium (until network idle) | statements | its /api calls |",
    "| --- | --- | ---: | --- |",
    ...r.pageLoads.map((x) => `| ${x.who} | ${x.page} | ${x.queries} | ${x.apiCalls.join(", ") || "none"} |`),
    ...(withSql
      ? ["", "Statements of the steady-state requests:", "", ...r.requests.filter((x) => x.sql.length).flatMap((x) => [`- \`${x.request}\` (${x.who}):`, ...x.sql.map((s) => `  - \`${s}\``)])]
      : []),
  ].join("\n");
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  runQueries()
    .then((r) => console.log(`\n${queriesMarkdown(r)}`))
    .catch((e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    })
    .finally(stopAll);
}
