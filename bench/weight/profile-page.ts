/**
 * Where a page's Lighthouse performance goes: `npx tsx bench/weight/profile-page.ts [path] [runs]`
 * (default: the lab chapter, 3 runs). Starts Lectern's build (BENCH_DIST, as bench/weight does) on
 * its own port and database, runs Lighthouse 12 mobile, and prints per run the score, the metrics,
 * the main-thread work by category, the JavaScript boot-up time per script, and the long tasks
 * with the script each is attributed to. Used to find the cause of the lab chapter's Total
 * Blocking Time (bench/RESULTS.md).
 */
import lighthouse from "lighthouse";
import { rmSync } from "node:fs";
import path from "node:path";
import { buildLecternIfNeeded, HOST, installSignalHandlers, portBusy, setupDatabase, startLectern, stopAll, TMP, waitFor } from "../lib/common";
import { launchLighthouseChrome } from "./run";

const PORT = Number(process.env.BENCH_PROFILE_PORT ?? 3440);
const page = process.argv[2] ?? "/learn/scaling-web-apps/statelessness/session-lab";
const runs = Number(process.argv[3] ?? 3);

type Item = Record<string, unknown>;
const items = (lhr: { audits: Record<string, { details?: unknown }> }, id: string) => ((lhr.audits[id]?.details as { items?: Item[] } | undefined)?.items ?? []);
const short = (u: unknown) => String(u ?? "").replace(`http://${HOST}:${PORT}`, "").slice(0, 90);

async function main() {
  installSignalHandlers();
  if (await portBusy(PORT)) throw new Error(`port ${PORT} is busy; set BENCH_PROFILE_PORT`);
  buildLecternIfNeeded();
  const file = path.join(TMP, "profile-page.db");
  for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  setupDatabase(`file:${file}`);
  startLectern(PORT, `file:${file}`);
  await waitFor(`http://${HOST}:${PORT}/api/health`);
  for (let i = 0; i < runs; i++) {
    const chrome = await launchLighthouseChrome();
    try {
      const lhr = (await lighthouse(`http://${HOST}:${PORT}${page}`, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance"] }))!.lhr;
      const m = (id: string) => lhr.audits[id]?.displayValue ?? "-";
      console.log(`\nrun ${i + 1}: performance ${Math.round((lhr.categories.performance?.score ?? 0) * 100)}; FCP ${m("first-contentful-paint")}, LCP ${m("largest-contentful-paint")}, TBT ${m("total-blocking-time")}, CLS ${m("cumulative-layout-shift")}, SI ${m("speed-index")}`);
      console.log("  main thread by category: " + items(lhr, "mainthread-work-breakdown").map((x) => `${x.groupLabel} ${Math.round(Number(x.duration))} ms`).join(", "));
      console.log("  boot-up per script (total / scripting / parse+compile, ms):");
      for (const x of items(lhr, "bootup-time").slice(0, 8)) console.log(`    ${Math.round(Number(x.total))} / ${Math.round(Number(x.scripting))} / ${Math.round(Number(x.scriptParseCompile))}  ${short(x.url)}`);
      console.log("  long tasks (start ms, duration ms, attributed to):");
      for (const x of items(lhr, "long-tasks").slice(0, 10)) console.log(`    ${Math.round(Number(x.startTime))}  ${Math.round(Number(x.duration))}  ${short(x.url)}`);
    } finally {
      chrome.kill();
    }
  }
  stopAll();
}

main().catch((e) => {
  console.error(e);
  stopAll();
  process.exit(1);
});
