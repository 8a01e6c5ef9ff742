/**
 * Joining with a code (wrong codes limited per account, counted in the database) and an
 * instructor removing a learner (membership only; access: the class's instructor or an admin).
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { migratedSqliteFile } from "@/tests/unit/sqlite-file";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockedUntil, recordAttempt, retryAfterSeconds } from "@/lib/auth/rate-limit";
import { HttpError } from "@/lib/http/api";
import { PrismaClient } from "@/prisma/generated/sqlite/client";
import { JOIN_LIMIT, joinKey } from "./join-limit";
import { createClass, joinClass, removeLearner } from "./service";

const testDb = migratedSqliteFile("membership");
const file = testDb.file;
let client: PrismaClient;
const owner = { id: "owner-1", role: "instructor" as const };
const other = { id: "owner-2", role: "instructor" as const };
const admin = { id: "admin-1", role: "admin" as const };
const learner = { id: "learner-1", role: "learner" as const };

beforeAll(async () => {
  client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}` }) });
  for (const u of [owner, other, admin, learner, { id: "learner-2", role: "learner" }, { id: "guesser", role: "learner" }])
    await client.user.create({ data: { id: u.id, email: `${u.id}@example.test`, name: u.id, role: u.role } });
});
afterAll(async () => {
  await client?.$disconnect();
  testDb.remove();
});

async function rejection(p: Promise<unknown>): Promise<HttpError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HttpError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("joining with a code", () => {
  it(`locks an account out after ${JOIN_LIMIT.max} wrong codes, with a 429 that says when to retry`, async () => {
    const klass = await createClass(owner, { name: "Limits", course: "scaling-web-apps" }, client);
    const t0 = new Date(Date.UTC(2026, 11, 1, 10, 0));
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    for (let i = 0; i < JOIN_LIMIT.max; i++) {
      const e = await rejection(joinClass("guesser", `WRONG${i}XX`, client, at(i * 10)));
      expect(e.status).toBe(404);
    }
    // Locked now, even with the right code (a hit must not be distinguishable while locked).
    const now = at(120);
    const locked = await rejection(joinClass("guesser", klass.joinCode, client, now));
    expect(locked.status).toBe(429);
    // Unlocks when the first failure (t0) leaves the 15-minute window.
    const unlock = new Date(t0.getTime() + JOIN_LIMIT.windowMs);
    expect(locked.headers["retry-after"]).toBe(String((unlock.getTime() - now.getTime()) / 1000));
    expect(locked.message).toMatch(/Too many wrong class codes.*Try again in 13 minutes/);
    expect(locked.issues[0]).toEqual({ path: "code", message: `retry after ${unlock.toISOString()}` });
    // Refused attempts while locked are not counted: the lock does not extend itself.
    expect(await client.loginAttempt.count({ where: { key: joinKey("guesser") } })).toBe(JOIN_LIMIT.max);
    // Another account is not affected.
    await expect(joinClass("learner-2", klass.joinCode, client, now)).resolves.toMatchObject({ id: klass.id });
    // After the window, the right code works; success does not wipe the count of recent failures.
    await expect(joinClass("guesser", klass.joinCode, client, at(JOIN_LIMIT.windowMs / 1000 + 1))).resolves.toMatchObject({ id: klass.id });
    expect(await client.loginAttempt.count({ where: { key: joinKey("guesser"), success: false } })).toBe(JOIN_LIMIT.max);
    // One more wrong code within the window of the 2nd..10th failures locks again.
    await rejection(joinClass("guesser", "WRONGAGN", client, at(JOIN_LIMIT.windowMs / 1000 + 2)));
    expect((await rejection(joinClass("guesser", klass.joinCode, client, at(JOIN_LIMIT.windowMs / 1000 + 3)))).status).toBe(429);
  });

  it("a burst of parallel wrong codes cannot pass the check before being counted", async () => {
    const now = new Date(Date.UTC(2026, 11, 3, 10, 0));
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => joinClass("parallel-guesser", `PARALL${i}Z`, client, now)));
    const statuses = results.map((r) => (r.status === "rejected" && r.reason instanceof HttpError ? r.reason.status : 0));
    console.log(`[join-burst] 404: ${statuses.filter((s) => s === 404).length}, 429: ${statuses.filter((s) => s === 429).length}`);
    expect(statuses.filter((s) => s === 404).length).toBeLessThanOrEqual(JOIN_LIMIT.max);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(30 - JOIN_LIMIT.max);
    expect(statuses.every((s) => s === 404 || s === 429)).toBe(true);
    expect(await client.loginAttempt.count({ where: { key: joinKey("parallel-guesser"), success: false } })).toBeLessThanOrEqual(JOIN_LIMIT.max);
  });

  it("the shared helpers count only failures under their own key, within the window", async () => {
    const now = new Date(Date.UTC(2026, 11, 2, 10, 0));
    for (let i = 0; i < 3; i++) await recordAttempt("test:a", false, client, new Date(now.getTime() - i * 1000));
    await recordAttempt("test:a", true, client, now);
    await recordAttempt("test:b", false, client, now);
    expect(await lockedUntil("test:a", 3, { windowMs: 60_000, now, client })).toEqual(new Date(now.getTime() - 2000 + 60_000));
    expect(await lockedUntil("test:a", 4, { windowMs: 60_000, now, client })).toBeUndefined();
    expect(await lockedUntil("test:a", 3, { windowMs: 1500, now, client })).toBeUndefined();
    expect(retryAfterSeconds(new Date(now.getTime() + 1), now)).toBe(1);
    expect(retryAfterSeconds(new Date(now.getTime() - 5000), now)).toBe(1);
    expect(retryAfterSeconds(new Date(now.getTime() + 90_500), now)).toBe(91);
  });
});

describe("removing a learner", () => {
  it("only the class's instructor or an admin; the membership goes, the progress stays", async () => {
    const klass = await createClass(owner, { name: "Removal", course: "scaling-web-apps" }, client);
    await joinClass("learner-1", klass.joinCode, client);
    await joinClass("learner-2", klass.joinCode, client);
    await client.chapterProgress.create({ data: { userId: "learner-1", course: "scaling-web-apps", module: "m", chapter: "c" } });

    expect((await rejection(removeLearner(other, klass.id, "learner-1", client))).status).toBe(404);
    expect((await rejection(removeLearner(learner, klass.id, "learner-2", client))).status).toBe(404);
    expect((await rejection(removeLearner(null, klass.id, "learner-1", client))).status).toBe(404);
    expect((await rejection(removeLearner(owner, "no-such-class", "learner-1", client))).status).toBe(404);
    expect(await client.enrollment.count({ where: { classId: klass.id } })).toBe(2);

    await expect(removeLearner(owner, klass.id, "learner-1", client)).resolves.toEqual({ removed: true });
    expect(await client.enrollment.findMany({ where: { classId: klass.id }, select: { userId: true } })).toEqual([{ userId: "learner-2" }]);
    expect(await client.chapterProgress.count({ where: { userId: "learner-1" } })).toBe(1);
    // Twice, or someone not in the class: 404.
    expect((await rejection(removeLearner(owner, klass.id, "learner-1", client))).status).toBe(404);
    expect((await rejection(removeLearner(owner, klass.id, "x".repeat(65), client))).status).toBe(404);

    await expect(removeLearner(admin, klass.id, "learner-2", client)).resolves.toEqual({ removed: true });
    expect(await client.enrollment.count({ where: { classId: klass.id } })).toBe(0);
  });
});
