/**
 * POST /api/jwt/verify: check a lab JWT (HS256 only, lab secret) and say why it is refused.
 * Thin wiring only: the logic lives in lib/sim/api.ts.
 */
import { getLabJwtSecret } from "@/lib/server/secrets";
import { handleJwtVerifyPost, labRoute } from "@/lib/sim/api";

export const runtime = "nodejs";

export const { POST, GET, PUT, PATCH, DELETE, OPTIONS } = labRoute(handleJwtVerifyPost, getLabJwtSecret);
