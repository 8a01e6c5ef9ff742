/**
 * A fresh SQLite file with every migration of prisma/migrations applied, for unit tests that run
 * services on a real database. Returns its path and a function that deletes it (and its WAL files).
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

export function migratedSqliteFile(name: string): { file: string; url: string; remove: () => void } {
  const file = path.join(os.tmpdir(), `lectern-${name}-${process.pid}-${Date.now()}.db`);
  const raw = new Database(file);
  for (const dir of readdirSync("prisma/migrations").filter((d) => /^\d+_/.test(d)).sort())
    raw.exec(readFileSync(path.join("prisma/migrations", dir, "migration.sql"), "utf8"));
  raw.close();
  return { file, url: `file:${file}`, remove: () => ["", "-wal", "-shm"].forEach((s) => rmSync(file + s, { force: true })) };
}
