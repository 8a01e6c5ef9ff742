/**
 * Where the server's CPU goes under load, per request, split into ours and the framework's.
 *
 *   npx tsx bench/api/cpu-profile.ts        # BENCH_PROFILE_SECONDS (8), BENCH_PROFILE_TARGETS (all below)
 *
 * For each target it starts its own `next start` from .next-bench (run bench/api/run.ts once first
 * to build it) on 127.0.0.1:3300 with `node --cpu-prof`, loads it with autocannon (20 connections,
 * after a 3 s warm-up), stops it by PID (the profile is written on exit), and sums the profile's
 * self time per category, mapping the Turbopack chunks back to their sources with their source maps
 * (node:module SourceMap):
 *
 *   ours         lib/** (lib/sim, lib/http: body reading, zod calls, engine, JSON)
 *   zod, jose    the two libraries our handler calls
 *   Next         node_modules/next/** (router, app-route module, request/response adapters)
 *   Node         node: internals (http, streams, undici Request/Response, Web Crypto, async_hooks)
 *   GC / native  garbage collector, and native frames (socket writes, JSON, crypto, ...)
 *
 * BENCH_PROFILE_TOP=n also prints each target's n heaviest functions (self time, original source).
 *
 * The figure is µs of CPU per request in each category, measured during the whole run (start-up
 * excluded: only samples after the warm-up count). --cpu-prof itself adds some overhead, so compare
 * the rows with each other rather than with run.ts.
 */
import autocannon from "autocannon";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { SourceMap } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PORT = Number(process.env.BENCH_NEXT_PORT ?? 3300);
const BASE = `http://127.0.0.1:${PORT}`;
const SECONDS = Number(process.env.BENCH_PROFILE_SECONDS ?? 8);
const ACTIONS = [
  { type: "login", user: "alice" },
  { type: "request" },
  { type: "request" },
  { type: "request" },
  { type: "request" },
  { type: "kill", server: "S1" },
  { type: "request" },
  { type: "request" },
];
const sim = (strategy: string, actions: unknown[] = ACTIONS) => JSON.stringify({ strategy, servers: 3, actions });
const TARGETS: Record<string, { method: "GET" | "POST"; path: string; body?: string }> = {
  "health": { method: "GET", path: "/api/health" },
  "sim0-memory": { method: "POST", path: "/api/sim", body: sim("memory", []) },
  "sim-memory": { method: "POST", path: "/api/sim", body: sim("memory") },
  "sim-jwt": { method: "POST", path: "/api/sim", body: sim("jwt") },
};
const CATEGORIES = ["ours", "zod", "jose", "Next", "Node", "GC", "native/other"] as const;
type Category = (typeof CATEGORIES)[number];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const maps = new Map<string, SourceMap | null>();
function sourceMapFor(url: string): SourceMap | null {
  if (!maps.has(url)) {
    let map: SourceMap | null = null;
    try {
      const file = url.startsWith("file:") ? fileURLToPath(url) : url;
      if (existsSync(`${file}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8")));
    } catch {
      map = null;
    }
    maps.set(url, map);
  }
  return maps.get(url) ?? null;
}

function originalSource(frame: ProfileNode["callFrame"]): string {
  const map = frame.url ? sourceMapFor(frame.url) : null;
  if (map) {
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number };
    if (entry.originalSource) return `${entry.originalSource}:${(entry.originalLine ?? 0) + 1}`;
  }
  return frame.url;
}

function categorize(frame: ProfileNode["callFrame"]): Category | "idle" {
  const { url, functionName } = frame;
  if (functionName === "(idle)") return "idle";
  if (functionName === "(garbage collector)") return "GC";
  if (!url) return "native/other";
  if (url.startsWith("node:")) return "Node";
  const source = originalSource(frame);
  if (/\/node_modules\/zod\//.test(source)) return "zod";
  if (/\/node_modules\/jose\//.test(source)) return "jose";
  if (/\/node_modules\/next\/|\[next\]|next-server/.test(source) || /\/node_modules\/next\//.test(url)) return "Next";
  if (/(^|\/)lib\/|\[project\]\/lib\//.test(source)) return "ours";
  if (/\/node_modules\//.test(source)) return "native/other";
  return "Next"; // unmapped Turbopack runtime / chunk glue
}

async function waitFor(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const r = await fetch(url);
      await r.arrayBuffer();
      if (r.ok) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const TOP = Number(process.env.BENCH_PROFILE_TOP ?? 0);

async function profileTarget(name: string): Promise<Record<Category, number> & { requests: number; idle: number }> {
  const t = TARGETS[name]!;
  const dir = mkdtempSync(path.join(os.tmpdir(), "lectern-bench-cpuprof-"));
  const child = spawn(
    process.execPath,
    ["--cpu-prof", `--cpu-prof-dir=${dir}`, path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(PORT), "-H", "127.0.0.1"],
    {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: "production", NEXT_DIST_DIR: ".next-bench", NEXT_TELEMETRY_DISABLED: "1", LECTERN_LOCAL: "1", LAB_JWT_SECRET: "bench-secret-bench-secret-bench-secret!!" },
      stdio: "ignore",
    },
  );
  try {
    await waitFor(`${BASE}/api/health`);
    const headers: Record<string, string> = t.body ? { "content-type": "application/json" } : {};
    const opts = { url: `${BASE}${t.path}`, method: t.method, connections: 20, body: t.body, headers };
    await autocannon({ ...opts, duration: 3 });
    const loadStart = Date.now();
    const r = await autocannon({ ...opts, duration: SECONDS });
    const loadEnd = Date.now();
    if (r.non2xx || r.errors) throw new Error(`${name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGINT");
    await exited;
    const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
    if (!file) throw new Error(`${name}: no .cpuprofile written`);
    const profile = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as Profile;
    // Only the samples taken during the measured load (profile times are µs since an arbitrary origin;
    // align on the profile's end, which is the process exit, shortly after loadEnd).
    const exitWall = Date.now();
    const windowStart = profile.endTime - (exitWall - loadStart) * 1000;
    const windowEnd = profile.endTime - (exitWall - loadEnd) * 1000;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const totals = Object.fromEntries([...CATEGORIES, "idle"].map((c) => [c, 0])) as Record<Category | "idle", number>;
    const functions = new Map<string, number>();
    let time = profile.startTime;
    for (let i = 0; i < profile.samples.length; i++) {
      time += profile.timeDeltas[i] ?? 0;
      if (time < windowStart || time > windowEnd) continue;
      const node = byId.get(profile.samples[i]!);
      if (!node) continue;
      const category = categorize(node.callFrame);
      const dt = profile.timeDeltas[i + 1] ?? 0;
      totals[category] += dt;
      if (TOP > 0) {
        const f = node.callFrame;
        const key = `${category.padEnd(12)} ${f.functionName || "(anonymous)"} ${f.url.startsWith("node:") || !f.url ? f.url : originalSource(f).replace(/^.*?(node_modules\/|lib\/)/, "$1")}`;
        functions.set(key, (functions.get(key) ?? 0) + dt);
      }
    }
    const requests = r.requests.total;
    if (TOP > 0) {
      console.log(`\n${name}: heaviest functions, µs of self time per request`);
      for (const [key, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${(us / requests).toFixed(1).padStart(7)}  ${key}`);
    }
    const perReq = Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, v / requests])) as Record<Category | "idle", number>;
    return { ...perReq, requests };
  } finally {
    if (child.exitCode === null && child.pid !== undefined) child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const names = process.env.BENCH_PROFILE_TARGETS?.split(",") ?? Object.keys(TARGETS);
  console.log(`node ${process.version}, next start --cpu-prof, 20 connections, ${SECONDS} s per target; µs of CPU per request by category\n`);
  const rows: string[] = [
    `| target | req | ${CATEGORIES.join(" | ")} | total CPU |`,
    `| --- | ---: |${" ---: |".repeat(CATEGORIES.length + 1)}`,
  ];
  for (const name of names) {
    const r = await profileTarget(name);
    const total = CATEGORIES.reduce((a, c) => a + r[c], 0);
    rows.push(`| ${name} | ${r.requests} | ${CATEGORIES.map((c) => r[c].toFixed(0)).join(" | ")} | ${total.toFixed(0)} |`);
    console.log(rows[rows.length - 1]);
  }
  console.log(`\n${rows.join("\n")}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
