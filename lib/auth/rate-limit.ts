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

function check(key: string, max: number, now: Date): Promise<Date | undefined> {
  return lockedUntil(key, max, { now });
}

export async function signInLimit(email: string, ip: string | null, now = new Date()): Promise<LimitState> {
  const account = await check(accountKey(email), LIMITS.perAccount, now);
  if (account) return { limited: true, retryAt: account, scope: "account" };
  const address = ip ? await check(addressKey(ip), LIMITS.perAddress, now) : undefined;
  if (address) return { limited: true, retryAt: address, scope: "address" };
  return { limited: false };
}

export async function recordSignIn(email: string, ip: string | null, success: boolean) {
  await db.loginAttempt.createMany({
    data: [{ key: accountKey(email), success }, ...(ip ? [{ key: addressKey(ip), success }] : [])],
  });
  if (success) await db.loginAttempt.deleteMany({ where: { key: accountKey(email), success: false } });
}

export function limitMessage(state: LimitState, now = new Date()): string {
  const minutes = Math.max(1, Math.ceil(((state.retryAt?.getTime() ?? now.getTime()) - now.getTime()) / 60000));
  const who = state.scope === "address" ? "from this network" : "for this account";
  return `Too many failed sign-in attempts ${who}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
