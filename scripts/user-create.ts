// `npm run user:create -- --email a@b.org --name "Ada" --role instructor [--password ...]`
// Creates (or promotes) an account for production use. Without --password, one is generated
// and printed once. Roles: learner, instructor, admin.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { z } from "zod";
import { hashPassword } from "../lib/auth/password";
import { db } from "../lib/db";

const ArgsSchema = z.object({
  email: z.string().trim().toLowerCase().email("--email must be an email address"),
  name: z.string().trim().min(1, "--name is required").max(80),
  role: z.enum(["learner", "instructor", "admin"], { message: "--role must be learner, instructor or admin" }),
  password: z.string().min(10, "--password must have at least 10 characters").optional(),
});

const { values } = parseArgs({
  options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string", default: "instructor" }, password: { type: "string" } },
});
const parsed = ArgsSchema.safeParse(values);
if (!parsed.success) {
  console.error(parsed.error.issues.map((i) => i.message).join("\n"));
  console.error('usage: npm run user:create -- --email you@example.org --name "Your Name" --role instructor|admin|learner [--password ...]');
  process.exit(2);
}
const { email, name, role } = parsed.data;
const password = parsed.data.password ?? randomBytes(12).toString("base64url");
const existing = await db.user.findUnique({ where: { email } });
if (existing) {
  await db.user.update({ where: { email }, data: { role, name, ...(parsed.data.password ? { passwordHash: await hashPassword(password) } : {}) } });
  console.log(`Updated ${email}: role ${role}${parsed.data.password ? ", new password set" : " (password unchanged)"}.`);
} else {
  await db.user.create({ data: { email, name, role, passwordHash: await hashPassword(password) } });
  console.log(`Created ${role} ${email}.`);
  if (!parsed.data.password) console.log(`Password (shown once): ${password}`);
}
await db.$disconnect();
