// `node scripts/db/new-migration.mjs <name> [--from <old schema.prisma>]`
// Writes the same change as a migration for both databases: prisma/migrations/NNNN_<name> (SQLite)
// and prisma/postgres/migrations/NNNN_<name> (PostgreSQL), diffing the committed schema
// (git HEAD by default) against the current one. `prisma migrate dev` cannot run here (P1014).
// The PostgreSQL diff needs a reachable server: PG_DIFF_URL (default postgres@127.0.0.1:5432).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { postgresSchema } from "./generate-schemas.mjs";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { from: { type: "string" } } });
const name = positionals[0];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: node scripts/db/new-migration.mjs <name_in_snake_case> [--from old-schema.prisma]");
  process.exit(2);
}
const oldSqlite = values.from ? readFileSync(values.from, "utf8") : execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { encoding: "utf8" });
const tmp = mkdtempSync(path.join(tmpdir(), "lectern-mig-"));
const files = {
  sqlite: { old: path.join(tmp, "old-sqlite.prisma"), now: "prisma/schema.prisma", dir: "prisma/migrations", url: "file:./data/migration-diff.db" },
  postgres: { old: path.join(tmp, "old-pg.prisma"), now: "prisma/postgres/schema.prisma", dir: "prisma/postgres/migrations", url: process.env.PG_DIFF_URL || "postgresql://postgres@127.0.0.1:5432/postgres" },
};
writeFileSync(files.sqlite.old, oldSqlite);
writeFileSync(files.postgres.old, postgresSchema(oldSqlite));
spawnSync(process.execPath, ["scripts/db/generate-schemas.mjs"], { stdio: "inherit" });

for (const [kind, f] of Object.entries(files)) {
  const r = spawnSync(path.resolve("node_modules/.bin/prisma"), ["migrate", "diff", "--from-schema-datamodel", f.old, "--to-schema-datamodel", f.now, "--script"], {
    env: { ...process.env, DATABASE_URL: f.url },
    encoding: "utf8",
  });
  if (r.status !== 0) {
    console.error(`${kind}: prisma migrate diff failed:\n${r.stderr}`);
    process.exit(1);
  }
  if (/This is an empty migration/.test(r.stdout)) {
    console.log(`${kind}: no change`);
    continue;
  }
  const next = String(readdirSync(f.dir).filter((d) => /^\d{4}_/.test(d)).length + 1).padStart(4, "0");
  const dir = path.join(f.dir, `${next}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), r.stdout);
  console.log(`${kind}: wrote ${dir}/migration.sql`);
}
