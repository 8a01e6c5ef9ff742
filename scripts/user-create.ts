// `npm run user:create -- --email a@b.org --name "Ada" --role instructor [--password ...]`
// Creates (or promotes) an account for production use. Without --password, one is generated
// and printed once. Roles: learner, instructor, admin. Promoting an existing account needs only
// --email and --role (its name and password stay unless given). Works while the server runs.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { z } from "zod";
import { hashPassword } from "../lib/auth/password";
import { db } from "../lib/db";

const USAGE = 'usage: npm run user:create -- --email you@example.org [--name "Your Name"] --role instructor|admin|learner [--password ...]';
const ArgsSchema = z.object({
  email: z.string({ error: "--email is required" }).trim().toLowerCase().email("--email must be an email address"),
  name: z.string().trim().min(1, "--name must not be empty").max(80, "--name must have at most 80 characters").optional(),
  role: z.enum(["learner", "instructor", "admin"], { message: "--role must be learner, instructor or admin" }),
  password: z.string().min(10, "--password must have at least 10 characters").optional(),
});

let values: Record<string, string | undefined>;
try {
  ({ values } = parseArgs({
    options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string", default: "instructor" }, password: { type: "string" } },
  }) as { values: Record<string, string | undefined> });
} catch (e) {
  console.error(`${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}
const parsed = ArgsSchema.safeParse(values);
if (!parsed.success) {
  console.error(`${parsed.error.issues.map((i) => i.message).join("\n")}\n${USAGE}`);
  process.exit(2);
}
const { email, name, role } = parsed.data;

/** The account table, migrating the database first only when it has never been set up. */
async function findUser() {
  try {
    return await db.user.findUnique({ where: { email } });
  } catch (e) {
    if ((e as { code?: string }).code !== "P2021") throw e; // P2021: the table does not exist
    // Prisma's schema engine cannot migrate an SQLite file another connection holds (it fails
    // with a "SocketTimeout" error), so let go of ours first.
    await db.$disconnect();
    const m = spawnSync(process.execPath, ["scripts/db/prisma.mjs", "migrate", "deploy"], { stdio: ["ignore", "ignore", "inherit"] });
    if (m.status !== 0) throw new Error("the database has no tables and `prisma migrate deploy` failed (see above)");
    return db.user.findUnique({ where: { email } });
  }
}

const existing = await findUser();
const password = parsed.data.password ?? randomBytes(12).toString("base64url");
if (existing) {
  await db.user.update({ where: { email }, data: { role, ...(name ? { name } : {}), ...(parsed.data.password ? { passwordHash: await hashPassword(password) } : {}) } });
  console.log(`Updated ${email}: role ${role}${parsed.data.password ? ", new password set" : " (password unchanged)"}.`);
} else {
  if (!name) {
    console.error(`There is no account ${email} yet: give its --name to create it.\n${USAGE}`);
    process.exit(2);
  }
  await db.user.create({ data: { email, name, role, passwordHash: await hashPassword(password) } });
  console.log(`Created ${role} ${email}.`);
  if (!parsed.data.password) console.log(`Password (shown once): ${password}`);
}
await db.$disconnect();
