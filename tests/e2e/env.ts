/**
 * Where the e2e server keeps its data: E2E_DATABASE_URL (e.g. a PostgreSQL database in CI),
 * or a SQLite file per port so parallel runs never share one.
 */
export function e2eDatabaseUrl(port: number | string): string {
  return process.env.E2E_DATABASE_URL || `file:./data/e2e-${port}.db`;
}
