import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/prisma/generated/sqlite/client";
import { databaseUrl } from "@/lib/server/database-url";

function createClient() {
  const url = databaseUrl();
  const adapter = new PrismaBetterSQLite3({ url });
  return new PrismaClient({ adapter });
}

// One client per process; reused across hot reloads in development.
const globalForDb = globalThis as unknown as { lecternDb?: ReturnType<typeof createClient> };
export const db = globalForDb.lecternDb ?? createClient();
if (process.env.NODE_ENV !== "production") globalForDb.lecternDb = db;
