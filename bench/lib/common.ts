/**
 * Shared pieces of the benchmarks under bench/ (servers by PID, autocannon rounds, medians,
 * machine facts). Loopback only; every server started here runs in its own process group and is
 * stopped by its PID (never by name).
 */
import autocannon, { type AutocannonOptions, type AutocannonResult } from "autocannon";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const HOST = "127.0.0.1";
export const TMP = path.join(ROOT, "bench", "tmp"); // git-ignored
mkdirSync(TMP, { recursive: true });
export const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
/** Lectern's build for the benchmarks (its own dist dir, so nobody else's build is touched). */
export const DIST = process.env.BENCH_DIST ?? ".next-bench9";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// processes

const started: { name: string; child: ChildProcess }[] = [];
let stopping = false;

export function startProcess(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): ChildProcess {
  const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let log = "";
  child.stdout?.on("data", (c: Buffer) => (log = (log + c.toString()).slice(-20_000)));
  child.stderr?.on("data", (c: Buffer) => (log = (log + c.toString()).slice(-20_000)));
  child.on("exit", (code) => {
    if (!stopping && !(child as { benchStopped?: boolean }).benchStopped) console.error(`${name} exited early (code ${code}):\n${log}`);
  });
  started.push({ name, child });
  console.log(`  started ${name} (pid ${child.pid})`);
  return child;
}

export function stopProcess(child: ChildProcess): void {
  (child as { benchStopped?: boolean }).benchStopped = true;
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // gone
  }
}

export function stopAll(): void {
  stopping = true;
  for (const { name, child } of started) {
    if (child.pid === undefined || child.exitCode !== null) continue;
    try {
      process.kill(-child.pid, "SIGTERM");
      console.log(`  stopped ${name} (pid ${child.pid})`);
    } catch {
      // gone
    }
  }
}

let handlersInstalled = false;
export function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const onSignal = () => {
    stopAll();
    process.exit(130);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("exit", stopAll);
}

export async function portBusy(port: number): Promise<boolean> {
  return fetch(`http://${HOST}:${port}/`, { signal: AbortSignal.timeout(2000) }).then(
    () => true,
    () => false,
  );
}

export async function waitFor(url: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await r.arrayBuffer();
      if (r.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

export function lecternEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NODE_ENV: "production", NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: "1", LECTERN_LOCAL: "1", ...extra } as NodeJS.ProcessEnv;
}

/** Builds Lectern into DIST when it is missing (BENCH_BUILD=1 forces it), then restores tsconfig.json. */
export function buildLecternIfNeeded(): void {
  if (!process.env.BENCH_BUILD && existsSync(path.join(ROOT, DIST, "BUILD_ID"))) return;
  console.log(`building Lectern into ${DIST} (next build)...`);
  const r = spawnSync(process.execPath, [NEXT_BIN, "build"], { cwd: ROOT, env: lecternEnv(), stdio: "inherit" });
  restoreTsconfig(DIST);
  if (r.status !== 0) throw new Error(`next build failed (exit ${r.status})`);
}

/**
 * `next build` with a custom distDir adds "<dist>/types/**" lines to tsconfig.json's include:
 * remove exactly those lines (others may have edited the file meanwhile, so no checkout/restore).
 */
export function restoreTsconfig(dist: string): void {
  const file = path.join(ROOT, "tsconfig.json");
  const text = readFileSync(file, "utf8");
  const kept = text
    .split("\n")
    .filter((l) => !l.includes(`"${dist}/types/`) && !l.includes(`"${dist}/dev/types/`))
    .join("\n")
    .replace(/,(\s*\])/g, "$1");
  if (kept !== text) writeFileSync(file, kept);
}

/** The environment of the bare baseline app. */
export function bareEnv(): NodeJS.ProcessEnv {
  return { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" } as NodeJS.ProcessEnv;
}

export const BASELINE_DIR = path.join(ROOT, "bench", "baseline-next");

/** Builds the bare Next app (bench/baseline-next) when missing, with the root node_modules. */
export async function buildBaselineIfNeeded(): Promise<void> {
  if (!process.env.BENCH_BUILD && existsSync(path.join(BASELINE_DIR, ".next", "BUILD_ID"))) return;
  const { prepareBaseline } = await import("../baseline-next/prepare");
  await prepareBaseline();
  console.log("building bench/baseline-next (next build bench/baseline-next)...");
  const r = spawnSync(process.execPath, [NEXT_BIN, "build", "bench/baseline-next"], {
    cwd: ROOT,
    env: bareEnv(),
    stdio: "inherit",
  });
  if (r.status !== 0) throw new Error(`baseline next build failed (exit ${r.status})`);
}

export function startLectern(port: number, databaseUrl: string, name = `lectern next start :${port}`): ChildProcess {
  return startProcess(name, process.execPath, [NEXT_BIN, "start", "-p", String(port), "-H", HOST], lecternEnv({ DATABASE_URL: databaseUrl }));
}

/** Applies the migrations and the demo seed to a database (scripts/setup.mjs). */
export function setupDatabase(databaseUrl: string): void {
  const r = spawnSync(process.execPath, ["scripts/setup.mjs"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } as NodeJS.ProcessEnv, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`setup of ${databaseUrl} failed:\n${r.stdout}\n${r.stderr}`);
}

// ---------------------------------------------------------------------------------------------
// CPU time of a listening server (from /proc)

export function listeningPids(port: number): number[] {
  const inodes = new Set<string>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      if (parseInt(cols[1]!.split(":")[1] ?? "", 16) === port && cols[3] === "0A") inodes.add(cols[9]!);
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
      // not ours / gone
    }
  }
  return pids;
}

export function cpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // gone
    }
  }
  return ticks * 10;
}

// ---------------------------------------------------------------------------------------------
// load

export interface Sample {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  requests: number;
  cpuUsPerReq: number;
}

export async function load(opts: AutocannonOptions & { cpuPids?: number[] }): Promise<Sample> {
  const before = opts.cpuPids ? cpuMs(opts.cpuPids) : 0;
  const r: AutocannonResult = await autocannon(opts);
  const after = opts.cpuPids ? cpuMs(opts.cpuPids) : 0;
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    requests: r.requests.total,
    cpuUsPerReq: opts.cpuPids && r.requests.total ? ((after - before) * 1000) / r.requests.total : NaN,
  };
}

export function median(values: number[]): number {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toLocaleString("en", { minimumFractionDigits: d, maximumFractionDigits: d }) : "-");
export const pct = (n: number) => (Number.isFinite(n) ? `${(n * 100).toFixed(0)}%` : "-");

export function machine(): string[] {
  const sh = (cmd: string) => spawnSync("sh", ["-c", cmd], { encoding: "utf8" }).stdout.trim();
  const ver = (p: string) => {
    try {
      return JSON.parse(readFileSync(path.join(ROOT, "node_modules", p, "package.json"), "utf8")).version as string;
    } catch {
      return "?";
    }
  };
  return [
    `date: ${new Date().toISOString()}`,
    `cpu: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `node ${process.version}, next ${ver("next")}, autocannon ${ver("autocannon")}, lighthouse ${ver("lighthouse")}, ${sh("/usr/sbin/nginx -v 2>&1") || "nginx ?"}, ${sh("/usr/bin/chromium --version 2>/dev/null") || "chromium ?"}`,
    `loadavg: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`,
  ];
}

/** Rotates xs by `round` positions (alternating order between rounds). */
export const rotate = <T>(xs: T[], round: number): T[] => (xs.length ? [...xs.slice(round % xs.length), ...xs.slice(0, round % xs.length)] : xs);
