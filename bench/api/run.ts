/**
 * HTTP throughput of POST /api/sim next to an empty Next route handler (and next to the same work
 * without the framework). A benchmark, not a test: it prints figures, it asserts nothing but "every
 * answer had the expected status".
 *
 *   npx tsx bench/api/run.ts
 *
 * It builds the app into .next-bench when that build is missing (BENCH_BUILD=1 forces a rebuild),
 * starts `next start` on 127.0.0.1:3300 and bench/api/raw-server.ts on 127.0.0.1:3301 itself, runs
 * autocannon against them (loopback only) and stops both servers (by PID) at the end.
 * BENCH_EXTERNAL=1 uses servers that are already running on those ports instead (see README.md).
 *
 * Knobs: BENCH_DURATION (s, 10), BENCH_CONNECTIONS (20), BENCH_ROUNDS (3), BENCH_WARMUP (s, 3),
 * BENCH_NEXT_PORT (3300), BENCH_RAW_PORT (3301), BENCH_ONLY (comma-separated target ids).
 *
 * Per target and round: req/s (autocannon's per-second average), p50/p99 latency, non-2xx, errors,
 * and the server process tree's CPU time per request (utime+stime from /proc, which is less
 * sensitive to a busy machine than req/s). Rounds alternate the targets (the order rotates every
 * round); the summary is the median of the rounds.
 */
import autocannon, { type AutocannonResult } from "autocannon";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BENCH_SECRET_TEXT } from "./raw-server";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DIST = ".next-bench";
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const NEXT_PORT = Number(process.env.BENCH_NEXT_PORT ?? 3300);
const RAW_PORT = Number(process.env.BENCH_RAW_PORT ?? 3301);
const EXTERNAL = process.env.BENCH_EXTERNAL === "1";
const HOST = "127.0.0.1";
const NEXT = `http://${HOST}:${NEXT_PORT}`;
const RAW = `http://${HOST}:${RAW_PORT}`;

/** The brief's scenario: log in, four requests, kill S1, two more requests. */
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
const STRATEGIES = ["memory", "sticky", "store", "jwt"] as const;
const simBody = (strategy: string) => JSON.stringify({ strategy, servers: 3, actions: ACTIONS });

interface Target {
  id: string;
  label: string;
  server: "next" | "raw";
  url: string;
  method: "GET" | "POST";
  body?: string;
  /** The status every answer must have. */
  status: number;
}

const ALL_TARGETS: Target[] = [
  { id: "next-health", label: "Next `GET /api/health` (empty handler)", server: "next", url: `${NEXT}/api/health`, method: "GET", status: 200 },
  {
    id: "next-health-post",
    label: "Next `POST /api/health` (405 from Next's router)",
    server: "next",
    url: `${NEXT}/api/health`,
    method: "POST",
    body: simBody("memory"),
    status: 405,
  },
  ...STRATEGIES.map(
    (s): Target => ({ id: `next-sim-${s}`, label: `Next \`POST /api/sim\` ${s}`, server: "next", url: `${NEXT}/api/sim`, method: "POST", body: simBody(s), status: 200 }),
  ),
  {
    id: "next-sim0-memory",
    label: "Next `POST /api/sim` memory, 0 actions (our fixed cost: body, zod, Response)",
    server: "next",
    url: `${NEXT}/api/sim`,
    method: "POST",
    body: JSON.stringify({ strategy: "memory", servers: 3, actions: [] }),
    status: 200,
  },
  { id: "raw-health", label: "raw node:http `GET /health`", server: "raw", url: `${RAW}/health`, method: "GET", status: 200 },
  ...STRATEGIES.map(
    (s): Target => ({ id: `raw-sim-${s}`, label: `raw node:http \`POST /sim\` ${s}`, server: "raw", url: `${RAW}/sim`, method: "POST", body: simBody(s), status: 200 }),
  ),
  ...(["memory", "jwt"] as const).map(
    (s): Target => ({
      id: `raw-web-${s}`,
      label: `raw node:http + Request/Response + \`handleSimPost\` ${s}`,
      server: "raw",
      url: `${RAW}/sim-web`,
      method: "POST",
      body: simBody(s),
      status: 200,
    }),
  ),
];
const ONLY = process.env.BENCH_ONLY?.split(",").map((s) => s.trim());
const TARGETS = ONLY ? ALL_TARGETS.filter((t) => ONLY.includes(t.id)) : ALL_TARGETS;

// ---------------------------------------------------------------------------------------------
// servers

const started: { name: string; child: ChildProcess }[] = [];

function nextEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    NEXT_DIST_DIR: DIST,
    NEXT_TELEMETRY_DISABLED: "1",
    LECTERN_LOCAL: "1",
    // The same secret as the raw server, so both answer byte-identical JSON (checked below).
    LAB_JWT_SECRET: BENCH_SECRET_TEXT,
  };
}

function buildIfNeeded(): void {
  if (!process.env.BENCH_BUILD && existsSync(path.join(ROOT, DIST, "BUILD_ID"))) return;
  console.log(`building into ${DIST} (next build)...`);
  const nextBin = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
  const result = spawnSync(process.execPath, [nextBin, "build"], { cwd: ROOT, env: nextEnv(), stdio: "inherit" });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status})`);
}

function startServer(name: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  // detached: its own process group, so stop() can signal exactly this tree (-pid) and nothing else.
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let log = "";
  child.stdout?.on("data", (c: Buffer) => (log += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (log += c.toString()));
  child.on("exit", (code) => {
    if (!stopping) console.error(`${name} exited early (code ${code}):\n${log}`);
  });
  started.push({ name, child });
  console.log(`started ${name} (pid ${child.pid})`);
  return child;
}

let stopping = false;
function stopServers(): void {
  stopping = true;
  for (const { name, child } of started) {
    if (child.pid === undefined || child.exitCode !== null) continue;
    try {
      process.kill(-child.pid, "SIGTERM");
      console.log(`stopped ${name} (pid ${child.pid})`);
    } catch {
      // already gone
    }
  }
}

async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(url);
      await r.arrayBuffer();
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The PIDs of the process listening on `port` (from /proc/net/tcp inodes), to sum their CPU time. */
function listeningPids(port: number): number[] {
  const inodes = new Set<string>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const localPort = parseInt(cols[1]!.split(":")[1] ?? "", 16);
      if (localPort === port && cols[3] === "0A") inodes.add(cols[9]!);
    }
  }
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      for (const fd of readdirSync(`/proc/${entry}/fd`)) {
        let link = "";
        try {
          link = readlinkSync(`/proc/${entry}/fd/${fd}`);
        } catch {
          continue;
        }
        const m = /^socket:\[(\d+)\]$/.exec(link);
        if (m && inodes.has(m[1]!)) {
          pids.push(Number(entry));
          break;
        }
      }
    } catch {
      // not ours to read / gone
    }
  }
  return pids;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux
/** utime + stime of a process (all its threads), in ms; 0 when unreadable. */
function cpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    } catch {
      // gone
    }
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

// ---------------------------------------------------------------------------------------------
// load

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  wrongStatus: number;
  cpuUsPerReq: number;
  requests: number;
}

async function load(t: Target, seconds: number, pids: number[]): Promise<Sample> {
  const cpuBefore = cpuMs(pids);
  const r: AutocannonResult = await autocannon({
    url: t.url,
    method: t.method,
    connections: CONNECTIONS,
    duration: seconds,
    headers: t.body ? { "content-type": "application/json" } : {},
    body: t.body,
  });
  const cpuAfter = cpuMs(pids);
  const total = r.requests.total;
  const expected = r.statusCodeStats[String(t.status)]?.count ?? 0;
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    wrongStatus: total - expected,
    cpuUsPerReq: total > 0 ? ((cpuAfter - cpuBefore) * 1000) / total : NaN,
    requests: total,
  };
}

function median(values: number[]): number {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** One request per target: the expected status, and the Next and raw sim answers must be byte-identical. */
async function sanity(): Promise<string[]> {
  const notes: string[] = [];
  const bodies = new Map<string, string>();
  for (const t of TARGETS) {
    const r = await fetch(t.url, { method: t.method, headers: t.body ? { "content-type": "application/json" } : {}, body: t.body });
    const text = await r.text();
    bodies.set(t.id, text);
    if (r.status !== t.status) throw new Error(`${t.id}: expected ${t.status}, got ${r.status}: ${text.slice(0, 300)}`);
    notes.push(`${t.id}: ${r.status}, ${Buffer.byteLength(text)} B, content-type ${r.headers.get("content-type") ?? "-"}${t.status !== 200 ? `, body ${JSON.stringify(text.slice(0, 160))}` : ""}`);
  }
  for (const s of STRATEGIES) {
    const next = bodies.get(`next-sim-${s}`);
    for (const other of [`raw-sim-${s}`, `raw-web-${s}`]) {
      const o = bodies.get(other);
      if (next === undefined || o === undefined) continue;
      if (next !== o) throw new Error(`next-sim-${s} and ${other} answered different JSON`);
      notes.push(`next-sim-${s} == ${other} (byte-identical)`);
    }
  }
  return notes;
}

function machine(): string[] {
  const sh = (cmd: string) => spawnSync("sh", ["-c", cmd], { encoding: "utf8" }).stdout.trim();
  return [
    `date: ${new Date().toISOString()}`,
    `node: ${process.version}, next: ${JSON.parse(readFileSync(path.join(ROOT, "node_modules/next/package.json"), "utf8")).version}, autocannon: ${JSON.parse(readFileSync(path.join(ROOT, "node_modules/autocannon/package.json"), "utf8")).version}`,
    `nproc: ${sh("nproc")}  (${os.cpus()[0]?.model ?? "?"})`,
    `loadavg at start: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`,
    "free -h:",
    ...sh("free -h").split("\n").map((l) => `  ${l}`),
  ];
}

const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toLocaleString("en", { minimumFractionDigits: d, maximumFractionDigits: d }) : "-");
const pct = (n: number) => (Number.isFinite(n) ? `${(n * 100).toFixed(0)}%` : "-");

async function main(): Promise<void> {
  const info = machine();
  console.log(info.join("\n"));
  const knobs = Object.entries(process.env)
    .filter(([k]) => k.startsWith("BENCH_"))
    .map(([k, v]) => `${k}=${v}`)
    .sort();
  const command = `${knobs.length ? `${knobs.join(" ")} ` : ""}npx tsx bench/api/run.ts`;
  console.log(`\n${command}: ${CONNECTIONS} connections, ${DURATION} s x ${ROUNDS} rounds per target (+${WARMUP} s warm-up), targets alternate\n`);

  if (!EXTERNAL) {
    // Never measure someone else's server by accident: the ports must be free.
    for (const url of [`${NEXT}/api/health`, `${RAW}/health`]) {
      const busy = await fetch(url).then(
        () => true,
        () => false,
      );
      if (busy) throw new Error(`${url} already answers: stop that server, pick other ports (BENCH_NEXT_PORT, BENCH_RAW_PORT) or set BENCH_EXTERNAL=1`);
    }
    buildIfNeeded();
    const nextBin = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
    startServer("next start", [nextBin, "start", "-p", String(NEXT_PORT), "-H", HOST], nextEnv());
    startServer("raw-server", ["--import", "tsx", path.join("bench", "api", "raw-server.ts")], {
      ...process.env,
      NODE_ENV: "production",
      BENCH_RAW_PORT: String(RAW_PORT),
    });
  }
  await Promise.all([waitFor(`${NEXT}/api/health`), waitFor(`${RAW}/health`)]);
  const pids = { next: listeningPids(NEXT_PORT), raw: listeningPids(RAW_PORT) };
  console.log(`server pids: next ${pids.next.join(",") || "?"}, raw ${pids.raw.join(",") || "?"}`);

  const notes = await sanity();
  console.log(notes.map((n) => `  ${n}`).join("\n"));

  console.log("\nwarm-up...");
  for (const t of TARGETS) await load(t, WARMUP, pids[t.server]);

  const samples = new Map<string, Sample[]>(TARGETS.map((t) => [t.id, []]));
  const loads: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Next's targets run back to back (so each sim round has its floor within about a minute),
    // rotated by one every round; the raw server's likewise; the two groups swap places every round.
    const rotate = <T,>(xs: T[]) => (xs.length ? [...xs.slice(round % xs.length), ...xs.slice(0, round % xs.length)] : xs);
    const nextGroup = rotate(TARGETS.filter((t) => t.server === "next"));
    const rawGroup = rotate(TARGETS.filter((t) => t.server === "raw"));
    const order = round % 2 === 0 ? [...nextGroup, ...rawGroup] : [...rawGroup, ...nextGroup];
    const load1 = os.loadavg()[0]!;
    loads.push(load1);
    console.log(`\nround ${round + 1}/${ROUNDS} (loadavg 1 min ${load1.toFixed(2)})`);
    for (const t of order) {
      const s = await load(t, DURATION, pids[t.server]);
      samples.get(t.id)!.push(s);
      console.log(
        `  ${t.id.padEnd(18)} ${fmt(s.rps).padStart(7)} req/s  p50 ${fmt(s.p50, 1).padStart(6)} ms  p99 ${fmt(s.p99, 1).padStart(6)} ms  non-2xx ${s.non2xx}  errors ${s.errors}  wrong-status ${s.wrongStatus}  server CPU ${fmt(s.cpuUsPerReq)} µs/req`,
      );
    }
  }

  const med = (id: string, k: keyof Sample) => median((samples.get(id) ?? []).map((s) => s[k]));
  const sum = (id: string, k: keyof Sample) => (samples.get(id) ?? []).reduce((a, s) => a + s[k], 0);
  const rows: string[] = [
    `| target | req/s | p50 ms | p99 ms | non-2xx (${ROUNDS} rounds) | server CPU µs/req | CPU vs Next GET health | req/s vs Next GET health | req/s vs Next POST health | req/s vs raw /sim |`,
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const t of TARGETS) {
    const rps = med(t.id, "rps");
    const strategy = /-(memory|sticky|store|jwt)$/.exec(t.id)?.[1];
    const vsGet = t.server === "next" && t.id !== "next-health" ? rps / med("next-health", "rps") : NaN;
    const vsPost = t.id.startsWith("next-sim") ? rps / med("next-health-post", "rps") : NaN;
    const vsRaw = t.id.startsWith("next-sim") && strategy ? rps / med(`raw-sim-${strategy}`, "rps") : NaN;
    const cpu = med(t.id, "cpuUsPerReq");
    const cpuDelta = t.server === "next" && t.id !== "next-health" ? cpu - med("next-health", "cpuUsPerReq") : NaN;
    const non2xx = sum(t.id, "non2xx");
    const wrong = sum(t.id, "wrongStatus");
    rows.push(
      `| ${t.label} | ${fmt(rps)} | ${fmt(med(t.id, "p50"), 1)} | ${fmt(med(t.id, "p99"), 1)} | ${fmt(non2xx)}${t.status !== 200 ? ` (all ${t.status})` : ""}${wrong ? `, ${wrong} unexpected` : ""} | ${fmt(cpu)} | ${Number.isFinite(cpuDelta) ? `${cpuDelta >= 0 ? "+" : ""}${fmt(cpuDelta)} µs` : "-"} | ${pct(vsGet)} | ${pct(vsPost)} | ${pct(vsRaw)} |`,
    );
  }
  const errors = TARGETS.reduce((a, t) => a + sum(t.id, "errors"), 0);
  // The same ratios paired per round (each round's sim against the same round's floor), which
  // cancels slow drifts in the machine's load.
  const paired: string[] = [
    `| Next \`POST /api/sim\` vs Next \`GET /api/health\`, req/s | ${Array.from({ length: ROUNDS }, (_, i) => `round ${i + 1}`).join(" | ")} | median |`,
    `| --- |${" ---: |".repeat(ROUNDS + 1)}`,
  ];
  for (const t of TARGETS.filter((x) => x.id.startsWith("next-sim"))) {
    const floor = samples.get("next-health") ?? [];
    const ratios = (samples.get(t.id) ?? []).map((x, i) => x.rps / (floor[i]?.rps ?? NaN));
    paired.push(`| ${t.label} | ${ratios.map(pct).join(" | ")} | ${pct(median(ratios))} |`);
  }
  const table = `${rows.join("\n")}\n\n${paired.join("\n")}`;
  const report = [
    "```",
    ...info,
    `command: ${command}`,
    `${CONNECTIONS} connections, ${DURATION} s x ${ROUNDS} rounds per target, medians of the rounds; socket errors+timeouts: ${errors}`,
    `loadavg (1 min) at the start of each round: ${loads.map((l) => l.toFixed(2)).join(", ")}; at the end: ${os.loadavg()[0]!.toFixed(2)}`,
    "```",
    "",
    table,
    "",
    "Sanity checks:",
    "",
    ...notes.map((n) => `- ${n}`),
    "",
  ].join("\n");
  console.log(`\n${report}`);
  const out = path.join(ROOT, "bench", "api", "last-run.md");
  writeFileSync(out, report);
  console.log(`(also written to ${path.relative(ROOT, out)})`);
}

const onSignal = () => {
  stopServers();
  process.exit(130);
};
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);
main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(stopServers);
