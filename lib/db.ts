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
  return new PrismaClient({ adapter: new SqliteWithPragmas({ url }) });
}

/**
 * SQLite's settings, run on the connection before its first query. WAL (write-ahead log) is a
 * property of the file and is also set by scripts/setup.mjs; here it covers files made otherwise.
 * In WAL a write appends to one log instead of creating, fsyncing and deleting a rollback journal
 * (about 750 -> 20 µs per small transaction here, bench/quiz/sqlite-journal.ts), readers do not
 * block the writer, and several instances can share the file (`npm run cluster`).
 * synchronous=NORMAL is the documented pairing with WAL: a committed transaction survives a crash
 * of the process; a power loss may lose the last ones, never the file's consistency.
 * busy_timeout: wait up to 5 s for another process's write lock rather than fail with SQLITE_BUSY.
 */
export const SQLITE_PRAGMAS = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;";

class SqliteWithPragmas extends PrismaBetterSQLite3 {
  override async connect() {
    const adapter = await super.connect();
    await adapter.executeScript(SQLITE_PRAGMAS);
    return adapter;
  }
}

// One client per process; reused across hot reloads in development.
const globalForDb = globalThis as unknown as { lecternDb?: PrismaClient };
export const db = globalForDb.lecternDb ?? createClient();
if (process.env.NODE_ENV !== "production") globalForDb.lecternDb = db;
