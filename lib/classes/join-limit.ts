/**
 * Wrong class codes are limited per account, counted in the database (LoginAttempt rows under
 * "join:<userId>", with the sign-in limiter's helpers) so the limit holds across every instance.
 * A join code is 8 characters from 32 (2^40 codes): at 10 guesses per 15 minutes an account
 * would need billions of years to find a class by chance. A successful join does not reset the
 * count (otherwise joining one's own class between guesses would bypass it).
 */
import { HttpError } from "@/lib/http/api";
import { lockedUntil, recordAttempt, retryAfterSeconds, type AttemptClient } from "@/lib/auth/rate-limit";

export const JOIN_LIMIT = { max: 10, windowMs: 15 * 60 * 1000 } as const;
export const joinKey = (userId: string) => `join:${userId}`;

export function joinLimitMessage(until: Date, now = new Date()): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return `Too many wrong class codes from your account. Try again in ${minutes} minute${minutes === 1 ? "" : "s"} (at ${until.toISOString().slice(11, 16)} UTC).`;
}

/** Throws a 429 with Retry-After while this account is locked out of joining. */
export async function assertMayJoin(userId: string, client: AttemptClient, now = new Date()) {
  const until = await lockedUntil(joinKey(userId), JOIN_LIMIT.max, { windowMs: JOIN_LIMIT.windowMs, now, client });
  if (!until) return;
  throw new HttpError(429, joinLimitMessage(until, now), [{ path: "code", message: `retry after ${until.toISOString()}` }], {
    "retry-after": String(retryAfterSeconds(until, now)),
  });
}

export function recordWrongCode(userId: string, client: AttemptClient, now = new Date()) {
  return recordAttempt(joinKey(userId), false, client, now);
}
