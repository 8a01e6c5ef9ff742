import { getCurrentUser } from "@/lib/auth/current-user";
import { json, readQuery, route } from "@/lib/http/api";
import { courseProgress } from "@/lib/progress/service";
import { CourseQuerySchema } from "@/lib/validations/progress";

export const runtime = "nodejs";

/** The signed-in learner's progress through a course. Guests get `{ signedIn: false }`: nothing is stored for them. */
export const GET = route(async (request) => {
  const { course } = readQuery(request, CourseQuerySchema);
  const user = await getCurrentUser();
  if (!user) return json(200, { signedIn: false });
  return json(200, { signedIn: true, user: { name: user.name }, ...(await courseProgress(user.id, course)) });
});
