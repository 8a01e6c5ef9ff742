import { requireUser } from "@/lib/auth/current-user";
import { json, route } from "@/lib/http/api";

export const runtime = "nodejs";

/** The signed-in user's own account (401 for guests). */
export const GET = route(async () => {
  const user = await requireUser();
  return json(200, { id: user.id, email: user.email, name: user.name, role: user.role });
});
