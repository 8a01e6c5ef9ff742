// Prepares the database: generated client present, migrations applied, demo data seeded.
// Idempotent: `npm start` and `npm run dev` run it every time; it takes a second when nothing changed.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dbEnv, generateClients, prisma } from "./db/prisma.mjs";

export function setup({ quiet = true } = {}) {
  if (!existsSync("prisma/generated/sqlite/client.ts") || !existsSync("prisma/generated/postgres/client.ts")) generateClients({ quiet });
  prisma(["migrate", "deploy"], { quiet });
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
