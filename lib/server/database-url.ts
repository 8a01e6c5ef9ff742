/** The embedded default: a SQLite file under data/ (git-ignored). */
export const DEFAULT_DATABASE_URL = "file:./data/lectern.db";

export function databaseUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}
