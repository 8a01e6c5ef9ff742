import { requireRole } from "@/lib/auth/current-user";
import { removeLearner } from "@/lib/classes/service";
import { json, methodNotAllowed, route } from "@/lib/http/api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Removes a learner from the class (its instructor, or an admin; another instructor: 404, a
 * learner: 403, signed out: 401). Only the membership is deleted, never the learner's progress.
 */
export const DELETE = route(async (_request, ctx) => {
  const user = await requireRole("instructor", "admin");
  const { classId = "", userId = "" } = await ctx.params;
  return json(200, await removeLearner(user, classId, userId));
});
export const GET = methodNotAllowed("DELETE");
