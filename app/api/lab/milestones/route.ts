import { getCurrentUser } from "@/lib/auth/current-user";
import { json, methodNotAllowed, readJsonBody, route } from "@/lib/http/api";
import { recordLabMilestones } from "@/lib/progress/milestones";
import { MilestoneInputSchema } from "@/lib/validations/lab";

export const runtime = "nodejs";

/**
 * The lab sends its action log; the server replays it and records the milestones it reaches.
 * The browser never says "I reached X": it cannot fake a milestone.
 */
export const POST = route(async (request) => {
  const input = await readJsonBody(request, MilestoneInputSchema, '{"lab": "session-lab", "servers": 3, "actions": [{"type": "login", "user": "alice"}]}', 64 * 1024);
  const user = await getCurrentUser();
  const milestones = await recordLabMilestones(user?.id ?? null, input.lab, input.servers, input.actions);
  return json(200, { milestones, saved: !!user });
});
export const GET = methodNotAllowed("POST");
