/**
 * Prisma's upsert is "find, then insert or update": on PostgreSQL two requests at the same moment
 * can both try the insert. These helpers name that race once for every service.
 */

/** Another writer got there first: a unique-key violation (P2002) or a write conflict (P2034). */
export function isWriteRace(e: unknown): boolean {
  const code = typeof e === "object" && e !== null ? (e as { code?: unknown }).code : undefined;
  return code === "P2002" || code === "P2034";
}

/** Runs an idempotent upsert; when a concurrent writer won the insert, runs it once more (it then updates). */
export async function upsertWithRetry<T>(upsert: () => Promise<T>): Promise<T> {
  try {
    return await upsert();
  } catch (e) {
    if (isWriteRace(e)) return upsert();
    throw e;
  }
}
