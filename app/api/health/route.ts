import { json } from "@/lib/http/api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Liveness for load balancers (and the benchmarks' "empty route handler" floor). Touches nothing. */
export function GET() {
  return json(200, { ok: true });
}
