// Demo data for local use: a demo learner and a demo instructor. Idempotent.
// Never run against production (the accounts have published passwords).
import { hashPassword } from "../lib/auth/password";
import { db } from "../lib/db";

export const DEMO_USERS = [
  { email: "learner@example.com", name: "Demo Learner", role: "learner", password: "learn-lectern-1" },
  { email: "instructor@example.com", name: "Demo Instructor", role: "instructor", password: "teach-lectern-1" },
] as const;

/**
 * Demo accounts only for a local run: `npm start`, `npm run dev` and `npm run cluster` without
 * LECTERN_ENV=production (they set LECTERN_LOCAL=1), or a development process. A deployment
 * (LECTERN_ENV=production, or NODE_ENV=production without LECTERN_LOCAL) gets none: their
 * passwords are published. LECTERN_SEED_DEMO=1 forces them (benchmarks on a production build).
 */
function seedsDemo(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.LECTERN_SEED_DEMO === "1") return true;
  if (env.LECTERN_ENV === "production") return false;
  return env.LECTERN_LOCAL === "1" || env.NODE_ENV !== "production";
}

async function main() {
  if (!seedsDemo()) {
    console.log("Skipping demo accounts: this is a production setup (they have published passwords).");
    return;
  }
  const created: string[] = [];
  for (const u of DEMO_USERS) {
    const existing = await db.user.findUnique({ where: { email: u.email } });
    if (existing) continue;
    await db.user.create({ data: { email: u.email, name: u.name, role: u.role, passwordHash: await hashPassword(u.password) } });
    created.push(u.email);
  }
  if (created.length) {
    console.log("Demo accounts (local use only):");
    for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(10)} ${u.email}  password: ${u.password}`);
  }
}

main()
  .catch((e) => {
    console.error(e);
    process.exit(1);
  })
  .finally(() => db.$disconnect());
