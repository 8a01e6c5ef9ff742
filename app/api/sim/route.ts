/**
 * POST /api/sim: replay a session-strategy scenario and return its trace.
 * Thin wiring only: the logic (validation, limits, engine) lives in lib/sim/api.ts.
 */
import { getLabJwtSecret } from "@/lib/server/secrets";
import { handleSimPost, methodNotAllowed, options } from "@/lib/sim/api";

export const runtime = "nodejs";

export function POST(request: Request): Promise<Response> {
  return handleSimPost(request, { getSecret: getLabJwtSecret });
}

export function GET(request: Request): Response {
  return methodNotAllowed(request);
}

export function PUT(request: Request): Response {
  return methodNotAllowed(request);
}

export function PATCH(request: Request): Response {
  return methodNotAllowed(request);
}

export function DELETE(request: Request): Response {
  return methodNotAllowed(request);
}

export function OPTIONS(): Response {
  return options();
}
