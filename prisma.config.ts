import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";
import { databaseUrl } from "./lib/server/database-url";

// Prisma 6.19 on a driver adapter uses the WebAssembly schema engine shipped in the npm
// package: nothing is downloaded (docs/decisions/002-database.md).
export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  engine: "js",
  experimental: { adapter: true },
  adapter: async () => new PrismaBetterSQLite3({ url: databaseUrl() }),
});
