/**
 * OAuth sign-in (GitHub, Google) on a real SQLite file: a new provider account opens a learner
 * account and is recorded; the same provider account signs in as that user again; an existing
 * user is never taken over by a provider account that merely claims the same email.
 */
import type { Account, User } from "next-auth";
import { migratedSqliteFile } from "@/tests/unit/sqlite-file";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const testDb = migratedSqliteFile("oauth");
const file = testDb.file;
process.env.DATABASE_URL = `file:${file}`;
process.env.AUTH_SECRET ??= "x".repeat(48);

type SignIn = (params: { user: User; account: Account | null }) => Promise<boolean | string>;
let signIn: SignIn;
let db: typeof import("@/lib/db").db;

beforeAll(async () => {
  ({ db } = await import("@/lib/db"));
  const { authOptions } = await import("./options");
  signIn = authOptions().callbacks!.signIn as unknown as SignIn;
});
afterAll(async () => {
  await db?.$disconnect();
  testDb.remove();
});

const github = (id: string): Account => ({ provider: "github", providerAccountId: id, type: "oauth" });

describe("OAuth sign-in", () => {
  it("opens a learner account for a new provider account, and signs the same provider account in as that user again", async () => {
    const first: User = { id: "gh-1001", email: "Octo@Example.test", name: "Octo" };
    expect(await signIn({ user: first, account: github("1001") })).toBe(true);
    const created = await db.user.findUniqueOrThrow({ where: { email: "octo@example.test" }, include: { accounts: true } });
    expect(created.role).toBe("learner");
    expect(created.passwordHash).toBeNull();
    expect(created.accounts.map((a) => [a.provider, a.providerAccountId])).toEqual([["github", "1001"]]);
    expect(first.id).toBe(created.id);

    // Later the provider reports another email: the link, not the email, decides who this is.
    const again: User = { id: "gh-1001", email: "renamed@example.test", name: "Octo" };
    expect(await signIn({ user: again, account: github("1001") })).toBe(true);
    expect(again.id).toBe(created.id);
    expect(await db.user.count({ where: { email: "renamed@example.test" } })).toBe(0);
  });

  it("never links a provider account to an existing user by email (no account takeover)", async () => {
    const admin = await db.user.create({ data: { email: "admin@example.test", name: "Admin", role: "admin", passwordHash: "scrypt$..." } });
    const claimant: User = { id: "gh-666", email: "ADMIN@example.test", name: "Not the admin" };
    expect(await signIn({ user: claimant, account: github("666") })).toBe("/signin?error=OAuthAccountNotLinked");
    expect(claimant.id).toBe("gh-666");
    expect(await db.account.count({ where: { userId: admin.id } })).toBe(0);
  });

  it("refuses a provider account without an email, with a reason the sign-in page explains", async () => {
    expect(await signIn({ user: { id: "gh-7" }, account: github("7") })).toBe("/signin?error=OAuthNoEmail");
  });

  it("lets email-and-password sign-ins through (their checks are in authorize)", async () => {
    expect(await signIn({ user: { id: "u1" }, account: { provider: "credentials", providerAccountId: "u1", type: "credentials" } })).toBe(true);
  });
});
