// `DATABASE_URL=file:./data/bench.db npx tsx scripts/seed-bench-class.ts [--learners 1000]`
// Benchmark data, not the demo: a class of N learners (default 1,000) with chapters, lab
// milestones and quiz answers, owned by bench-instructor@example.test / bench-password-1.
// Each run adds a new class. Writes with createMany in batches (seconds, not minutes).
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";

process.env.DATABASE_URL ||= "file:./data/bench.db";
const { values } = parseArgs({ options: { learners: { type: "string", default: "1000" } } });
const learners = Number(values.learners);
if (!Number.isInteger(learners) || learners < 1 || learners > 20_000) {
  console.error("--learners must be a whole number from 1 to 20000");
  process.exit(2);
}
const migrate = spawnSync(process.execPath, ["scripts/db/prisma.mjs", "migrate", "deploy"], { stdio: "pipe", encoding: "utf8", env: process.env });
if (migrate.status !== 0) {
  console.error(migrate.stdout, migrate.stderr);
  process.exit(1);
}

const { db } = await import("../lib/db");
const { hashPassword } = await import("../lib/auth/password");
const { courseShape } = await import("../lib/classes/course");
const { seedClass } = await import("../lib/classes/seed");

const email = "bench-instructor@example.test";
const password = "bench-password-1";
const owner =
  (await db.user.findUnique({ where: { email } })) ??
  (await db.user.create({ data: { email, name: "Bench Instructor", role: "instructor", passwordHash: await hashPassword(password) } }));
const course = courseShape("scaling-web-apps");
if (!course) throw new Error("course scaling-web-apps not found");
const started = performance.now();
const { klass, counts } = await seedClass(db, { ownerId: owner.id, course, learners, name: `Bench class (${learners} learners)` });
console.log(`Seeded class ${klass.id} (join code ${klass.joinCode}) in ${Math.round(performance.now() - started)} ms:`, counts);
console.log(`Sign in as ${email} / ${password}; database ${process.env.DATABASE_URL}`);
console.log(`CLASS_ID=${klass.id}`);
await db.$disconnect();
