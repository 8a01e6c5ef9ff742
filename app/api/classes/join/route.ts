import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { joinClass } from "@/lib/classes/service";
import { json, methodNotAllowed, readJsonBody, route } from "@/lib/http/api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const JoinSchema = z.object({ code: z.string().trim().min(1, "enter the class code").max(32, "a class code is 8 characters") }).strict();

/** Joins the class with this code (idempotent: joining twice is fine). */
export const POST = route(async (request) => {
  const user = await requireUser();
  const { code } = await readJsonBody(request, JoinSchema, '{"code": "K7QX3MPA"}', 1024);
  return json(200, { class: await joinClass(user.id, code) });
});
export const GET = methodNotAllowed("POST");
