/**
 * The sign-in limit, on a real SQLite file: per account and per address, counted in the database,
 * holding against a burst of parallel guesses, and saying when to try again.
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { migratedSqliteFile } from "@/tests/unit/sqlite-file";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/prisma/generated/sqlite/client";
import { finishSignIn, LIMITS, limitMessage, startSignIn } from "./rate-limit";

const testDb = migratedSqliteFile("rate-limit");
const file = testDb.file;
let client: PrismaClient;
const t0 = new Date(Date.UTC(2026, 11, 1, 9, 0));
const at = (s: number) => new Date(t0.getTime() + s * 1000);

beforeAll(() => {
  client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}` }) });
});
afterAll(async () => {
  await client?.$disconnect();
  testDb.remove();
});

/** One wrong-password attempt; returns whether it was refused by the limit. */
async function wrongPassword(email: string, ip: string | null, now: Date) {
  const { limit, id } = await startSignIn(email, ip, { now, client });
  if (!limit.limited) await finishSignIn(email, ip, id, false, { now, client });
  return limit;
}

describe("sign-in limit", () => {
  it(`locks an account after ${LIMITS.perAccount} failures, says when to try again, and unlocks when the window passes`, async () => {
    const email = "ada@example.test";
    for (let i = 0; i < LIMITS.perAccount; i++) expect((await wrongPassword(email, null, at(i))).limited).toBe(false);
    const locked = await wrongPassword(email, null, at(60));
    expect(locked).toMatchObject({ limited: true, scope: "account" });
    // The first failure (t0) leaves the 15-minute window at t0 + 15 min.
    expect(locked.retryAt).toEqual(new Date(t0.getTime() + LIMITS.windowMs));
    expect(limitMessage(locked, at(60))).toBe("Too many failed sign-in attempts for this account. Try again in 14 minutes.");
    // Refused attempts are not counted: trying while locked does not push the unlock time back.
    expect((await wrongPassword(email, null, at(120))).retryAt).toEqual(locked.retryAt);
    expect((await wrongPassword(email, null, new Date(t0.getTime() + LIMITS.windowMs + 1000))).limited).toBe(false);
  });

  it("holds against a burst of parallel guesses: no more than the limit get through", async () => {
    const email = "burst@example.test";
    const results = await Promise.all(Array.from({ length: 20 }, () => startSignIn(email, null, { now: at(0), client })));
    // Each attempt is counted before it is checked, so a burst fails closed: at most the limit pass
    // (with every attempt recorded before any check, none may), and none of the refused ones stay.
    expect(results.filter((r) => !r.limit.limited).length).toBeLessThanOrEqual(LIMITS.perAccount);
    const counted = await client.loginAttempt.count({ where: { key: "email:burst@example.test" } });
    expect(counted).toBe(results.filter((r) => !r.limit.limited).length);
  });

  it(`limits one address to ${LIMITS.perAddress} failures across accounts, with a message about the network`, async () => {
    const ip = "203.0.113.7";
    for (let i = 0; i < LIMITS.perAddress; i++) expect((await wrongPassword(`user${i}@example.test`, ip, at(i))).limited).toBe(false);
    const locked = await wrongPassword("another@example.test", ip, at(30));
    expect(locked).toMatchObject({ limited: true, scope: "address" });
    expect(limitMessage(locked, at(30))).toMatch(/^Too many failed sign-in attempts from this network\. Try again in 15 minutes\.$/);
    // Another address is not affected.
    expect((await wrongPassword("another@example.test", "198.51.100.1", at(30))).limited).toBe(false);
  });

  it("a whole class signing in at once from one network is not refused for attempts in flight", async () => {
    const ip = "192.0.2.50";
    const results = await Promise.all(Array.from({ length: 3 * LIMITS.perAddress }, (_, i) => startSignIn(`pupil${i}@example.test`, ip, { now: at(0), client })));
    expect(results.filter((r) => r.limit.limited)).toHaveLength(0);
    await Promise.all(results.map((r, i) => finishSignIn(`pupil${i}@example.test`, ip, r.id, true, { now: at(0), client })));
    expect(await client.loginAttempt.count({ where: { key: `ip:${ip}` } })).toBe(0);
  });

  it("a right password clears the account's failures", async () => {
    const email = "grace@example.test";
    for (let i = 0; i < LIMITS.perAccount - 1; i++) await wrongPassword(email, null, at(i));
    const { id } = await startSignIn(email, null, { now: at(10), client });
    await finishSignIn(email, null, id, true, { now: at(10), client });
    for (let i = 0; i < LIMITS.perAccount; i++) expect((await wrongPassword(email, null, at(20 + i))).limited).toBe(false);
  });
});
