import "server-only";
import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { cache } from "react";
import { serverEnv } from "@/lib/env";
import { HttpError } from "@/lib/http/api";
import { SESSION_COOKIE } from "./options";
import { loadAuthSession } from "./sessions";

export type Role = "learner" | "instructor" | "admin";
export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  sid: string;
}

/**
 * The session cookie's token. next-auth splits a token over ~4 KB into `<name>.0`, `<name>.1`, …
 * (core/lib/cookie.js SessionStore); ours are far smaller, but read the chunks the same way.
 */
function sessionToken(all: { name: string; value: string }[]): string | undefined {
  const whole = all.find((c) => c.name === SESSION_COOKIE);
  if (whole) return whole.value;
  const chunks = all
    .filter((c) => c.name.startsWith(`${SESSION_COOKIE}.`) && /^\d+$/.test(c.name.slice(SESSION_COOKIE.length + 1)))
    .sort((a, b) => Number(a.name.slice(SESSION_COOKIE.length + 1)) - Number(b.name.slice(SESSION_COOKIE.length + 1)));
  return chunks.length ? chunks.map((c) => c.value).join("") : undefined;
}

/**
 * Decoded tokens by their exact text. A token is authenticated encryption of its payload, so the
 * same text always decodes to the same payload; this saves next-auth's key derivation (HKDF) and
 * the decryption on every request of a page load. It only yields the session id: whether that
 * session is still valid is asked of the database on every request (loadAuthSession).
 */
const decoded = new Map<string, { sid: string | null; exp: number }>();
const DECODED_MAX = 1000;

async function sessionIdOf(token: string): Promise<string | null> {
  const now = Date.now() / 1000;
  const hit = decoded.get(token);
  if (hit && hit.exp > now) return hit.sid;
  if (hit) decoded.delete(token);
  const payload = await decode({ token, secret: serverEnv().AUTH_SECRET }).catch(() => null);
  if (!payload) return null;
  const sid = typeof payload.sid === "string" ? payload.sid : null;
  const exp = typeof payload.exp === "number" ? payload.exp : 0;
  if (exp > now) {
    if (decoded.size >= DECODED_MAX) decoded.delete(decoded.keys().next().value!);
    decoded.set(token, { sid, exp });
  }
  return sid;
}

/** One database read per request: a server component render asking several times shares it. */
const currentUserBySid = cache(async (sid: string): Promise<CurrentUser | null> => {
  const row = await loadAuthSession(sid);
  if (!row) return null;
  return { id: row.user.id, email: row.user.email, name: row.user.name, role: row.user.role as Role, sid: row.id };
});

/**
 * The signed-in user, checked against the database on every request (revocation takes effect at
 * once). It reads next-auth's session cookie directly instead of calling getServerSession, which
 * would run the session callback (lib/auth/options.ts) and so read the same row a second time,
 * and encode a fresh token it then throws away. Sign-in, sign-out and GET /api/auth/session stay
 * next-auth's.
 */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const token = sessionToken((await cookies()).getAll());
  if (!token) return null;
  const sid = await sessionIdOf(token);
  if (!sid) return null;
  return currentUserBySid(sid);
}

export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) throw new HttpError(401, "Sign in to do this.");
  return user;
}

export async function requireRole(...roles: Role[]): Promise<CurrentUser> {
  const user = await requireUser();
  if (!roles.includes(user.role)) throw new HttpError(403, "Your account is not allowed to do this.");
  return user;
}
