import { db } from "@/lib/db";

export const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;
const TOUCH_EVERY_MS = 5 * 60 * 1000;

export async function createAuthSession(userId: string, userAgent?: string) {
  const row = await db.authSession.create({
    data: { userId, userAgent, expiresAt: new Date(Date.now() + SESSION_MAX_AGE_S * 1000) },
  });
  return row.id;
}

export interface AuthSessionRow {
  id: string;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  user: { id: string; email: string; name: string; role: string };
}

const asDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));

/**
 * The one check every authenticated request makes: a primary-key lookup of the session row
 * with its user. Revoked, expired or deleted rows mean "signed out" on any instance.
 *
 * One JOIN through $queryRaw rather than findUnique({ include: { user: true } }): Prisma runs an
 * include as two statements and compiles the query each time; measured in-process
 * (`npx tsx bench/quiz/orm.ts`) ~150 against ~760 µs CPU. The SQL is the same on SQLite and
 * PostgreSQL (quoted model names); both drivers return the DATETIME/timestamp columns as Dates.
 */
export async function loadAuthSession(sid: string): Promise<AuthSessionRow | null> {
  const rows = await db.$queryRaw<{ id: string; lastSeenAt: unknown; expiresAt: unknown; revokedAt: unknown; userId: string; email: string; name: string; role: string }[]>`
    SELECT s."id", s."lastSeenAt", s."expiresAt", s."revokedAt", u."id" AS "userId", u."email", u."name", u."role"
    FROM "AuthSession" s JOIN "User" u ON u."id" = s."userId"
    WHERE s."id" = ${sid}`;
  const r = rows[0];
  if (!r) return null;
  const row: AuthSessionRow = {
    id: r.id,
    lastSeenAt: asDate(r.lastSeenAt),
    expiresAt: asDate(r.expiresAt),
    revokedAt: r.revokedAt === null || r.revokedAt === undefined ? null : asDate(r.revokedAt),
    user: { id: r.userId, email: r.email, name: r.name, role: r.role },
  };
  if (row.revokedAt || !(row.expiresAt.getTime() >= Date.now())) return null;
  if (Date.now() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS)
    await db.authSession.update({ where: { id: sid }, data: { lastSeenAt: new Date() } }).catch(() => {});
  return row;
}

export async function revokeSessions(userId: string, exceptSid?: string) {
  const { count } = await db.authSession.updateMany({
    where: { userId, revokedAt: null, ...(exceptSid ? { id: { not: exceptSid } } : {}) },
    data: { revokedAt: new Date() },
  });
  return count;
}

export async function revokeSession(sid: string) {
  await db.authSession.updateMany({ where: { id: sid, revokedAt: null }, data: { revokedAt: new Date() } });
}
