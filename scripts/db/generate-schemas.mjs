// One source of models, two targets: prisma/schema.prisma (SQLite) is the source; the
// PostgreSQL schema is generated from it. `--check` fails when the generated file is stale.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";

const SOURCE = "prisma/schema.prisma";
const TARGET = "prisma/postgres/schema.prisma";

export function postgresSchema(source) {
  let out = source
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output\s*=\s*"\.\/generated\/sqlite"/, 'output     = "../generated/postgres"');
  if (out === source || !out.includes('"postgresql"') || !out.includes("generated/postgres"))
    throw new Error(`${SOURCE}: expected provider = "sqlite" and output = "./generated/sqlite"`);
  out = `// GENERATED from prisma/schema.prisma by scripts/db/generate-schemas.mjs. Do not edit.\n${out}`;
  return out;
}

const generated = postgresSchema(readFileSync(SOURCE, "utf8"));
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(TARGET, "utf8");
  } catch {}
  if (current !== generated) {
    console.error(`${TARGET} is out of date: run \`node scripts/db/generate-schemas.mjs\` and commit it.`);
    process.exit(1);
  }
} else {
  mkdirSync("prisma/postgres", { recursive: true });
  writeFileSync(TARGET, generated);
}
