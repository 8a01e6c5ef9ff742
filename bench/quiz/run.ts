/**
 * Quiz answers (grade + write) at 50 concurrent signed-in learners, on SQLite and on PostgreSQL.
 *
 *   npx tsx bench/quiz/run.ts          (writes bench/quiz/last-run.md and last-run.json)
 *
 * Two `next start` servers from Lectern's bench build: one on a fresh SQLite file
 * (bench/tmp/quiz.db), one on a fresh PostgreSQL database `lectern_bench` (127.0.0.1:5432, dropped
 * and re-created each run; BENCH_PG_URL to change it; BENCH_SKIP_PG=1 to skip). Each learner signs
 * up (POST /api/auth/signup) and signs in (next-auth credentials flow) with its own cookie jar, then
 * answers in a closed loop over one keep-alive connection: POST /api/quiz/statelessness-quiz/answer
 * with a fresh idempotencyKey each time, cycling through the quiz's questions. Rounds alternate the
 * databases; the table shows medians of the rounds. "Rows written" compares the database's
 * QuizAnswer rows before and after with the number of 200 answers (every acknowledged answer is a row).
 *
 * Knobs: BENCH_LEARNERS (50), BENCH_DURATION (s, 10), BENCH_ROUNDS (3), BENCH_WARMUP (s, 3),
 * BENCH_QUIZ_PORT (3420: SQLite, +1 PostgreSQL).
 */
import { spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { appendFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import http from "node:http";
import path from "node:path";
import { parse } from "yaml";
import Database from "better-sqlite3";
import {
  buildLecternIfNeeded,
  cpuMs,
  fmt,
  HOST,
  installSignalHandlers,
  listeningPids,
  machine,
  median,
  portBusy,
  ROOT,
  setupDatabase,
  startLectern,
  stopAll,
  TMP,
  waitFor,
} from "../lib/common";

const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 50);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const PORT = Number(process.env.BENCH_QUIZ_PORT ?? 3420);
const PG_URL = process.env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/lectern_bench";
const SQLITE_FILE = path.join(TMP, "quiz.db");
/** Paced mode: each learner answers about once per THINK_MS (a class answering together); closed mode: no pause (saturation). */
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 1000);
const MODES = [
  { id: "paced", label: `paced (1 answer per ~${THINK_MS / 1000} s per learner)`, think: THINK_MS },
  { id: "closed", label: "closed loop (no pause: saturation)", think: 0 },
] as const;

const quiz = parse(readFileSync(path.join(ROOT, "content/scaling-web-apps/01-statelessness/quiz.yaml"), "utf8")) as {
  id: string;
  questions: { id: string; type: string; choices: { id: string; correct: boolean }[] }[];
};

interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One learner: a cookie jar and one keep-alive connection (like one browser tab). */
export class Learner {
  cookies = new Map<string, string>();
  agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  constructor(readonly port: number) {}
  /** Requests re-sent because the server had closed an idle keep-alive socket just as it was reused. */
  static retries = 0;
  async request(method: string, url: string, body?: string, contentType = "application/json"): Promise<Res> {
    try {
      return await this.once(method, url, body, contentType);
    } catch (e) {
      // Node's documented case (http: req.reusedSocket): the server closed the idle connection
      // (keepAliveTimeout) as we reused it; nothing reached the app, so send it again, as a browser
      // does. The answer's idempotency key makes a re-send safe in any case.
      if ((e as { reused?: boolean }).reused) {
        Learner.retries++;
        return this.once(method, url, body, contentType);
      }
      throw e;
    }
  }
  private once(method: string, url: string, body: string | undefined, contentType: string): Promise<Res> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { origin: `http://${HOST}:${this.port}`, cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ") };
      if (body !== undefined) {
        headers["content-type"] = contentType;
        headers["content-length"] = String(Buffer.byteLength(body));
      }
      const req = http.request({ host: HOST, port: this.port, method, path: url, headers, agent: this.agent, timeout: 30_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          for (const c of ([] as string[]).concat(res.headers["set-cookie"] ?? [])) {
            const [pair] = c.split(";");
            const [k, ...v] = (pair ?? "").split("=");
            if (k) this.cookies.set(k.trim(), v.join("="));
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() });
        });
        res.on("error", reject);
      });
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", (err: NodeJS.ErrnoException) => {
        if (req.reusedSocket && (err.code === "ECONNRESET" || /socket hang up/.test(err.message))) Object.assign(err, { reused: true });
        reject(err);
      });
      req.end(body);
    });
  }
  async signUpAndIn(i: number): Promise<void> {
    const email = `bench-${i}-${randomUUID().slice(0, 8)}@example.test`;
    const password = "bench-password-1";
    const up = await this.request("POST", "/api/auth/signup", JSON.stringify({ name: `Bench learner ${i}`, email, password }));
    if (up.status !== 201) throw new Error(`signup: ${up.status} ${up.body.slice(0, 200)}`);
    const csrf = JSON.parse((await this.request("GET", "/api/auth/csrf")).body) as { csrfToken: string };
    const form = new URLSearchParams({ csrfToken: csrf.csrfToken, email, password, json: "true", callbackUrl: "/" }).toString();
    await this.request("POST", "/api/auth/callback/credentials", form, "application/x-www-form-urlencoded");
    const me = await this.request("GET", "/api/account/me");
    if (me.status !== 200) throw new Error(`sign-in failed: /api/account/me answered ${me.status}`);
  }
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  ok: number;
  errors: number;
  non200: number;
  cpuUsPerReq: number;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

let qCounter = 0;
function answerBody(n: number): string {
  const q = quiz.questions[n % quiz.questions.length]!;
  const choiceIds = q.type === "single" ? [q.choices[n % q.choices.length]!.id] : q.choices.filter((c) => c.correct).map((c) => c.id);
  return JSON.stringify({ questionId: q.id, choiceIds, idempotencyKey: randomBytes(12).toString("base64url") });
}

/** All learners answer in a closed loop for `seconds`. */
export async function loadRound(learners: Learner[], seconds: number, pids: number[], thinkMs = 0): Promise<Sample> {
  const latencies: number[] = [];
  let errors = 0;
  let non200 = 0;
  const firstErrors: string[] = [];
  const cpu0 = cpuMs(pids);
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    learners.map(async (l) => {
      // Paced learners start at random offsets and think 0.5x to 1.5x thinkMs between answers.
      if (thinkMs) await new Promise((r) => setTimeout(r, Math.random() * thinkMs));
      while (performance.now() < end) {
        const body = answerBody(qCounter++);
        const t0 = performance.now();
        try {
          const r = await l.request("POST", `/api/quiz/${quiz.id}/answer`, body);
          const dt = performance.now() - t0;
          if (r.status === 200) latencies.push(dt);
          else {
            non200++;
            if (firstErrors.length < 3) firstErrors.push(`${r.status} ${r.body.slice(0, 200)}`);
          }
        } catch (e) {
          errors++;
          if (firstErrors.length < 3) firstErrors.push(String(e));
        }
        if (thinkMs && performance.now() < end) await new Promise((r) => setTimeout(r, thinkMs * (0.5 + Math.random())));
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  const cpu1 = cpuMs(pids);
  if (firstErrors.length) console.log(`    first errors: ${firstErrors.join(" | ")}`);
  latencies.sort((a, b) => a - b);
  const total = latencies.length + non200 + errors;
  return {
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    ok: latencies.length,
    errors,
    non200,
    cpuUsPerReq: total ? ((cpu1 - cpu0) * 1000) / total : NaN,
  };
}

function countRows(kind: "sqlite" | "postgres"): number {
  if (kind === "sqlite") {
    const db = new Database(SQLITE_FILE, { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM "QuizAnswer"').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }
  const r = spawnSync("psql", [PG_URL, "-tAc", 'SELECT count(*) FROM "QuizAnswer"'], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return Number(r.stdout.trim());
}

export interface QuizResult {
  command: string;
  settings: string;
  rows: { mode?: string; modeLabel?: string; db: string; rps: number; p50: number; p99: number; max: number; ok: number; non200: number; errors: number; cpu: number; written: number; perRound: string[] }[];
  /** Re-sends after a keep-alive socket closed by the server at the moment of reuse (not app errors). */
  reusedSocketRetries?: number;
}

export async function runQuiz(): Promise<QuizResult> {
  installSignalHandlers();
  buildLecternIfNeeded();
  const dbs: { kind: "sqlite" | "postgres"; url: string; port: number }[] = [{ kind: "sqlite", url: `file:${SQLITE_FILE}`, port: PORT }];
  if (process.env.BENCH_SKIP_PG !== "1") dbs.push({ kind: "postgres", url: PG_URL, port: PORT + 1 });
  for (const d of dbs) if (await portBusy(d.port)) throw new Error(`port ${d.port} is busy; set BENCH_QUIZ_PORT`);

  for (const f of [SQLITE_FILE, `${SQLITE_FILE}-wal`, `${SQLITE_FILE}-shm`, `${SQLITE_FILE}-journal`]) rmSync(f, { force: true });
  if (dbs.some((d) => d.kind === "postgres")) {
    const u = new URL(PG_URL);
    const name = u.pathname.slice(1);
    u.pathname = "/postgres";
    const drop = spawnSync("psql", [u.toString(), "-c", `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, "-c", `CREATE DATABASE "${name}"`], { encoding: "utf8" });
    if (drop.status !== 0) throw new Error(`could not (re)create ${name}: ${drop.stderr}`);
  }
  for (const d of dbs) setupDatabase(d.url);
  for (const d of dbs) startLectern(d.port, d.url, `lectern next start :${d.port} (${d.kind})`);
  await Promise.all(dbs.map((d) => waitFor(`http://${HOST}:${d.port}/api/health`)));

  const learners = new Map<string, Learner[]>();
  for (const d of dbs) {
    const ls = Array.from({ length: LEARNERS }, () => new Learner(d.port));
    for (let i = 0; i < ls.length; i += 5) await Promise.all(ls.slice(i, i + 5).map((l, j) => l.signUpAndIn(i + j)));
    learners.set(d.kind, ls);
    console.log(`  ${d.kind}: ${ls.length} learners signed up and signed in`);
  }
  const pids = new Map(dbs.map((d) => [d.kind, listeningPids(d.port)]));
  console.log("  warm-up...");
  for (const d of dbs) await loadRound(learners.get(d.kind)!, WARMUP, []);
  const before = new Map(dbs.map((d) => [d.kind, countRows(d.kind)]));
  const key = (db: string, mode: string) => `${db}/${mode}`;
  const samples = new Map<string, Sample[]>(dbs.flatMap((d) => MODES.map((m) => [key(d.kind, m.id), []] as [string, Sample[]])));
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? [...dbs].reverse() : dbs;
    for (const m of MODES) {
      for (const d of order) {
        const s = await loadRound(learners.get(d.kind)!, DURATION, pids.get(d.kind)!, m.think);
        samples.get(key(d.kind, m.id))!.push(s);
        console.log(`  round ${round + 1} ${m.id.padEnd(6)} ${d.kind.padEnd(8)} ${fmt(s.rps).padStart(5)} answers/s  p50 ${fmt(s.p50, 1)} ms  p99 ${fmt(s.p99, 1)} ms  max ${fmt(s.max, 0)} ms  ok ${s.ok}  non-200 ${s.non200}  errors ${s.errors}  server CPU ${fmt(s.cpuUsPerReq)} µs/answer`);
      }
    }
  }
  const rows = MODES.flatMap((m) => dbs.map((d) => ({ m, d }))).map(({ m, d }) => {
    const ss = samples.get(key(d.kind, m.id))!;
    const med = (k: keyof Sample) => median(ss.map((s) => s[k]));
    const ok = ss.reduce((a, s) => a + s.ok, 0);
    return {
      mode: m.id,
      modeLabel: m.label,
      db: d.kind === "sqlite" ? "SQLite" : "PostgreSQL 15",
      rps: med("rps"),
      p50: med("p50"),
      p99: med("p99"),
      max: Math.max(...ss.map((s) => s.max)),
      ok,
      non200: ss.reduce((a, s) => a + s.non200, 0),
      errors: ss.reduce((a, s) => a + s.errors, 0),
      cpu: med("cpuUsPerReq"),
      written: -1,
      perRound: ss.map((s) => `${fmt(s.rps)} / ${fmt(s.p99, 1)}`),
    };
  });
  // Rows written = every 200 answer of every mode on that database.
  for (const d of dbs) {
    const written = countRows(d.kind) - before.get(d.kind)!;
    const mine = rows.filter((r) => r.db === (d.kind === "sqlite" ? "SQLite" : "PostgreSQL 15"));
    const ok = mine.reduce((a, r) => a + r.ok, 0);
    for (const r of mine) r.written = written === ok ? r.ok : -written;
  }
  const result: QuizResult = {
    command: "npx tsx bench/quiz/run.ts",
    settings: `${LEARNERS} signed-in learners, each on one keep-alive connection (a new idempotencyKey per answer), two modes: paced (each learner answers, then pauses 0.5 to 1.5 x ${THINK_MS} ms) and closed loop (no pause); ${DURATION} s x ${ROUNDS} rounds per database and mode (+${WARMUP} s warm-up), databases alternate`,
    rows,
    reusedSocketRetries: Learner.retries,
  };
  // Every run is kept in bench/quiz/history.jsonl: on a shared machine one run is not the figure.
  const load = os.loadavg()[0]!.toFixed(1);
  for (const r of rows)
    appendFileSync(
      path.join(ROOT, "bench/quiz/history.jsonl"),
      `${JSON.stringify({ date: new Date().toISOString().slice(0, 16) + "Z", loadavg: load, mode: r.mode, db: r.db, rps: Math.round(r.rps), p50: Math.round(r.p50), p99: Math.round(r.p99), errors: r.errors + r.non200, cpu: Math.round(r.cpu), note: "" })}\n`,
    );
  writeFileSync(path.join(ROOT, "bench/quiz/last-run.md"), `${machine().map((l) => `    ${l}`).join("\n")}\n\n${quizMarkdown(result)}\n`);
  writeFileSync(path.join(ROOT, "bench/quiz/last-run.json"), JSON.stringify(result, null, 2));
  return result;
}

export function quizMarkdown(r: QuizResult): string {
  return [
    `Command: \`${r.command}\`; ${r.settings}.`,
    "",
    "| mode | database | answers/s (median) | p50 ms | p99 ms | max ms | 200s (all rounds) | non-200 | socket errors | rows written = 200s? | server CPU µs/answer | per round (answers/s / p99 ms) |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |",
    ...r.rows.map(
      (x) =>
        `| ${x.modeLabel ?? "closed loop"} | ${x.db} | ${fmt(x.rps)} | ${fmt(x.p50, 1)} | ${fmt(x.p99, 1)} | ${fmt(x.max)} | ${fmt(x.ok)} | ${x.non200} | ${x.errors} | ${x.written >= 0 ? "yes" : `NO: ${fmt(-x.written)} rows for all modes`} | ${fmt(x.cpu)} | ${x.perRound.join("; ")} |`,
    ),
    "",
    `Requests re-sent because the server closed an idle keep-alive socket as the client reused it (Node's \`req.reusedSocket\` case; not an application error, a browser re-sends too): ${r.reusedSocketRetries ?? "not tracked"}.`,
  ].join("\n");
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  runQuiz()
    .then((r) => console.log(`\n${quizMarkdown(r)}`))
    .catch((e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    })
    .finally(stopAll);
}
