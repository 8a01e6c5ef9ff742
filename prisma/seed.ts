// Demo data for local use: a demo learner and a demo instructor. Idempotent.
// Never run against production (the accounts have published passwords).
import { hashPassword } from "../lib/auth/password";
import { db } from "../lib/db";

export const DEMO_USERS = [
  { email: "learner@example.com", name: "Demo Learner", role: "learner", password: "learn-lectern-1" },
  { email: "instructor@example.com", name: "Demo Instructor", role: "instructor", password: "teach-lectern-1" },
] as const;

async function main() {
  if (process.env.NODE_ENV === "production" && process.env.LECTERN_SEED_DEMO !== "1") {
    console.log("Skipping demo accounts in production (set LECTERN_SEED_DEMO=1 to create them).");
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
