import { json } from "@/lib/http/api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Liveness for load balancers (and the benchmarks' "empty route handler" floor). Names the instance, touches nothing. */
export function GET() {
  return json(200, { ok: true, instance: process.env.LECTERN_INSTANCE ?? null });
}
