/**
 * Where a quiz answer's server CPU goes: `next start --cpu-prof` on a fresh SQLite file, N signed-in
 * learners answering in a closed loop (as bench/quiz/run.ts), top functions by self time.
 *
 *   npx tsx bench/quiz/profile.ts      (BENCH_LEARNERS=50, BENCH_PROFILE_SECONDS=8, BENCH_PROFILE_TOP=30)
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { HOST, lecternEnv, NEXT_BIN, setupDatabase, startProcess, stopAll, stopProcess, TMP, waitFor } from "../lib/common";
import { summarizeProfile } from "../lib/cpuprofile";
import { Learner, loadRound } from "./run";

const PORT = Number(process.env.BENCH_PROFILE_PORT ?? 3411);
const SECONDS = Number(process.env.BENCH_PROFILE_SECONDS ?? 8);
const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 50);

async function main(): Promise<void> {
  const file = path.join(TMP, "quiz-profile.db");
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  setupDatabase(`file:${file}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "lectern-prof-"));
  const child = startProcess("lectern --cpu-prof", process.execPath, ["--cpu-prof", `--cpu-prof-dir=${dir}`, NEXT_BIN, "start", "-p", String(PORT), "-H", HOST], lecternEnv({ DATABASE_URL: `file:${file}` }));
  await waitFor(`http://${HOST}:${PORT}/api/health`);
  const ls = Array.from({ length: LEARNERS }, () => new Learner(PORT));
  for (let i = 0; i < ls.length; i += 5) await Promise.all(ls.slice(i, i + 5).map((l, j) => l.signUpAndIn(i + j)));
  await loadRound(ls, 3, []);
  const s = await loadRound(ls, SECONDS, []);
  stopProcess(child);
  console.log(`p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms`);
  await summarizeProfile(dir, SECONDS, s.ok + s.non200 + s.errors, Number(process.env.BENCH_PROFILE_TOP ?? 30), "quiz answer (SQLite)", s.rps);
}

main()
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(stopAll);
