// Measures the dashboard's server time on the 1,000-learner bench class (loopback only, bounded).
//   DATABASE_URL=file:./data/bench.db npx tsx scripts/seed-bench-class.ts      # once
//   node bench/dashboard/run.mjs [--requests 100] [--duration 10]
// Starts Lectern (scripts/start.mjs) on 127.0.0.1:3238 against data/bench.db, signs in as the
// bench instructor, then for the overview page, question analytics and the overview CSV:
//   1. N sequential requests, one at a time (client-measured time on loopback ≈ server time): p50/p95/max
//   2. autocannon, 4 connections for D seconds: throughput and latency under light concurrency
// Writes bench/dashboard/last-run.md and appends one line per run to bench/dashboard/history.jsonl
// (so several runs, e.g. before and after a change, can be compared with the load they ran under).
import { spawn } from "node:child_process";
import { appendFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import Database from "better-sqlite3";
import autocannon from "autocannon";

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const REQUESTS = Math.min(arg("requests", 100), 1000);
const DURATION = Math.min(arg("duration", 10), 30);
const PORT = 3238;
const BASE = `http://127.0.0.1:${PORT}`;
const DB_FILE = "data/bench.db";

const sqlite = new Database(DB_FILE, { readonly: true });
const klass = sqlite
  .prepare(`SELECT c.id, (SELECT COUNT(*) FROM Enrollment e WHERE e.classId = c.id) AS n FROM Class c JOIN User u ON u.id = c.ownerId WHERE u.email = 'bench-instructor@example.test' ORDER BY n DESC LIMIT 1`)
  .get();
sqlite.close();
if (!klass) throw new Error("no bench class: run scripts/seed-bench-class.ts first");

const server = spawn(process.execPath, ["scripts/start.mjs"], {
  env: { ...process.env, PORT: String(PORT), HOST: "127.0.0.1", DATABASE_URL: `file:./${DB_FILE}`, NEXT_TELEMETRY_DISABLED: "1", NEXT_DIST_DIR: process.env.NEXT_DIST_DIR || ".next-dashboard" },
  stdio: ["ignore", "pipe", "inherit"],
});
const stop = () => server.kill("SIGTERM");
process.on("exit", stop);
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${BASE}/api/health`)).status < 500) break;
  } catch {}
  if (i > 600) throw new Error("the server did not start");
  await new Promise((r) => setTimeout(r, 500));
}

// Sign in through next-auth's credentials endpoint.
const jar = new Map();
const keep = (res) => {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const [k, ...v] = pair.split("=");
    jar.set(k, v.join("="));
  }
};
const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
let res = await fetch(`${BASE}/api/auth/csrf`);
keep(res);
const { csrfToken } = await res.json();
res = await fetch(`${BASE}/api/auth/callback/credentials`, {
  method: "POST",
  redirect: "manual",
  headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
  body: new URLSearchParams({ csrfToken, email: "bench-instructor@example.test", password: "bench-password-1", json: "true" }),
});
keep(res);
if (![...jar.keys()].some((k) => k.includes("session"))) throw new Error("sign-in failed");

const endpoints = [
  ["overview page", `/dashboard/classes/${klass.id}`],
  ["overview page, sorted by quiz, filtered", `/dashboard/classes/${klass.id}?filter=below-pass&sort=quiz&dir=desc&page=3`],
  ["question analytics", `/dashboard/classes/${klass.id}/questions`],
  ["overview CSV", `/api/classes/${klass.id}/export/overview.csv`],
  ["answers CSV", `/api/classes/${klass.id}/export/answers.csv`],
];
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const rows = [];
for (const [name, path] of endpoints) {
  for (let i = 0; i < 5; i++) await (await fetch(BASE + path, { headers: { cookie: cookie() } })).arrayBuffer(); // warm up
  const times = [];
  let bytes = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    const r = await fetch(BASE + path, { headers: { cookie: cookie() } });
    const body = await r.arrayBuffer();
    times.push(performance.now() - t0);
    if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
    bytes = body.byteLength;
  }
  times.sort((a, b) => a - b);
  const ac = await autocannon({ url: BASE + path, connections: 4, duration: DURATION, headers: { cookie: cookie() } });
  rows.push({
    name,
    bytes,
    p50: pct(times, 50).toFixed(0),
    p95: pct(times, 95).toFixed(0),
    max: times.at(-1).toFixed(0),
    rps: ac.requests.average.toFixed(1),
    acP50: ac.latency.p50,
    acP97: ac.latency.p97_5,
    errors: ac.non2xx + ac.errors,
  });
  console.log(rows.at(-1));
}
const load = os.loadavg().map((l) => l.toFixed(1)).join(" ");
const head = `${new Date().toISOString()}: class ${klass.id}: ${klass.n} learners; ${REQUESTS} sequential requests each, then autocannon 4 connections × ${DURATION} s; load average at the end ${load} (${os.cpus().length} cores); git ${process.env.BENCH_GIT_REV || "working tree"}`;
const table = [
  "| endpoint | body | sequential p50 | sequential p95 | max | autocannon req/s (4 conn) | p50 | p97.5 | non-2xx |",
  "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ...rows.map((r) => `| ${r.name} | ${(r.bytes / 1024).toFixed(0)} KB | ${r.p50} ms | **${r.p95} ms** | ${r.max} ms | ${r.rps} | ${r.acP50} ms | ${r.acP97} ms | ${r.errors} |`),
].join("\n");
console.log(`\n${head}\n\n${table}`);
writeFileSync("bench/dashboard/last-run.md", `${head}\n\ncommand: node bench/dashboard/run.mjs --requests ${REQUESTS} --duration ${DURATION}\n\n${table}\n`);
appendFileSync("bench/dashboard/history.jsonl", JSON.stringify({ at: new Date().toISOString(), learners: klass.n, requests: REQUESTS, duration: DURATION, loadavg: os.loadavg(), rev: process.env.BENCH_GIT_REV ?? null, rows }) + "\n");
stop();
process.exit(0);
