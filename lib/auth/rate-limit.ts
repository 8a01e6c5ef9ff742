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

async function check(key: string, max: number, now: Date): Promise<Date | undefined> {
  const since = new Date(now.getTime() - LIMITS.windowMs);
  const failures = await db.loginAttempt.findMany({
    where: { key, success: false, createdAt: { gt: since } },
    orderBy: { createdAt: "desc" },
    take: max,
    select: { createdAt: true },
  });
  if (failures.length < max) return undefined;
  // Locked until the oldest of the last `max` failures leaves the window.
  const oldest = failures[failures.length - 1]!.createdAt;
  return new Date(oldest.getTime() + LIMITS.windowMs);
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
