/**
 * Chapter page throughput: Lectern through `next start`, next to
 *   - the same HTML file served by nginx (the limit),
 *   - a bare Next 16 static MDX page of the same chapter (bench/baseline-next, the framework's floor),
 *   - Lectern behind an nginx reverse-proxy cache that obeys Lectern's Cache-Control.
 * Also records the chapter pages' caching headers.
 *
 *   npx tsx bench/pages/run.ts        (writes bench/pages/last-run.md and last-run.json)
 *
 * Knobs: BENCH_DURATION (s, 10), BENCH_CONNECTIONS (20), BENCH_ROUNDS (3), BENCH_WARMUP (s, 3),
 * BENCH_PORT_BASE (3400: Lectern +0, baseline +1, nginx file +2, nginx cache +3, baseline+proxy +4).
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  BASELINE_DIR,
  bareEnv,
  buildBaselineIfNeeded,
  buildLecternIfNeeded,
  fmt,
  HOST,
  installSignalHandlers,
  listeningPids,
  load,
  machine,
  median,
  NEXT_BIN,
  pct,
  portBusy,
  ROOT,
  rotate,
  type Sample,
  setupDatabase,
  startLectern,
  startProcess,
  stopAll,
  TMP,
  waitFor,
} from "../lib/common";

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const BASE = Number(process.env.BENCH_PORT_BASE ?? 3400);
const PORTS = { lectern: BASE, baseline: BASE + 1, file: BASE + 2, cache: BASE + 3, baselineProxy: BASE + 4 };
/** The bare app plus a copy of Lectern's proxy.ts (built in bench/tmp/baseline-proxy): what the proxy costs alone. */
const BASELINE_PROXY_DIR = path.join(TMP, "baseline-proxy");
export const TEXT_CHAPTER = "/learn/scaling-web-apps/statelessness/why-it-matters";
const DB = `file:${path.join(TMP, "pages.db")}`;

interface Target {
  id: string;
  label: string;
  url: string;
  cpuPort: number;
}
const TARGETS: Target[] = [
  { id: "lectern", label: "Lectern chapter page, `next start`", url: `http://${HOST}:${PORTS.lectern}${TEXT_CHAPTER}`, cpuPort: PORTS.lectern },
  { id: "baseline", label: "bare Next 16 static MDX page, `next start` (floor)", url: `http://${HOST}:${PORTS.baseline}/`, cpuPort: PORTS.baseline },
  { id: "nginx-file", label: "same HTML as a file, nginx (limit)", url: `http://${HOST}:${PORTS.file}/chapter.html`, cpuPort: PORTS.file },
  { id: "nginx-cache", label: "Lectern behind nginx proxy_cache", url: `http://${HOST}:${PORTS.cache}${TEXT_CHAPTER}`, cpuPort: PORTS.cache },
  {
    id: "baseline-proxy",
    label: "bare Next page + a copy of Lectern's `proxy.ts` (diagnosis)",
    url: `http://${HOST}:${PORTS.baselineProxy}/`,
    cpuPort: PORTS.baselineProxy,
  },
];

/** bench/tmp/baseline-proxy = bench/baseline-next + the repository's proxy.ts, built when missing. */
function buildBaselineProxyIfNeeded(): void {
  if (!process.env.BENCH_BUILD && existsSync(path.join(BASELINE_PROXY_DIR, ".next", "BUILD_ID"))) return;
  rmSync(BASELINE_PROXY_DIR, { recursive: true, force: true });
  mkdirSync(BASELINE_PROXY_DIR, { recursive: true });
  for (const f of ["app", "next.config.mjs", "instrumentation.js"]) cpSync(path.join(BASELINE_DIR, f), path.join(BASELINE_PROXY_DIR, f), { recursive: true });
  rmSync(path.join(BASELINE_PROXY_DIR, "app", ".next"), { recursive: true, force: true });
  // proxy.ts and the CSP module it imports (the bare app has no "@/" path alias).
  writeFileSync(path.join(BASELINE_PROXY_DIR, "proxy.ts"), readFileSync(path.join(ROOT, "proxy.ts"), "utf8").replaceAll("@/lib/security/", "./lib/security/"));
  mkdirSync(path.join(BASELINE_PROXY_DIR, "lib", "security"), { recursive: true });
  for (const f of ["csp.ts", "theme-script.ts"]) copyFileSync(path.join(ROOT, "lib", "security", f), path.join(BASELINE_PROXY_DIR, "lib", "security", f));
  console.log("building bench/tmp/baseline-proxy (bare app + proxy.ts)...");
  const r = spawnSync(process.execPath, [NEXT_BIN, "build", BASELINE_PROXY_DIR], { cwd: ROOT, env: bareEnv(), stdio: "inherit" });
  if (r.status !== 0) throw new Error(`baseline-proxy build failed (exit ${r.status})`);
}

export interface PagesResult {
  command: string;
  settings: string;
  rows: { id: string; label: string; rps: number; p50: number; p99: number; non2xx: number; errors: number; cpu: number; bytes: number; perRound: number[] }[];
  headers: string[];
  cacheable: boolean;
  ratios: { lecternVsBaseline: number; cacheVsNginx: number; lecternVsNginx: number; proxyVsBaseline: number };
}

async function headersCheck(): Promise<{ lines: string[]; cacheable: boolean }> {
  const lines: string[] = [];
  let cacheable = true;
  const pages = [
    ["home", "/"],
    ["course", "/learn/scaling-web-apps"],
    ["module", "/learn/scaling-web-apps/statelessness"],
    ["text chapter", TEXT_CHAPTER],
    ["lab chapter", "/learn/scaling-web-apps/statelessness/session-lab"],
    ["quiz chapter", "/learn/scaling-web-apps/statelessness/check-your-understanding"],
  ] as const;
  for (const [name, p] of pages) {
    const r = await fetch(`http://${HOST}:${PORTS.lectern}${p}`);
    await r.arrayBuffer();
    const cc = r.headers.get("cache-control") ?? "(none)";
    const ok = /s-maxage=\d+|public/.test(cc) && !/private|no-store|no-cache/.test(cc) && !r.headers.get("set-cookie");
    if (["text chapter", "lab chapter", "quiz chapter"].includes(name) && !ok) cacheable = false;
    lines.push(
      `${name} \`${p}\`: ${r.status}, cache-control \`${cc}\`, etag ${r.headers.get("etag") ? "yes" : "no"}, vary \`${r.headers.get("vary") ?? "-"}\`, x-nextjs-cache \`${r.headers.get("x-nextjs-cache") ?? "-"}\`, x-nextjs-prerender \`${r.headers.get("x-nextjs-prerender") ?? "-"}\`, set-cookie ${r.headers.get("set-cookie") ? "YES" : "no"} -> ${ok ? "a shared cache may keep it" : "NOT cacheable by a shared cache"}`,
    );
  }
  // Through the proxy cache: the second request must be a HIT.
  const statuses: string[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await fetch(`http://${HOST}:${PORTS.cache}${TEXT_CHAPTER}`);
    await r.arrayBuffer();
    statuses.push(r.headers.get("x-cache-status") ?? "?");
  }
  lines.push(`nginx proxy_cache (obeying Lectern's headers), three requests to the text chapter: ${statuses.join(", ")}`);
  if (statuses[2] !== "HIT") cacheable = false;
  return { lines, cacheable };
}

export async function runPages(): Promise<PagesResult> {
  installSignalHandlers();
  for (const p of Object.values(PORTS)) if (await portBusy(p)) throw new Error(`port ${p} is busy; set BENCH_PORT_BASE`);
  buildLecternIfNeeded();
  await buildBaselineIfNeeded();
  buildBaselineProxyIfNeeded();
  setupDatabase(DB);
  startLectern(PORTS.lectern, DB);
  startProcess("baseline next start", process.execPath, [NEXT_BIN, "start", BASELINE_DIR, "-p", String(PORTS.baseline), "-H", HOST], bareEnv());
  startProcess("baseline+proxy next start", process.execPath, [NEXT_BIN, "start", BASELINE_PROXY_DIR, "-p", String(PORTS.baselineProxy), "-H", HOST], bareEnv());
  await Promise.all([waitFor(`http://${HOST}:${PORTS.lectern}/api/health`), waitFor(`http://${HOST}:${PORTS.baseline}/`), waitFor(`http://${HOST}:${PORTS.baselineProxy}/`)]);

  // nginx: the HTML file is exactly what `next start` sends for the text chapter.
  const html = await (await fetch(TARGETS[0]!.url)).text();
  mkdirSync(path.join(TMP, "www"), { recursive: true });
  writeFileSync(path.join(TMP, "www", "chapter.html"), html);
  const conf = readFileSync(path.join(ROOT, "bench/pages/nginx.conf.template"), "utf8")
    .replaceAll("@TMP@", TMP)
    .replaceAll("@FILE_PORT@", String(PORTS.file))
    .replaceAll("@CACHE_PORT@", String(PORTS.cache))
    .replaceAll("@NEXT_PORT@", String(PORTS.lectern));
  const confFile = path.join(TMP, "nginx-pages.conf");
  writeFileSync(confFile, conf);
  startProcess("nginx", "/usr/sbin/nginx", ["-c", confFile, "-p", TMP], process.env);
  await Promise.all([waitFor(`http://${HOST}:${PORTS.file}/chapter.html`), waitFor(`http://${HOST}:${PORTS.cache}/api/health`)]);

  const { lines: headers, cacheable } = await headersCheck();
  console.log(headers.map((l) => `  ${l}`).join("\n"));

  const bytes = new Map<string, number>();
  for (const t of TARGETS) {
    const r = await fetch(t.url);
    const b = await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`${t.id}: ${r.status}`);
    bytes.set(t.id, b.byteLength);
  }
  const pids = new Map(TARGETS.map((t) => [t.id, listeningPids(t.cpuPort)]));

  console.log("  warm-up...");
  for (const t of TARGETS) await load({ url: t.url, connections: CONNECTIONS, duration: WARMUP });
  const samples = new Map<string, Sample[]>(TARGETS.map((t) => [t.id, []]));
  for (let round = 0; round < ROUNDS; round++) {
    console.log(`  round ${round + 1}/${ROUNDS}`);
    for (const t of rotate(TARGETS, round)) {
      const s = await load({ url: t.url, connections: CONNECTIONS, duration: DURATION, cpuPids: pids.get(t.id) });
      samples.get(t.id)!.push(s);
      console.log(`    ${t.id.padEnd(12)} ${fmt(s.rps).padStart(7)} req/s  p50 ${fmt(s.p50, 1)} ms  p99 ${fmt(s.p99, 1)} ms  non-2xx ${s.non2xx}  errors ${s.errors}  CPU ${fmt(s.cpuUsPerReq)} µs/req`);
    }
  }
  const med = (id: string, k: keyof Sample) => median(samples.get(id)!.map((s) => s[k]));
  const sum = (id: string, k: keyof Sample) => samples.get(id)!.reduce((a, s) => a + s[k], 0);
  const rows = TARGETS.map((t) => ({
    id: t.id,
    label: t.label,
    rps: med(t.id, "rps"),
    p50: med(t.id, "p50"),
    p99: med(t.id, "p99"),
    non2xx: sum(t.id, "non2xx"),
    errors: sum(t.id, "errors"),
    cpu: med(t.id, "cpuUsPerReq"),
    bytes: bytes.get(t.id)!,
    perRound: samples.get(t.id)!.map((s) => s.rps),
  }));
  // Ratios paired per round (each round's targets ran within a minute of each other), then the median.
  const paired = (a: string, b: string) => median(samples.get(a)!.map((s, i) => s.rps / samples.get(b)![i]!.rps));
  const result: PagesResult = {
    command: "npx tsx bench/pages/run.ts",
    settings: `${CONNECTIONS} connections, ${DURATION} s x ${ROUNDS} rounds per target (+${WARMUP} s warm-up), order rotated each round, no Accept-Encoding (uncompressed everywhere)`,
    rows,
    headers,
    cacheable,
    ratios: { lecternVsBaseline: paired("lectern", "baseline"), cacheVsNginx: paired("nginx-cache", "nginx-file"), lecternVsNginx: paired("lectern", "nginx-file"), proxyVsBaseline: paired("baseline-proxy", "baseline") },
  };
  const md = pagesMarkdown(result);
  writeFileSync(path.join(ROOT, "bench/pages/last-run.md"), `${machine().map((l) => `    ${l}`).join("\n")}\n\n${md}`);
  writeFileSync(path.join(ROOT, "bench/pages/last-run.json"), JSON.stringify(result, null, 2));
  return result;
}

export function pagesMarkdown(r: PagesResult): string {
  return [
    `Command: \`${r.command}\`; ${r.settings}.`,
    "",
    "| target | req/s (median) | per round | p50 ms | p99 ms | server CPU µs/req | bytes | non-2xx | errors |",
    "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...r.rows.map((x) => `| ${x.label} | ${fmt(x.rps)} | ${x.perRound.map((v) => fmt(v)).join(" / ")} | ${fmt(x.p50, 1)} | ${fmt(x.p99, 1)} | ${fmt(x.cpu)} | ${fmt(x.bytes)} | ${x.non2xx} | ${x.errors} |`),
    "",
    `Paired ratios (median of per-round ratios): Lectern / bare Next **${pct(r.ratios.lecternVsBaseline)}**; Lectern behind the cache / nginx file **${pct(r.ratios.cacheVsNginx)}**; Lectern / nginx file ${pct(r.ratios.lecternVsNginx)}; bare Next + Lectern's proxy.ts / bare Next ${pct(r.ratios.proxyVsBaseline)}.`,
    "",
    "Caching headers (`next start`, no cookie):",
    "",
    ...r.headers.map((l) => `- ${l}`),
  ].join("\n");
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  runPages()
    .then((r) => console.log(`\n${pagesMarkdown(r)}`))
    .catch((e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    })
    .finally(stopAll);
}
