import { requireUser } from "@/lib/auth/current-user";
import { revokeSessions } from "@/lib/auth/sessions";
import { json, methodNotAllowed, route } from "@/lib/http/api";

export const runtime = "nodejs";

/** Revokes every session of the signed-in user, this one included; each browser is signed out on its next request. */
export const POST = route(async () => {
  const user = await requireUser();
  const revoked = await revokeSessions(user.id);
  return json(200, { revoked });
});
export const GET = methodNotAllowed("POST");
