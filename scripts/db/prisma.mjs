// Runs the Prisma CLI with Lectern's defaults (the embedded SQLite database when
// DATABASE_URL is not set). Used by postinstall, setup and start.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";

export const DEFAULT_DATABASE_URL = "file:./data/lectern.db";

export function dbEnv() {
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  if (url.startsWith("file:")) mkdirSync(path.dirname(path.resolve(url.slice(5))), { recursive: true });
  return { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
}

export function prisma(args, { quiet = false } = {}) {
  const bin = path.resolve("node_modules", ".bin", process.platform === "win32" ? "prisma.cmd" : "prisma");
  const r = spawnSync(bin, args, { env: dbEnv(), stdio: quiet ? "pipe" : "inherit", encoding: "utf8" });
  if (r.status !== 0) {
    if (quiet) process.stderr.write((r.stdout ?? "") + (r.stderr ?? ""));
    throw new Error(`prisma ${args.join(" ")} failed (exit ${r.status})`);
  }
  return r.stdout ?? "";
}

/**
 * Generates both clients. Each run needs a URL of its own provider: with a mismatched URL the
 * CLI falls back to the native engine and tries to download it.
 */
export function generateClients({ quiet = false } = {}) {
  const run = (schema, url) => {
    const bin = path.resolve("node_modules", ".bin", "prisma");
    const r = spawnSync(bin, ["generate", "--schema", schema], { env: { ...dbEnv(), DATABASE_URL: url }, stdio: quiet ? "pipe" : "inherit", encoding: "utf8" });
    if (r.status !== 0) {
      if (quiet) process.stderr.write((r.stdout ?? "") + (r.stderr ?? ""));
      throw new Error(`prisma generate --schema ${schema} failed`);
    }
  };
  const gen = spawnSync(process.execPath, ["scripts/db/generate-schemas.mjs"], { stdio: "inherit" });
  if (gen.status !== 0) throw new Error("generating the PostgreSQL schema failed");
  run("prisma/schema.prisma", "file:./data/lectern.db");
  run("prisma/postgres/schema.prisma", "postgresql://lectern@localhost:5432/lectern");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    if (process.argv[2] === "generate") generateClients();
    else prisma(process.argv.slice(2));
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
