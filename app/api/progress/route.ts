import { getCurrentUser } from "@/lib/auth/current-user";
import { findCourse } from "@/lib/content/load";
import { HttpError, json, readQuery, route } from "@/lib/http/api";
import { courseProgress } from "@/lib/progress/service";
import { CourseQuerySchema } from "@/lib/validations/progress";

export const runtime = "nodejs";

/** The signed-in learner's progress through a course. Guests get `{ signedIn: false }`: nothing is stored for them. */
export const GET = route(async (request) => {
  const { course } = readQuery(request, CourseQuerySchema);
  // Unknown courses are 404 for everyone, guests included.
  if (!findCourse(course)) throw new HttpError(404, `There is no course "${course}".`, [{ path: "course", message: "unknown course" }]);
  const user = await getCurrentUser();
  if (!user) return json(200, { signedIn: false });
  return json(200, { signedIn: true, user: { name: user.name }, ...(await courseProgress(user.id, course)) });
});
