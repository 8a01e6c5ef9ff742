// Prepares the database: generated client present, migrations applied, demo data seeded.
// Idempotent: `npm start` and `npm run dev` run it every time; it takes a second when nothing changed.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import { dbEnv, generateClients, prisma } from "./db/prisma.mjs";

/**
 * An SQLite file runs in WAL mode (write-ahead log; the mode is stored in the file, so this sticks):
 * writes no longer create, fsync and delete a rollback journal each time, readers do not block the
 * writer, and several instances can share the file. lib/db.ts sets it on open as well, with
 * synchronous=NORMAL. The file then has two companions while open, `<file>-wal` and `<file>-shm`:
 * copy or delete all three together.
 */
export function enableWal(url = dbEnv().DATABASE_URL) {
  if (!url.startsWith("file:")) return;
  const file = url.slice(5);
  try {
    const db = new Database(file);
    try {
      db.pragma("journal_mode = WAL");
    } finally {
      db.close();
    }
  } catch (e) {
    // E.g. another process holds the file busy: the server sets it when it opens the file.
    console.warn(`Note: could not switch ${file} to WAL mode now (${e.message}); the server will on start.`);
  }
}

export function setup({ quiet = true } = {}) {
  if (!existsSync("prisma/generated/sqlite/client.ts") || !existsSync("prisma/generated/postgres/client.ts")) generateClients({ quiet });
  prisma(["migrate", "deploy"], { quiet });
  enableWal();
  const seed = spawnSync(process.execPath, ["--import", "tsx", "prisma/seed.ts"], { env: dbEnv(), stdio: "inherit" });
  if (seed.status !== 0) throw new Error("seeding the demo data failed");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    setup({ quiet: !process.argv.includes("--verbose") });
  } catch (e) {
    console.error(`\nSetup failed: ${e.message}`);
    process.exit(1);
  }
}
