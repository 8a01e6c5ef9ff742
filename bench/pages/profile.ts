/**
 * Where a page request's server CPU goes: starts `next start` with `node --cpu-prof` (Lectern's
 * build, or the bare baseline app), loads one URL with autocannon, stops the server by PID and
 * prints the heaviest functions by self time, mapped through the Turbopack chunks' source maps.
 *
 *   npx tsx bench/pages/profile.ts [lectern|baseline] [path]      (BENCH_PROFILE_SECONDS=8, BENCH_PROFILE_TOP=30)
 */
import autocannon from "autocannon";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BASELINE_DIR, bareEnv, HOST, lecternEnv, NEXT_BIN, setupDatabase, startProcess, stopProcess, TMP, waitFor } from "../lib/common";
import { summarizeProfile } from "../lib/cpuprofile";

const which = process.argv[2] ?? "lectern";
const urlPath = process.argv[3] ?? (which === "lectern" ? "/learn/scaling-web-apps/statelessness/why-it-matters" : "/");
const PORT = Number(process.env.BENCH_PROFILE_PORT ?? 3410);
const SECONDS = Number(process.env.BENCH_PROFILE_SECONDS ?? 8);
const TOP = Number(process.env.BENCH_PROFILE_TOP ?? 30);

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lectern-prof-"));
  const db = `file:${path.join(TMP, "profile.db")}`;
  if (which === "lectern") setupDatabase(db);
  const args = ["--cpu-prof", `--cpu-prof-dir=${dir}`, NEXT_BIN, "start", ...(which === "baseline" ? [BASELINE_DIR] : []), "-p", String(PORT), "-H", HOST];
  const env = which === "lectern" ? lecternEnv({ DATABASE_URL: db }) : bareEnv();
  const child = startProcess(`${which} --cpu-prof`, process.execPath, args, env);
  const url = `http://${HOST}:${PORT}${urlPath}`;
  await waitFor(url);
  await autocannon({ url, connections: 20, duration: 3 });
  const r = await autocannon({ url, connections: 20, duration: SECONDS });
  stopProcess(child);
  await summarizeProfile(dir, SECONDS, r.requests.total, TOP, `${which} ${urlPath}`, r.requests.average);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
