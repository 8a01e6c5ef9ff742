import { db } from "@/lib/db";

export const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;
const TOUCH_EVERY_MS = 5 * 60 * 1000;

export async function createAuthSession(userId: string, userAgent?: string) {
  const row = await db.authSession.create({
    data: { userId, userAgent, expiresAt: new Date(Date.now() + SESSION_MAX_AGE_S * 1000) },
  });
  return row.id;
}

/**
 * The one check every authenticated request makes: a primary-key lookup of the session row
 * (with its user). Revoked, expired or deleted rows mean "signed out" on any instance.
 */
export async function loadAuthSession(sid: string) {
  const row = await db.authSession.findUnique({ where: { id: sid }, include: { user: true } });
  if (!row || row.revokedAt || row.expiresAt.getTime() < Date.now()) return null;
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
