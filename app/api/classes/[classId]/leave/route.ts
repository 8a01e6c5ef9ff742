import { requireUser } from "@/lib/auth/current-user";
import { leaveClass } from "@/lib/classes/service";
import { json, methodNotAllowed, route } from "@/lib/http/api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The signed-in learner leaves the class (their progress stays theirs; the instructor no longer sees it). */
export const POST = route(async (_request, ctx) => {
  const user = await requireUser();
  const { classId = "" } = await ctx.params;
  return json(200, await leaveClass(user.id, classId));
});
export const GET = methodNotAllowed("POST");
