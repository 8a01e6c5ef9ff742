/**
 * Wrong class codes are limited per account, counted in the database (LoginAttempt rows under
 * "join:<userId>", with the sign-in limiter's helpers) so the limit holds across every instance.
 * A join code is 8 characters from 32 (2^40 codes): at 10 guesses per 15 minutes an account
 * would need billions of years to find a class by chance. A successful join does not reset the
 * earlier failures (otherwise joining one's own class between guesses would bypass the limit).
 */
import { HttpError } from "@/lib/http/api";
import { lockedUntil, recordAttempt, retryAfterSeconds, type AttemptClient } from "@/lib/auth/rate-limit";

export const JOIN_LIMIT = { max: 10, windowMs: 15 * 60 * 1000 } as const;
export const joinKey = (userId: string) => `join:${userId}`;

export function joinLimitMessage(until: Date, now = new Date()): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return `Too many wrong class codes from your account. Try again in ${minutes} minute${minutes === 1 ? "" : "s"} (at ${until.toISOString().slice(11, 16)} UTC).`;
}

/**
 * Starts one join attempt, counted as a failure until `joinSucceeded`. It is recorded BEFORE the
 * limit is checked, so a burst of parallel guesses cannot all pass the check before any of them is
 * counted: the (max+1)-th concurrent attempt sees max+1 rows and is refused. A refused attempt is
 * deleted again (retrying while locked does not push the unlock time back). Throws 429 with
 * Retry-After when locked; returns the attempt's id otherwise.
 */
export async function startJoinAttempt(userId: string, client: AttemptClient, now = new Date()): Promise<string> {
  const key = joinKey(userId);
  const id = await recordAttempt(key, false, client, now);
  const until = await lockedUntil(key, JOIN_LIMIT.max + 1, { windowMs: JOIN_LIMIT.windowMs, now, client });
  if (!until) return id;
  await client.loginAttempt.deleteMany({ where: { id } });
  throw new HttpError(429, joinLimitMessage(until, now), [{ path: "code", message: `retry after ${until.toISOString()}` }], {
    "retry-after": String(retryAfterSeconds(until, now)),
  });
}

/** The code was right: the attempt no longer counts against the account. */
export async function joinSucceeded(attemptId: string, client: AttemptClient) {
  await client.loginAttempt.updateMany({ where: { id: attemptId }, data: { success: true } });
}
