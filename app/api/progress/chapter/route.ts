import { requireUser } from "@/lib/auth/current-user";
import { json, methodNotAllowed, readJsonBody, route } from "@/lib/http/api";
import { recordChapter } from "@/lib/progress/service";
import { ChapterEventSchema } from "@/lib/validations/progress";

export const runtime = "nodejs";

/** Records "visited", "completed" or "uncompleted" for a chapter. Idempotent: the same call twice changes nothing more. */
export const POST = route(async (request) => {
  const user = await requireUser();
  const { event, ...ref } = await readJsonBody(request, ChapterEventSchema, '{"course": "...", "module": "...", "chapter": "...", "event": "completed"}');
  const row = await recordChapter(user.id, ref, event);
  return json(200, { ...ref, visited: true, completed: !!row.completedAt });
});
export const GET = methodNotAllowed("POST");
