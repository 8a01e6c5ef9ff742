import { z } from "zod";
import { requireRole } from "@/lib/auth/current-user";
import { revokeSessions } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { HttpError, json, methodNotAllowed, route, validationError } from "@/lib/http/api";

export const runtime = "nodejs";

/** Admins only: sign a user out of every device. */
export const POST = route(async (_request, ctx) => {
  await requireRole("admin");
  const parsed = z.string().min(1).max(64).regex(/^[a-z0-9]+$/).safeParse((await ctx.params).id);
  if (!parsed.success) throw validationError(parsed.error, "the user id is not valid");
  const user = await db.user.findUnique({ where: { id: parsed.data } });
  if (!user) throw new HttpError(404, "There is no such user.");
  return json(200, { revoked: await revokeSessions(user.id) });
});
export const GET = methodNotAllowed("POST");
