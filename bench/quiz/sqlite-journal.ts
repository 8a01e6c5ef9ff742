/**
 * Why SQLite writes cost what they cost here: one small write transaction (like a quiz answer's
 * INSERT) in the journal mode Lectern's database has today (rollback journal, synchronous=FULL: the
 * SQLite default, lib/db.ts sets no pragma) next to WAL with synchronous=NORMAL.
 *   npx tsx bench/quiz/sqlite-journal.ts
 */
import Database from "better-sqlite3";
import { rmSync } from "node:fs";
import path from "node:path";
import { TMP } from "../lib/common";

const N = Number(process.env.BENCH_N ?? 300);
export function journalBench(): { mode: string; usPerTx: number; cpuUsPerTx: number }[] {
  const out: { mode: string; usPerTx: number; cpuUsPerTx: number }[] = [];
  for (const [mode, pragmas] of [
    ["journal_mode=DELETE, synchronous=FULL (today's default)", ["journal_mode = DELETE", "synchronous = FULL"]],
    ["journal_mode=WAL, synchronous=NORMAL", ["journal_mode = WAL", "synchronous = NORMAL"]],
  ] as const) {
    const file = path.join(TMP, "journal-bench.db");
    for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) rmSync(f, { force: true });
    const db = new Database(file);
    for (const p of pragmas) db.pragma(p);
    db.exec('CREATE TABLE a (id TEXT PRIMARY KEY, k TEXT UNIQUE, v TEXT, t INTEGER)');
    const ins = db.prepare("INSERT INTO a VALUES (?, ?, ?, ?)");
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < N; i++) ins.run(`id${i}`, `key${i}`, '["a"]', Date.now());
    const dt = performance.now() - t0;
    const c = process.cpuUsage(c0);
    out.push({ mode, usPerTx: (dt * 1000) / N, cpuUsPerTx: (c.user + c.system) / N });
    db.close();
    for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) rmSync(f, { force: true });
  }
  return out;
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  for (const r of journalBench()) console.log(`${r.mode.padEnd(55)} ${r.usPerTx.toFixed(0).padStart(6)} µs/tx wall, ${r.cpuUsPerTx.toFixed(0).padStart(6)} µs/tx CPU`);
}
