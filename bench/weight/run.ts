/**
 * Page weight and audits, per route: first-load JavaScript (gzip bytes on the wire, and
 * uncompressed), whether the lab's code is loaded, and Lighthouse 12 mobile scores (performance,
 * accessibility, best practices, SEO) in Debian's Chromium. The same for the bare Next baseline page.
 *
 *   npx tsx bench/weight/run.ts      (writes bench/weight/last-run.md and last-run.json)
 *
 * It starts Lectern's bench build (`next start`, port 3430, a fresh SQLite file with the demo seed)
 * and the baseline (3431). "First-load JS" = every script response while the page loads until the
 * network is idle, in a fresh desktop Chromium context (Playwright), as the browser received it
 * (Next compresses with gzip). The dashboard is loaded signed in as the demo instructor.
 * Lighthouse runs once per page by default (BENCH_LH_RUNS=3 for the median of 3); BENCH_SKIP_LH=1 skips it.
 */
import { chromium, type Browser } from "@playwright/test";
import { launch } from "chrome-launcher";
import lighthouse from "lighthouse";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  BASELINE_DIR,
  bareEnv,
  buildBaselineIfNeeded,
  buildLecternIfNeeded,
  DIST,
  fmt,
  HOST,
  installSignalHandlers,
  machine,
  median,
  NEXT_BIN,
  portBusy,
  ROOT,
  setupDatabase,
  startLectern,
  startProcess,
  stopAll,
  TMP,
  waitFor,
} from "../lib/common";

const PORT = Number(process.env.BENCH_WEIGHT_PORT ?? 3430);
const LECTERN = `http://${HOST}:${PORT}`;
const BASELINE = `http://${HOST}:${PORT + 1}`;
export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
/** A headless Chromium for Lighthouse to drive (Lighthouse 12's defaults otherwise: mobile, simulated throttling). */
export const launchLighthouseChrome = () =>
  launch({ chromePath: CHROMIUM, chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
/** A string only the session lab's client code contains (components/lab/session-lab/*). */
export const LAB_MARKER = "The lanes disagree for the first time here.";
const INSTRUCTOR = { email: "instructor@example.com", password: "teach-lectern-1" };

export const ROUTES: { id: string; label: string; path: string; signedIn?: boolean }[] = [
  { id: "home", label: "home", path: "/" },
  { id: "module", label: "module", path: "/learn/scaling-web-apps/statelessness" },
  { id: "text", label: "text chapter", path: "/learn/scaling-web-apps/statelessness/why-it-matters" },
  { id: "lab", label: "lab chapter", path: "/learn/scaling-web-apps/statelessness/session-lab" },
  { id: "quiz", label: "quiz chapter", path: "/learn/scaling-web-apps/statelessness/check-your-understanding" },
  { id: "dashboard", label: "dashboard (instructor)", path: "/dashboard", signedIn: true },
];

export interface WeightRow {
  id: string;
  label: string;
  url: string;
  scripts: number;
  jsGzip: number;
  jsRaw: number;
  labLoaded: boolean;
  /** Until network idle (with Link prefetches). */
  idleScripts: number;
  idleGzip: number;
  idleLab: boolean;
  lighthouse?: { performance: number; accessibility: number; bestPractices: number; seo: number; runs: number; failing: string[] };
  note?: string;
}
export interface WeightResult {
  command: string;
  rows: WeightRow[];
}

/** The next-auth credentials flow; returns the session cookies. */
async function signInCookies(base: string, email: string, password: string): Promise<{ name: string; value: string }[]> {
  const jar = new Map<string, string>();
  const send = async (method: string, p: string, body?: string, type?: string) => {
    const r = await fetch(base + p, {
      method,
      redirect: "manual",
      headers: { origin: base, cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "), ...(type ? { "content-type": type } : {}) },
      body,
    });
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const [k, ...v] = (pair ?? "").split("=");
      if (k) jar.set(k.trim(), v.join("="));
    }
    return r;
  };
  const csrf = (await (await send("GET", "/api/auth/csrf")).json()) as { csrfToken: string };
  await send("POST", "/api/auth/callback/credentials", new URLSearchParams({ csrfToken: csrf.csrfToken, email, password, json: "true", callbackUrl: "/" }).toString(), "application/x-www-form-urlencoded");
  const me = await send("GET", "/api/account/me");
  if (me.status !== 200) throw new Error(`sign-in as ${email} failed (${me.status})`);
  return [...jar].map(([name, value]) => ({ name, value }));
}

interface JsMeasure {
  /** Scripts requested before the load event: the route's own JS (entry chunks and islands rendered on it). */
  firstLoad: { scripts: number; gzip: number; raw: number; lab: boolean };
  /** Everything until the network is idle, including chunks Next's <Link> prefetches for other routes. */
  idle: { scripts: number; gzip: number; raw: number; lab: boolean };
  finalUrl: string;
}

async function measureJs(browser: Browser, url: string, cookies: { name: string; value: string }[]): Promise<JsMeasure> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  if (cookies.length) await context.addCookies(cookies.map((c) => ({ ...c, url })));
  const page = await context.newPage();
  let loaded = false;
  page.on("load", () => (loaded = true));
  const pending: Promise<{ gzip: number; raw: number; lab: boolean; early: boolean }>[] = [];
  page.on("request", (req) => {
    if (req.resourceType() !== "script") return;
    const early = !loaded;
    pending.push(
      (async () => {
        const res = await req.response();
        if (!res) return { gzip: 0, raw: 0, lab: false, early };
        await res.finished().catch(() => null);
        const sizes = await req.sizes();
        const body = await res.body().catch(() => Buffer.alloc(0));
        return { gzip: sizes.responseBodySize, raw: body.length, lab: body.includes(LAB_MARKER), early };
      })(),
    );
  });
  await page.goto(url, { waitUntil: "networkidle" });
  await page.waitForTimeout(500);
  const all = await Promise.all(pending);
  const finalUrl = page.url();
  await context.close();
  const sum = (xs: typeof all) => ({ scripts: xs.length, gzip: xs.reduce((a, s) => a + s.gzip, 0), raw: xs.reduce((a, s) => a + s.raw, 0), lab: xs.some((s) => s.lab) });
  return { firstLoad: sum(all.filter((x) => x.early)), idle: sum(all), finalUrl };
}

async function runLighthouse(url: string, cookieHeader?: string): Promise<WeightRow["lighthouse"]> {
  const scores: Record<string, number[]> = { performance: [], accessibility: [], "best-practices": [], seo: [] };
  const failing = new Set<string>();
  const LH_RUNS = Number(process.env.BENCH_LH_RUNS ?? 1);
  for (let i = 0; i < LH_RUNS; i++) {
    const chrome = await launchLighthouseChrome();
    try {
      const result = await lighthouse(url, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: ["performance", "accessibility", "best-practices", "seo"],
        ...(cookieHeader ? { extraHeaders: { Cookie: cookieHeader } } : {}),
      });
      const lhr = result?.lhr;
      if (!lhr) throw new Error("no result");
      for (const k of Object.keys(scores)) scores[k]!.push(Math.round((lhr.categories[k]?.score ?? NaN) * 100));
      for (const cat of ["accessibility", "best-practices", "seo"]) {
        for (const ref of lhr.categories[cat]?.auditRefs ?? []) {
          const a = lhr.audits[ref.id];
          if (ref.weight > 0 && a && a.score !== null && a.score < 1) {
            type Item = { description?: string; url?: string; source?: string; sourceLocation?: { url?: string } };
            const items = ((a.details as { items?: Item[] } | undefined)?.items ?? []).slice(0, 2);
            const what = (it: Item) => `${it.description ?? ""} ${it.sourceLocation?.url ?? it.url ?? ""}`.replace(/Failed to load resource: the server responded with a status of /, "").replace(/^\s+/, "").slice(0, 140);
            failing.add(`${cat}: ${ref.id}${items.length ? ` (${items.map(what).join(" | ")})` : ""}`);
          }
        }
      }
      for (const id of ["largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "first-contentful-paint", "speed-index"]) {
        const a = lhr.audits[id];
        if (a && a.score !== null && a.score < 0.9 && ![...failing].some((f) => f.startsWith(`performance: ${id} `))) failing.add(`performance: ${id} ${a.displayValue ?? ""}`.trim());
      }
    } finally {
      chrome.kill();
    }
  }
  return {
    performance: median(scores.performance!),
    accessibility: median(scores.accessibility!),
    bestPractices: median(scores["best-practices"]!),
    seo: median(scores.seo!),
    runs: Number(process.env.BENCH_LH_RUNS ?? 1),
    failing: [...failing],
  };
}

export async function runWeight(): Promise<WeightResult> {
  installSignalHandlers();
  for (const p of [PORT, PORT + 1]) if (await portBusy(p)) throw new Error(`port ${p} is busy; set BENCH_WEIGHT_PORT`);
  buildLecternIfNeeded();
  await buildBaselineIfNeeded();
  const file = path.join(TMP, "weight.db");
  for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  setupDatabase(`file:${file}`);
  startLectern(PORT, `file:${file}`);
  startProcess("baseline next start", process.execPath, [NEXT_BIN, "start", BASELINE_DIR, "-p", String(PORT + 1), "-H", HOST], bareEnv());
  await Promise.all([waitFor(`${LECTERN}/api/health`), waitFor(`${BASELINE}/`)]);
  const hasDashboard = existsSync(path.join(ROOT, DIST, "server", "app", "dashboard", "page.js")) || existsSync(path.join(ROOT, DIST, "server", "app", "dashboard"));
  const cookies = await signInCookies(LECTERN, INSTRUCTOR.email, INSTRUCTOR.password).catch((e: unknown) => {
    console.log(`  (no instructor sign-in: ${String(e)})`);
    return [];
  });

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const targets = [
    ...ROUTES.filter((r) => r.id !== "dashboard" || hasDashboard).map((r) => ({ ...r, url: LECTERN + r.path })),
    { id: "baseline", label: "bare Next 16 static MDX page (baseline)", path: "/", url: `${BASELINE}/`, signedIn: false },
  ];
  const rows: WeightRow[] = [];
  try {
    for (const t of targets) {
      const m = await measureJs(browser, t.url, t.signedIn ? cookies : []);
      const f = m.firstLoad;
      const row: WeightRow = { id: t.id, label: t.label, url: t.path, scripts: f.scripts, jsGzip: f.gzip, jsRaw: f.raw, labLoaded: f.lab, idleScripts: m.idle.scripts, idleGzip: m.idle.gzip, idleLab: m.idle.lab };
      if (new URL(m.finalUrl).pathname !== new URL(t.url).pathname) row.note = `redirected to ${new URL(m.finalUrl).pathname}`;
      console.log(`  ${t.id.padEnd(10)} first load: ${f.scripts} scripts, ${fmt(f.gzip)} B gzip, ${fmt(f.raw)} B raw, lab code ${f.lab ? "LOADED" : "not loaded"}; until idle: ${m.idle.scripts} scripts, ${fmt(m.idle.gzip)} B gzip, lab ${m.idle.lab ? "LOADED" : "no"}${row.note ? ` (${row.note})` : ""}`);
      rows.push(row);
    }
  } finally {
    await browser.close();
  }
  if (process.env.BENCH_SKIP_LH !== "1") {
    for (const row of rows) {
      const t = targets.find((x) => x.id === row.id)!;
      const cookieHeader = t.signedIn && cookies.length ? cookies.map((c) => `${c.name}=${c.value}`).join("; ") : undefined;
      const t0 = Date.now();
      row.lighthouse = await runLighthouse(t.url, cookieHeader);
      console.log(`  lighthouse ${row.id.padEnd(10)} perf ${row.lighthouse?.performance} a11y ${row.lighthouse?.accessibility} bp ${row.lighthouse?.bestPractices} seo ${row.lighthouse?.seo} (${((Date.now() - t0) / 1000).toFixed(0)} s)${row.lighthouse?.failing.length ? `  failing: ${row.lighthouse.failing.join("; ")}` : ""}`);
    }
  }
  const result: WeightResult = { command: "npx tsx bench/weight/run.ts", rows };
  writeFileSync(path.join(ROOT, "bench/weight/last-run.md"), `${machine().map((l) => `    ${l}`).join("\n")}\n\n${weightMarkdown(result)}\n`);
  writeFileSync(path.join(ROOT, "bench/weight/last-run.json"), JSON.stringify(result, null, 2));
  return result;
}

export function weightMarkdown(r: WeightResult): string {
  const base = r.rows.find((x) => x.id === "baseline");
  const lh = (x: WeightRow) => (x.lighthouse ? `${x.lighthouse.performance} | ${x.lighthouse.accessibility} | ${x.lighthouse.bestPractices} | ${x.lighthouse.seo}` : "- | - | - | -");
  return [
    `Command: \`${r.command}\`; first-load JS = scripts requested before the load event, desktop Chromium, gzip as sent by \`next start\`; Lighthouse 12 default (mobile, simulated throttling), ${r.rows[0]?.lighthouse?.runs ?? 0} run(s) per page.`,
    "",
    "| route | path | scripts | first-load JS gzip | raw | vs bare Next | lab code in first load | JS gzip until idle (with prefetches) | lab code by idle | LH perf | a11y | best pr. | SEO |",
    "| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | --- | ---: | ---: | ---: | ---: |",
    ...r.rows.map(
      (x) =>
        `| ${x.label} | \`${x.url}\`${x.note ? ` (${x.note})` : ""} | ${x.scripts} | ${fmt(x.jsGzip / 1024, 1)} KB | ${fmt(x.jsRaw / 1024, 1)} KB | ${base && x.id !== "baseline" ? `${((x.jsGzip / base.jsGzip - 1) * 100).toFixed(0)}%` : "-"} | ${x.labLoaded ? "**yes**" : "no"} | ${fmt(x.idleGzip / 1024, 1)} KB (${x.idleScripts}) | ${x.idleLab ? "yes" : "no"} | ${lh(x)} |`,
    ),
    "",
    "Lighthouse audits that did not pass (weighted accessibility/best-practices/SEO audits; performance metrics scoring under 0.9):",
    "",
    ...r.rows.filter((x) => x.lighthouse?.failing.length).map((x) => `- ${x.label}: ${x.lighthouse!.failing.join("; ")}`),
  ].join("\n");
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  runWeight()
    .then((r) => console.log(`\n${weightMarkdown(r)}`))
    .catch((e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    })
    .finally(stopAll);
}
