import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { HttpError, json, methodNotAllowed, readJsonBody, route } from "@/lib/http/api";
import { SignUpSchema } from "@/lib/validations/account";

export const runtime = "nodejs";

/** Creates a learner account. The browser then signs in through next-auth's credentials flow. */
export const POST = route(async (request) => {
  const input = await readJsonBody(request, SignUpSchema, '{"name": "Ada", "email": "ada@example.com", "password": "at least 10 characters"}');
  const existing = await db.user.findUnique({ where: { email: input.email } });
  if (existing) throw new HttpError(409, "An account with this email already exists: sign in instead.", [{ path: "email", message: "already registered" }]);
  try {
    const user = await db.user.create({ data: { name: input.name, email: input.email, passwordHash: await hashPassword(input.password), role: "learner" } });
    return json(201, { id: user.id, email: user.email, name: user.name });
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") throw new HttpError(409, "An account with this email already exists: sign in instead.");
    throw e;
  }
});
export const GET = methodNotAllowed("POST");
