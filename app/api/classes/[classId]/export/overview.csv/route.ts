import { requireRole } from "@/lib/auth/current-user";
import { overviewCsv } from "@/lib/classes/exports";
import { loadOverviewExport } from "@/lib/classes/service";
import { csvResponse } from "@/lib/classes/csv";
import { methodNotAllowed, route } from "@/lib/http/api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The class overview, one row per learner (instructor of the class, or an admin; anyone else: 401/403/404). */
export const GET = route(async (_request, ctx) => {
  const user = await requireRole("instructor", "admin");
  const { classId = "" } = await ctx.params;
  const data = await loadOverviewExport(user, classId);
  return csvResponse(`${data.klass.name}-overview.csv`, overviewCsv(data.course, data.rows));
});
export const POST = methodNotAllowed("GET");
