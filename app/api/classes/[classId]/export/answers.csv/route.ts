import { requireRole } from "@/lib/auth/current-user";
import { answersCsv } from "@/lib/classes/exports";
import { loadAnswersExport } from "@/lib/classes/service";
import { csvResponse } from "@/lib/classes/csv";
import { methodNotAllowed, route } from "@/lib/http/api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Every quiz answer the class's learners gave, raw (instructor of the class, or an admin). */
export const GET = route(async (_request, ctx) => {
  const user = await requireRole("instructor", "admin");
  const { classId = "" } = await ctx.params;
  const data = await loadAnswersExport(user, classId);
  return csvResponse(`${data.klass.name}-answers.csv`, answersCsv(data.course, data.answers));
});
export const POST = methodNotAllowed("GET");
