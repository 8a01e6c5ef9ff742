import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";
import { databaseUrl, isPostgresUrl } from "./lib/server/database-url";

// Prisma 6.19 on a driver adapter uses the WebAssembly schema engine shipped in the npm
// package: nothing is downloaded (docs/decisions/002-database.md). DATABASE_URL picks the
// target: a postgres:// URL uses the generated PostgreSQL schema and its migrations.
const url = databaseUrl();
const pg = isPostgresUrl(url);

export default defineConfig({
  schema: pg ? path.join("prisma", "postgres", "schema.prisma") : path.join("prisma", "schema.prisma"),
  migrations: { path: pg ? path.join("prisma", "postgres", "migrations") : path.join("prisma", "migrations") },
  engine: "js",
  experimental: { adapter: true },
  adapter: async () => (pg ? new PrismaPg({ connectionString: url }) : new PrismaBetterSQLite3({ url })),
});
