import { requireUser } from "@/lib/auth/current-user";
import { json, methodNotAllowed, readJsonBody, route } from "@/lib/http/api";
import { resetModule } from "@/lib/progress/service";
import { ModuleRefSchema } from "@/lib/validations/progress";

export const runtime = "nodejs";

export const POST = route(async (request) => {
  const user = await requireUser();
  const { course, module } = await readJsonBody(request, ModuleRefSchema, '{"course": "...", "module": "..."}');
  return json(200, await resetModule(user.id, course, module));
});
export const GET = methodNotAllowed("POST");
