import { db } from "@/lib/db";

/** Sign-in limits, counted in the database so they hold across every instance. */
export const LIMITS = {
  windowMs: 15 * 60 * 1000,
  perAccount: 5,
  perAddress: 20,
} as const;

export const accountKey = (email: string) => `email:${email.trim().toLowerCase()}`;
export const addressKey = (ip: string) => `ip:${ip}`;

export interface LimitState {
  limited: boolean;
  retryAt?: Date;
  scope?: "account" | "address";
}

/** The client the counters use (the app's database by default; a test passes its own). */
export type AttemptClient = Pick<typeof db, "loginAttempt">;

/**
 * Reusable by any limit that counts failures in the database (sign-in here, wrong class codes in
 * lib/classes/join-limit.ts): when `key` has at least `max` failures in the last `windowMs`, the
 * moment it unlocks (the oldest of the last `max` failures leaves the window); else undefined.
 */
export async function lockedUntil(
  key: string,
  max: number,
  { windowMs = LIMITS.windowMs, now = new Date(), client = db }: { windowMs?: number; now?: Date; client?: AttemptClient } = {},
): Promise<Date | undefined> {
  const since = new Date(now.getTime() - windowMs);
  const failures = await client.loginAttempt.findMany({
    where: { key, success: false, createdAt: { gt: since } },
    orderBy: { createdAt: "desc" },
    take: max,
    select: { createdAt: true },
  });
  if (failures.length < max) return undefined;
  // Locked until the oldest of the last `max` failures leaves the window.
  const oldest = failures[failures.length - 1]!.createdAt;
  return new Date(oldest.getTime() + windowMs);
}

/** Records one attempt under `key` (any key scheme: "email:", "ip:", "join:"…); returns its id. */
export async function recordAttempt(key: string, success: boolean, client: AttemptClient = db, at = new Date()): Promise<string> {
  const row = await client.loginAttempt.create({ data: { key, success, createdAt: at }, select: { id: true } });
  return row.id;
}

/** Whole seconds until `until` (at least 1): the value of a Retry-After header. */
export function retryAfterSeconds(until: Date, now = new Date()): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}

/**
 * Starts one sign-in attempt. Like the join-code limit (lib/classes/join-limit.ts), the attempt is
 * recorded against the account as a failure BEFORE the limit is checked, so a burst of parallel
 * guesses at one account cannot all pass the check before any of them is counted: the (max+1)-th
 * concurrent attempt sees max+1 rows and is refused. A refused attempt is deleted again (retrying
 * while locked does not push the unlock time back).
 *
 * The address is checked the ordinary way (failures recorded after the password check): a whole
 * class signing in at once from one school network must not be refused for attempts that are only
 * in flight. Call `finishSignIn` with the outcome once the password has been checked.
 */
export async function startSignIn(
  email: string,
  ip: string | null,
  { now = new Date(), client = db }: { now?: Date; client?: AttemptClient } = {},
): Promise<{ limit: LimitState; id: string | null }> {
  const id = await recordAttempt(accountKey(email), false, client, now);
  const account = await lockedUntil(accountKey(email), LIMITS.perAccount + 1, { now, client });
  const address = !account && ip ? await lockedUntil(addressKey(ip), LIMITS.perAddress, { now, client }) : undefined;
  if (!account && !address) return { limit: { limited: false }, id };
  await client.loginAttempt.deleteMany({ where: { id } });
  return { limit: { limited: true, retryAt: account ?? address, scope: account ? "account" : "address" }, id: null };
}

/**
 * The password was checked. A success no longer counts and clears the account's failures; a
 * failure is counted against the address too.
 */
export async function finishSignIn(
  email: string,
  ip: string | null,
  id: string | null,
  success: boolean,
  { now = new Date(), client = db }: { now?: Date; client?: AttemptClient } = {},
) {
  if (!success) {
    if (ip) await recordAttempt(addressKey(ip), false, client, now);
    return;
  }
  if (id) await client.loginAttempt.updateMany({ where: { id }, data: { success: true } });
  await client.loginAttempt.deleteMany({ where: { key: accountKey(email), success: false } });
}

export function limitMessage(state: LimitState, now = new Date()): string {
  const minutes = Math.max(1, Math.ceil(((state.retryAt?.getTime() ?? now.getTime()) - now.getTime()) / 60000));
  const who = state.scope === "address" ? "from this network" : "for this account";
  return `Too many failed sign-in attempts ${who}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
