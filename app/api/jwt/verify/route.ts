/**
 * POST /api/jwt/verify: check a lab JWT (HS256 only, lab secret) and say why it is refused.
 * Thin wiring only: the logic lives in lib/sim/api.ts.
 */
import { getLabJwtSecret } from "@/lib/server/secrets";
import { handleJwtVerifyPost, methodNotAllowed, options } from "@/lib/sim/api";

export const runtime = "nodejs";

export function POST(request: Request): Promise<Response> {
  return handleJwtVerifyPost(request, { getSecret: getLabJwtSecret });
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
