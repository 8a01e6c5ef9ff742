/**
 * POST /api/sim: replay a session-strategy scenario and return its trace.
 * Thin wiring only: the logic (validation, limits, engine) lives in lib/sim/api.ts.
 */
import { getLabJwtSecret } from "@/lib/server/secrets";
import { handleSimPost, labRoute } from "@/lib/sim/api";

export const runtime = "nodejs";

export const { POST, GET, PUT, PATCH, DELETE, OPTIONS } = labRoute(handleSimPost, getLabJwtSecret);
