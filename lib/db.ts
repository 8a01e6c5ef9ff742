import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "@/prisma/generated/postgres/client";
import { PrismaClient } from "@/prisma/generated/sqlite/client";
import { databaseUrl, isPostgresUrl } from "@/lib/server/database-url";

/**
 * One set of models, two databases: a postgres:// DATABASE_URL uses PostgreSQL through its
 * driver adapter, anything else the embedded SQLite file. Both clients are generated from the
 * same models (scripts/db/generate-schemas.mjs), so they share one API; the SQLite client's
 * type stands for both.
 */
function createClient(): PrismaClient {
  const url = databaseUrl();
  if (isPostgresUrl(url)) {
    // A pool per instance; size it with ?connection_limit or PGPOOL_MAX when many instances share a server.
    const adapter = new PrismaPg({ connectionString: url, max: Number(process.env.PGPOOL_MAX || 10) });
    return new PostgresClient({ adapter }) as unknown as PrismaClient;
  }
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
}

// One client per process; reused across hot reloads in development.
const globalForDb = globalThis as unknown as { lecternDb?: PrismaClient };
export const db = globalForDb.lecternDb ?? createClient();
if (process.env.NODE_ENV !== "production") globalForDb.lecternDb = db;
